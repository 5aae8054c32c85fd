package dev.tarsier.core.internal.oci;

import dev.tarsier.core.ImageAccessException;
import dev.tarsier.core.internal.source.BlobReader;
import dev.tarsier.core.internal.source.ImageSource;
import dev.tarsier.core.internal.source.Platform;
import dev.tarsier.core.internal.source.ResolvedImage;
import dev.tarsier.core.internal.source.ScannedImage;
import dev.tarsier.core.internal.source.SeekableLayers;
import dev.tarsier.core.internal.walk.LayerReader;
import dev.tarsier.core.internal.walk.LayerResult;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

/** An OCI image layout directory (image-spec image-layout.md). Layers are read in parallel. */
public final class OciLayoutSource implements ImageSource {

    private final Path root;
    private final String source;
    private final Optional<String> tag;
    private final Platform platform;

    public OciLayoutSource(Path root, String source, Optional<String> tag, Platform platform) throws ImageAccessException {
        if (!Files.isRegularFile(root.resolve("oci-layout"))) {
            throw new ImageAccessException(source + ": not an OCI image layout (no oci-layout file)");
        }
        this.root = root;
        this.source = source;
        this.tag = tag;
        this.platform = platform;
    }

    /** Whether the directory is an OCI image layout. */
    public static boolean isLayout(Path dir) {
        return Files.isRegularFile(dir.resolve("oci-layout")) && Files.isRegularFile(dir.resolve("index.json"));
    }

    @Override
    public ScannedImage read(LayerReader reader, ExecutorService executor) throws ImageAccessException, InterruptedException {
        return SeekableLayers.read(resolve(), this::open, reader, executor);
    }

    @Override
    public ResolvedImage resolve() throws ImageAccessException {
        BlobReader blobs = path -> {
            Path file = resolve(path);
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.empty();
            }
            if (Files.size(file) > BlobReader.MAX_METADATA) {
                throw new IOException(path + " is larger than " + BlobReader.MAX_METADATA + " bytes");
            }
            return Optional.of(Files.readAllBytes(file));
        };
        return OciIndex.resolve(blobs, source, tag, platform);
    }

    @Override
    public LayerResult walk(ResolvedImage image, int layer, LayerReader reader)
            throws ImageAccessException, InterruptedException {
        try {
            return SeekableLayers.walk(image, layer, this::open, reader);
        } catch (IOException e) {
            throw new ImageAccessException(source + ": " + e.getMessage(), e);
        }
    }

    private InputStream open(String key) throws IOException {
        return Files.newInputStream(resolve(key));
    }

    private Path resolve(String path) throws IOException {
        Path file = root.resolve(path).normalize();
        if (!file.startsWith(root.normalize())) {
            throw new IOException("path escapes the layout: " + path);
        }
        return file;
    }

    @Override
    public void close() {
        // files are opened per read
    }
}
