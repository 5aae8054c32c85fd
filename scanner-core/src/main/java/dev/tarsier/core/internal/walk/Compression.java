package dev.tarsier.core.internal.walk;

import io.airlift.compress.zstd.ZstdInputStream;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
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
            case ZSTD -> new BufferedInputStream(zstd(buffered), BUFFER);
            case NONE -> buffered;
        };
    }

    /**
     * Reports what a decoder throws on corrupt input as the {@link IOException} it is: aircompressor's
     * zstd decoder indexes its tables with values read from the stream and can fail with an
     * unchecked exception (an {@code ArrayIndexOutOfBoundsException} on a damaged frame, found by
     * fuzzing), which would read as a bug in the walker rather than a corrupt layer.
     */
    /**
     * A zstd decoder over {@code compressed}: frames asking for a window beyond
     * {@link ZstdFrameGuard#MAX_WINDOW} are refused before the decoder allocates it, and the
     * decoder's own failures on damaged frames are an {@link IOException}.
     */
    static InputStream zstd(InputStream compressed) {
        return new DecoderFaults(new ZstdInputStream(new ZstdFrameGuard(compressed, ZstdFrameGuard.MAX_WINDOW)), "zstd");
    }

    private static final class DecoderFaults extends FilterInputStream {
        private final String format;

        DecoderFaults(InputStream in, String format) {
            super(in);
            this.format = format;
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (RuntimeException e) {
                throw corrupt(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return in.read(b, off, len);
            } catch (RuntimeException e) {
                throw corrupt(e);
            }
        }

        @Override
        public long skip(long n) throws IOException {
            try {
                return in.skip(n);
            } catch (RuntimeException e) {
                throw corrupt(e);
            }
        }

        private IOException corrupt(RuntimeException e) {
            return new IOException("corrupt " + format + " stream (the decoder failed: " + e.getMessage() + ")", e);
        }
    }
}
