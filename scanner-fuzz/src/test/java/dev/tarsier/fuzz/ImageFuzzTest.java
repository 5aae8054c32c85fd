package dev.tarsier.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tarsier.api.Inventory;
import dev.tarsier.api.spi.Analyzer;
import dev.tarsier.core.ImageAccessException;
import dev.tarsier.core.ImageScanner;
import dev.tarsier.core.internal.docker.DockerManifest;
import dev.tarsier.core.internal.oci.OciIndex;
import dev.tarsier.core.internal.registry.Challenge;
import dev.tarsier.core.internal.source.BlobReader;
import dev.tarsier.core.internal.source.Platform;
import dev.tarsier.core.internal.source.ResolvedImage;
import dev.tarsier.core.internal.walk.LayerReader;
import dev.tarsier.core.internal.walk.LayerResult;
import dev.tarsier.core.internal.walk.SelectorIndex;
import org.junit.jupiter.api.AfterAll;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The image side: the streaming layer walk (compression sniffing, tar, whiteouts, links and every
 * analyzer's selector) as {@link LayerReader#read} runs it for each layer blob; the docker-archive
 * {@code manifest.json} and image config ({@link DockerManifest}); OCI indexes, manifests and configs
 * ({@link OciIndex}, as layouts and registries resolve them); whole docker and OCI archives through
 * {@link ImageScanner}; and registry {@code WWW-Authenticate} challenges. Documented outcomes:
 * {@link ImageAccessException} for an image that cannot be opened, diagnostics for everything else.
 */
class ImageFuzzTest {

    private static final List<Analyzer> ANALYZERS = ServiceLoader.load(Analyzer.class).stream()
            .map(ServiceLoader.Provider::get).toList();
    private static final SelectorIndex INDEX = new SelectorIndex(ANALYZERS);
    private static final long SHARED_BUFFER = 8L << 20;
    private static final Path ARCHIVE = Fuzz.tempFile(".tar");
    private static ImageScanner scanner;

    @AfterAll
    static void close() {
        if (scanner != null) {
            scanner.close();
        }
    }

    /** A layer blob as stored: plain tar; the seeds are tars built by the test kit and real layers. */
    @FuzzTest
    void layerTar(byte[] data) throws IOException {
        walk(data);
    }

    /** A gzip-compressed layer blob (seeds: gzip layers), sniffed by magic bytes like any layer. */
    @FuzzTest
    void layerGzip(byte[] data) throws IOException {
        walk(data);
    }

    /** A zstd-compressed layer blob. */
    @FuzzTest
    void layerZstd(byte[] data) throws IOException {
        walk(data);
    }

    /** An xz-compressed layer blob. */
    @FuzzTest
    void layerXz(byte[] data) throws IOException {
        walk(data);
    }

    /** {@code manifest.json} NUL config JSON of a docker archive. */
    @FuzzTest
    void dockerManifest(byte[] data) {
        byte[][] parts = Fuzz.split(data, 2);
        BlobReader blobs = path -> Optional.of(path.equals("manifest.json") ? parts[0] : parts[1]);
        try {
            touch(DockerManifest.resolve(blobs, "docker-archive:fuzz.tar", Optional.empty()), data);
        } catch (ImageAccessException documented) {
            // a broken or ambiguous manifest
        }
    }

    /**
     * {@code index.json} NUL first document fetched NUL second NUL third (and later): OCI image
     * indexes, nested indexes, image manifests and the config, served in the order the resolver
     * asks for blobs.
     */
    @FuzzTest
    void ociIndex(byte[] data) {
        byte[][] parts = Fuzz.split(data, 4);
        AtomicInteger fetched = new AtomicInteger();
        BlobReader blobs = path -> Optional.of(path.equals("index.json") ? parts[0]
                : parts[Math.min(1 + fetched.getAndIncrement(), parts.length - 1)]);
        try {
            touch(OciIndex.resolve(blobs, "oci:fuzz", Optional.empty(), Platform.DEFAULT), data);
        } catch (ImageAccessException documented) {
            // no matching image, broken documents
        }
    }

    /** A whole {@code docker save} archive (also an OCI layout since Docker 25), scanned. */
    @FuzzTest
    void dockerArchive(byte[] data) throws Exception {
        scan("docker-archive:", data);
    }

    /** A whole OCI image archive, scanned. */
    @FuzzTest
    void ociArchive(byte[] data) throws Exception {
        scan("oci-archive:", data);
    }

    /** A registry's {@code WWW-Authenticate} header value (RFC 7235 challenges). */
    @FuzzTest
    void wwwAuthenticate(byte[] data) {
        for (Challenge c : Challenge.parse(Fuzz.text(data))) {
            c.param("realm");
            c.param("service");
            c.param("scope");
        }
    }

    private static void walk(byte[] data) throws IOException {
        LayerResult result = new LayerReader(INDEX, SHARED_BUFFER).read(0, new ByteArrayInputStream(data), Optional.empty());
        Fuzz.assertNoBugDiagnostics(result.diagnostics(), data);
    }

    private static void scan(String transport, byte[] data) throws Exception {
        Files.write(ARCHIVE, data);
        try {
            Inventory inventory = scanner().inventory(transport + ARCHIVE);
            Fuzz.assertNoBugDiagnostics(inventory.diagnostics(), data);
        } catch (ImageAccessException documented) {
            // not an image archive
        }
    }

    private static synchronized ImageScanner scanner() {
        if (scanner == null) {
            scanner = ImageScanner.builder().analyzers(ANALYZERS).parallelism(1).build();
        }
        return scanner;
    }

    private static void touch(ResolvedImage resolved, byte[] data) {
        resolved.image().toString();
        Fuzz.assertNoBugDiagnostics(resolved.diagnostics(), data);
    }
}
