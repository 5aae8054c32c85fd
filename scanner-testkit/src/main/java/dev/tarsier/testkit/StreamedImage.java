package dev.tarsier.testkit;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Writes an OCI image layout directory whose layers are generated as streams straight into their
 * blob files: for images too large to hold in memory (a layer of millions of entries, a
 * decompression bomb, a header of tens of megabytes), which {@link ImageBuilder} would build as
 * byte arrays. Each layer is written by a {@link Content} callback that gets the stream of the
 * uncompressed tar (or, for {@link #rawLayer}, of the blob itself); digests and sizes are
 * computed while writing.
 *
 * <pre>{@code
 * new StreamedImage()
 *     .layer(Compression.GZIP, out -> out.write(new LayerBuilder().file("a", "1").bytes()), new byte[] {1, 2})
 *     .writeOciLayout(dir);
 * }</pre>
 *
 * @since 0.4
 */
public final class StreamedImage {

    /** Writes content to a stream (not closing it). */
    @FunctionalInterface
    public interface Content {
        /**
         * @param out where to write
         * @throws IOException when writing fails
         */
        void write(OutputStream out) throws IOException;
    }

    /**
     * One verbatim 512-byte ustar header, for tar streams written by hand into a {@link Content}.
     *
     * @param name the name field, at most 100 bytes
     * @param typeflag e.g. {@code '0'} file, {@code '5'} directory, {@code 'x'} PAX extended header
     * @param size the size field (the data that follows must match it)
     * @return a new header block
     * @since 0.4
     */
    public static byte[] tarHeader(String name, char typeflag, long size) {
        return RawTarHeader.header(name, typeflag, size, typeflag == '5' ? 0755 : 0644, 1704067200L, null);
    }

    /**
     * The zero bytes that follow {@code size} bytes of entry data up to the next 512-byte record.
     *
     * @return a new array, empty when {@code size} is a multiple of 512
     * @since 0.4
     */
    public static byte[] tarPadding(long size) {
        return new byte[RawTarHeader.padding(size)];
    }

    /**
     * The end-of-archive marker: two zero records.
     *
     * @return a new array of 1024 zero bytes
     * @since 0.4
     */
    public static byte[] tarEnd() {
        return new byte[2 * RawTarHeader.RECORD];
    }

    private record Layer(Compression compression, Content content, byte[] trailer, boolean raw) {
    }

    private final List<Layer> layers = new ArrayList<>();

    /** An image with no layers yet. */
    public StreamedImage() {
    }

    /**
     * Adds a layer whose uncompressed tar {@code tar} writes, compressed as given, followed by
     * {@code trailer} bytes appended to the compressed blob (empty for a well-formed blob).
     *
     * @return this builder
     */
    public StreamedImage layer(Compression compression, Content tar, byte[] trailer) {
        layers.add(new Layer(compression, tar, trailer.clone(), false));
        return this;
    }

    /** Adds a layer as {@link #layer(Compression, Content, byte[])} without trailer. */
    public StreamedImage layer(Compression compression, Content tar) {
        return layer(compression, tar, new byte[0]);
    }

    /**
     * Adds a layer whose blob {@code blob} writes verbatim (already compressed, or deliberately
     * broken); the diffID in the config is then the blob's own digest.
     *
     * @return this builder
     */
    public StreamedImage rawLayer(Compression announced, Content blob) {
        layers.add(new Layer(announced, blob, new byte[0], true));
        return this;
    }

    /**
     * Writes the layout ({@code oci-layout}, {@code index.json}, {@code blobs/sha256/...}) into
     * {@code dir}, created if missing.
     *
     * @throws UncheckedIOException when writing fails
     */
    public void writeOciLayout(Path dir) {
        try {
            Path blobs = dir.resolve("blobs/sha256");
            Files.createDirectories(blobs);
            List<String> diffIds = new ArrayList<>();
            StringBuilder layerDescriptors = new StringBuilder();
            for (Layer layer : layers) {
                Path tmp = Files.createTempFile(blobs, "layer", ".tmp");
                MessageDigest blobDigest = sha256();
                MessageDigest diffDigest = sha256();
                Counting counted;
                try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                    counted = new Counting(new DigestOutputStream(file, blobDigest));
                    if (layer.raw) {
                        layer.content.write(new DigestOutputStream(counted, diffDigest));
                    } else {
                        OutputStream compressed = layer.compression.wrap(new NonClosing(counted));
                        try (OutputStream tar = new DigestOutputStream(compressed, diffDigest)) {
                            layer.content.write(tar);
                        }
                        counted.write(layer.trailer);
                    }
                }
                String digest = hex(blobDigest);
                Files.move(tmp, blobs.resolve(digest), StandardCopyOption.REPLACE_EXISTING);
                diffIds.add("\"sha256:" + (layer.raw ? digest : hex(diffDigest)) + "\"");
                if (layerDescriptors.length() > 0) {
                    layerDescriptors.append(',');
                }
                layerDescriptors.append("{\"mediaType\":\"").append(layer.compression.layerMediaType())
                        .append("\",\"digest\":\"sha256:").append(digest).append("\",\"size\":")
                        .append(counted.count).append('}');
            }
            byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\","
                    + "\"diff_ids\":[" + String.join(",", diffIds) + "]}}").getBytes(StandardCharsets.UTF_8);
            String configDigest = Digests.sha256Hex(config);
            Files.write(blobs.resolve(configDigest), config);
            byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + ImageBuilder.OCI_MANIFEST + "\","
                    + "\"config\":{\"mediaType\":\"" + ImageBuilder.OCI_CONFIG + "\",\"digest\":\"sha256:"
                    + configDigest + "\",\"size\":" + config.length + "},\"layers\":[" + layerDescriptors + "]}")
                    .getBytes(StandardCharsets.UTF_8);
            String manifestDigest = Digests.sha256Hex(manifest);
            Files.write(blobs.resolve(manifestDigest), manifest);
            Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
            Files.writeString(dir.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\""
                    + ImageBuilder.OCI_MANIFEST + "\",\"digest\":\"sha256:" + manifestDigest + "\",\"size\":"
                    + manifest.length + "}]}");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Counts the bytes of the blob. */
    private static final class Counting extends FilterOutputStream {
        long count;

        Counting(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }

    /** Lets the compressor finish without closing the blob file before the trailer is written. */
    private static final class NonClosing extends FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
