package dev.tarsier.core.internal.walk;

import io.airlift.compress.zstd.ZstdInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Layer compression, detected from magic bytes, never from names or media types (Docker 25+
 * archives and some registries label compressed blobs inconsistently).
 */
public enum Compression {
    /** RFC 1952 magic {@code 1f 8b}. */
    GZIP,
    /** RFC 8878 frame magic {@code 28 b5 2f fd}. */
    ZSTD,
    /** Anything else is read as a plain tar stream. */
    NONE;

    static final int BUFFER = 1 << 16;

    /** Detects the compression of a stream that supports mark/reset, without consuming it. */
    public static Compression detect(InputStream in) throws IOException {
        in.mark(4);
        byte[] magic = in.readNBytes(4);
        in.reset();
        if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
            return GZIP;
        }
        if (magic.length == 4 && (magic[0] & 0xff) == 0x28 && (magic[1] & 0xff) == 0xb5
                && (magic[2] & 0xff) == 0x2f && (magic[3] & 0xff) == 0xfd) {
            return ZSTD;
        }
        return NONE;
    }

    /**
     * Returns a buffered stream of the decompressed content of {@code raw}, whatever its
     * compression.
     */
    public static InputStream decompress(InputStream raw) throws IOException {
        InputStream buffered = raw instanceof BufferedInputStream ? raw : new BufferedInputStream(raw, BUFFER);
        return switch (detect(buffered)) {
            case GZIP -> new BufferedInputStream(new GzipMembers(buffered, BUFFER), BUFFER);
            case ZSTD -> new BufferedInputStream(new ZstdInputStream(buffered), BUFFER);
            case NONE -> buffered;
        };
    }
}
