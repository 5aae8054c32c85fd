package dev.tarsier.core.internal.walk;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The uncompressed content of one layer blob, read once: decompresses by magic bytes
 * ({@link Compression#detect}), counts what comes out and stops a layer that inflates past any sane
 * ratio. A layer is a stream of tar records; real layers compress 2 to 20 times, a file of zeros
 * about 1000 times with gzip and without bound with zstd. Past {@value #RATIO_FLOOR} uncompressed
 * bytes, a layer whose content is more than {@value #MAX_RATIO} times the compressed bytes read so
 * far is stopped: without the cap a few megabytes of zstd keep the walk busy for hours. A zstd
 * frame asking for a window beyond {@link ZstdFrameGuard#MAX_WINDOW} is refused before the decoder
 * allocates it.
 */
final class LayerInput extends InputStream {

    /** Largest uncompressed/compressed ratio of a layer once past {@link #RATIO_FLOOR}. */
    static final long MAX_RATIO = 250;
    /** Uncompressed bytes of a layer below which its ratio is not checked (1 GiB). */
    static final long RATIO_FLOOR = 1L << 30;

    private final Compression compression;
    private final InputStream content;
    private final GzipMembers gzip;
    private final LongSupplier compressedBytes;
    private final long ratioFloor;
    private long uncompressed;

    /**
     * @param raw the blob as stored
     * @param compressedBytes how many bytes of the blob were read so far
     * @param ratioFloor {@link #RATIO_FLOOR}, smaller in tests
     */
    LayerInput(InputStream raw, LongSupplier compressedBytes, long ratioFloor) throws IOException {
        InputStream buffered = raw instanceof BufferedInputStream ? raw : new BufferedInputStream(raw, Compression.BUFFER);
        this.compression = Compression.detect(buffered);
        this.compressedBytes = compressedBytes;
        this.ratioFloor = ratioFloor;
        this.gzip = compression == Compression.GZIP ? new GzipMembers(buffered, Compression.BUFFER) : null;
        this.content = switch (compression) {
            case GZIP -> new BufferedInputStream(gzip, Compression.BUFFER);
            case ZSTD -> new BufferedInputStream(Compression.zstd(buffered), Compression.BUFFER);
            case NONE -> buffered;
        };
    }

    Compression compression() {
        return compression;
    }

    /** Uncompressed bytes read so far. */
    long uncompressedBytes() {
        return uncompressed;
    }

    /**
     * What followed the compressed content, once it was read to its end: a warning about bytes that
     * are not another gzip member, or empty. Zero padding is ignored as GNU gzip does.
     */
    Optional<String> trailingData() {
        if (gzip == null || gzip.trailingBytes() == 0 || !gzip.trailingNonZero()) {
            return Optional.empty();
        }
        return Optional.of("gzip stream of " + gzip.members() + (gzip.members() == 1 ? " member" : " members")
                + " is followed by " + gzip.trailingBytes()
                + " bytes that are not a gzip member (trailing garbage); ignored");
    }

    @Override
    public int read() throws IOException {
        int b = content.read();
        if (b >= 0) {
            count(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = content.read(b, off, len);
        if (n > 0) {
            count(n);
        }
        return n;
    }

    @Override
    public int available() throws IOException {
        return content.available();
    }

    @Override
    public void close() throws IOException {
        content.close();
    }

    private void count(int n) throws LayerLimitException {
        uncompressed += n;
        if (compression != Compression.NONE && uncompressed > ratioFloor) {
            long compressed = Math.max(1, compressedBytes.getAsLong());
            if (uncompressed / compressed > MAX_RATIO) {
                throw new LayerLimitException("layer inflates more than " + MAX_RATIO + " times its compressed size ("
                        + uncompressed + " bytes from " + compressed + "; " + compression.name().toLowerCase(java.util.Locale.ROOT)
                        + " bomb?); the rest of the layer was not read");
            }
        }
    }
}
