package dev.tarsier.testkit;

import io.airlift.compress.zstd.ZstdOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.zip.GZIPOutputStream;

/**
 * How a layer blob (or a whole archive) is compressed, with the OCI layer media type that
 * announces it (image-spec layer.md, "Media Types" / media-types.md).
 */
public enum Compression {
    /** Plain tar: {@code application/vnd.oci.image.layer.v1.tar}. */
    NONE("application/vnd.oci.image.layer.v1.tar"),
    /** RFC 1952 gzip: {@code application/vnd.oci.image.layer.v1.tar+gzip}. */
    GZIP("application/vnd.oci.image.layer.v1.tar+gzip"),
    /** RFC 8878 Zstandard frames: {@code application/vnd.oci.image.layer.v1.tar+zstd}. */
    ZSTD("application/vnd.oci.image.layer.v1.tar+zstd");

    private final String layerMediaType;

    Compression(String layerMediaType) {
        this.layerMediaType = layerMediaType;
    }

    /** The OCI layer media type for a tar compressed this way; never null. */
    public String layerMediaType() {
        return layerMediaType;
    }

    /** Compresses the bytes; deterministic (the gzip header carries no timestamp or name). */
    public byte[] compress(byte[] data) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(data.length / 2 + 64);
        try (OutputStream out = wrap(buffer)) {
            out.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    /**
     * Wraps a stream so that what is written to the result is compressed into {@code out}.
     * Closing the result finishes the compressed stream and closes {@code out}.
     *
     * @throws IOException if the compressor cannot write its header to {@code out}
     */
    public OutputStream wrap(OutputStream out) throws IOException {
        return switch (this) {
            case NONE -> out;
            // GZIPOutputStream writes MTIME 0 and no file name, so output is reproducible.
            case GZIP -> new GZIPOutputStream(out, 8192);
            case ZSTD -> new ZstdOutputStream(out);
        };
    }
}
