package dev.tarsier.core;

import dev.tarsier.api.Diagnostic;
import dev.tarsier.api.Inventory;
import dev.tarsier.testkit.Compression;
import dev.tarsier.testkit.ImageBuilder;
import dev.tarsier.testkit.LayerBuilder;
import dev.tarsier.testkit.LocalRegistry;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code assemble(resolve(x), analyzeLayer(each))} is {@code inventory(x)}: for layouts, uncompressed
 * archives and registry images (OCI and Docker v2 manifests) with whiteouts, opaque directories, a
 * replaced package database, a repeated blob and a broken layer; and analyses made for one image
 * serve another image with the same layer at another position.
 */
class LayerByLayerScanTest {

    @TempDir
    static Path tmp;
    private static LocalRegistry registry;

    /** The base both images share: two layers. */
    private static ImageBuilder base(ImageBuilder image) {
        return image
                .layer(new LayerBuilder()
                        .file("etc/os-release", "12")
                        .file("var/lib/testdb/status", "libc 2.36\nopenssl 3.0.11\n")
                        .file("opt/plugins/a.app", "1.0")
                        .file("opt/lib/gone.app", "0.1"), Compression.GZIP)
                .history("ADD rootfs /", false)
                .layer(new LayerBuilder().file("opt/plugins/b.app", "1.0"), Compression.GZIP)
                .history("COPY b", false);
    }

    private static ImageBuilder whiteouts() {
        return base(new ImageBuilder())
                .layer(new LayerBuilder()
                        .file("var/lib/testdb/status", "libc 2.36\ncurl 7.88.1\n")
                        .whiteout("opt/lib")
                        .opaque("opt/plugins")
                        .file("opt/plugins/c.app", "3.0"), Compression.GZIP)
                .history("RUN purge openssl && install c", false)
                .layer(new LayerBuilder().file("opt/plugins/b.app", "1.0"), Compression.GZIP)
                .history("COPY b again (the same blob as layer 1)", false)
                .tag("example/whiteouts:1.0");
    }

    /** An image whose first layer is another image's second, and that has a truncated layer. */
    private static ImageBuilder reordered() {
        return new ImageBuilder()
                .layer(new LayerBuilder().file("opt/plugins/b.app", "1.0"), Compression.GZIP)
                .history("COPY b", false)
                .layer(new LayerBuilder().file("srv/d.app", "4.0").file("srv/e.app", "5.0"), Compression.NONE)
                .history("COPY d e", false)
                .truncateLayer(1, 700)
                .tag("example/reordered:1.0");
    }

    @BeforeAll
    static void writeImages() throws Exception {
        whiteouts().writeOciLayout(tmp.resolve("whiteouts"));
        whiteouts().writeDockerArchive(tmp.resolve("whiteouts.tar"));
        whiteouts().writeDockerArchive(tmp.resolve("whiteouts.tar.gz"), Compression.GZIP);
        reordered().writeOciLayout(tmp.resolve("reordered"));
        if (LocalRegistry.binary().isPresent() && LocalRegistry.onPath("skopeo").isPresent()) {
            registry = LocalRegistry.start(Files.createDirectories(tmp.resolve("registry")), Optional.empty(),
                    Optional.empty(), Optional.empty());
            registry.push(tmp.resolve("whiteouts"), "1.0", "example/whiteouts:oci");
            registry.push(tmp.resolve("whiteouts"), "1.0", "example/whiteouts:v2s2", "--format", "v2s2");
        }
    }

    @AfterAll
    static void stopRegistry() throws Exception {
        if (registry != null) {
            registry.close();
        }
    }

    private static ImageScanner scanner() throws Exception {
        ImageScanner.Builder b = ImageScanner.builder().analyzers(TestAnalyzers.all())
                .dockerConfigDir(Files.createDirectories(tmp.resolve("no-docker-config")));
        if (registry != null) {
            b.insecureRegistries(List.of(registry.hostPort()));
        }
        return b.build();
    }

    private static List<LayerAnalysis> analyzeEach(ImageScanner scanner, ImagePlan plan) throws Exception {
        List<LayerAnalysis> layers = new ArrayList<>();
        for (int i = 0; i < plan.layerCount(); i++) {
            layers.add(scanner.analyzeLayer(plan, i));
        }
        return layers;
    }

    private void assertLayerByLayerEqualsInventory(String reference) throws Exception {
        try (ImageScanner scanner = scanner()) {
            Inventory whole = scanner.inventory(reference);
            ImagePlan plan = scanner.resolve(ImageReference.parse(reference));
            assertEquals(whole.image(), plan.image());
            Inventory assembled = scanner.assemble(plan, analyzeEach(scanner, plan));
            assertEquals(whole, assembled);
            assertTrue(whole.packages().stream().anyMatch(p -> p.name().equals("c")), whole.packages().toString());
            assertTrue(whole.packages().stream().noneMatch(p -> p.name().equals("gone") || p.name().equals("a")),
                    "whiteout and opaque directory applied: " + whole.packages());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"oci:%s/whiteouts:1.0", "docker-archive:%s/whiteouts.tar"})
    void assemble_ofEachLayerAnalysed_equalsTheInventory_forLocalImages(String reference) throws Exception {
        assertLayerByLayerEqualsInventory(reference.formatted(tmp));
    }

    @ParameterizedTest
    @ValueSource(strings = {"oci", "v2s2"})
    void assemble_ofEachLayerAnalysed_equalsTheInventory_forRegistryImages(String tag) throws Exception {
        LocalRegistry.assumeInstalled();
        assertLayerByLayerEqualsInventory("registry:" + registry.hostPort() + "/example/whiteouts:" + tag);
    }

    @Test
    void repositoriesAndTags_listWhatTheRegistryHolds() throws Exception {
        LocalRegistry.assumeInstalled();
        try (ImageScanner scanner = scanner()) {
            assertEquals(List.of("example/whiteouts"), scanner.repositories(registry.hostPort()));
            assertEquals(List.of("oci", "v2s2"),
                    scanner.tags(registry.hostPort() + "/example/whiteouts").stream().sorted().toList());
            ImageAccessException unknown = assertThrows(ImageAccessException.class,
                    () -> scanner.tags(registry.hostPort() + "/example/none"));
            assertTrue(unknown.getMessage().contains("404"), unknown.getMessage());
            assertThrows(IllegalArgumentException.class, () -> scanner.repositories("no host/x"));
        }
    }

    @Test
    void analyses_surviveSerialisation_andServeAnotherImageWithTheSameLayerElsewhere() throws Exception {
        try (ImageScanner scanner = scanner()) {
            ImagePlan first = roundTrip(scanner.resolve(ImageReference.parse("oci:" + tmp.resolve("whiteouts") + ":1.0")));
            List<LayerAnalysis> firstLayers = analyzeEach(scanner, first).stream()
                    .map(a -> LayerAnalysis.fromBytes(a.toBytes())).toList();
            ImagePlan second = scanner.resolve(ImageReference.parse("oci:" + tmp.resolve("reordered") + ":1.0"));
            assertEquals(first.image().layer(1).diffId(), second.image().layer(0).diffId());
            // layer 0 of the second image comes from the first image's analysis (made at index 1)
            List<LayerAnalysis> secondLayers = List.of(roundTrip(firstLayers.get(1)), scanner.analyzeLayer(second, 1));
            Inventory assembled = scanner.assemble(second, secondLayers);
            Inventory whole = scanner.inventory("oci:" + tmp.resolve("reordered") + ":1.0");
            assertEquals(whole, assembled);
            assertEquals(0, assembled.packages().stream().filter(p -> p.name().equals("b")).findFirst()
                    .orElseThrow().location().layer());
            assertTrue(assembled.diagnostics().stream().anyMatch(d -> d.severity() == Diagnostic.Severity.ERROR
                    && d.layer().orElse(-1) == 1), "the truncated layer is reported: " + assembled.diagnostics());
            assertEquals(scanner.inventory(first.reference()), scanner.assemble(first, firstLayers));
        }
    }

    @Test
    void analyzeLayer_usesThePersistentLayerCache_andStillEqualsTheInventory() throws Exception {
        String reference = "oci:" + tmp.resolve("whiteouts") + ":1.0";
        Path cache = tmp.resolve("layer-cache");
        List<String> walked = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (ImageScanner filling = ImageScanner.builder().analyzers(TestAnalyzers.all())
                .persistentLayerCache(cache, 1 << 20).listener((blob, bytes, entries) -> walked.add(blob)).build()) {
            filling.inventory(reference);
        }
        assertEquals(3, walked.size(), "three distinct blobs walked (one is used twice): " + walked);
        walked.clear();
        try (ImageScanner scanner = ImageScanner.builder().analyzers(TestAnalyzers.all())
                .persistentLayerCache(cache, 1 << 20).listener((blob, bytes, entries) -> walked.add(blob)).build();
             ImageScanner uncached = scanner()) {
            ImagePlan plan = scanner.resolve(ImageReference.parse(reference));
            Inventory assembled = scanner.assemble(plan, analyzeEach(scanner, plan));
            assertEquals(List.of(), walked, "every layer came from the cache");
            assertEquals(uncached.inventory(reference), assembled);
        }
    }

    @Test
    void assemble_refusesAnalysesThatDoNotFitThePlanOrTheScanner() throws Exception {
        String reference = "oci:" + tmp.resolve("whiteouts") + ":1.0";
        try (ImageScanner scanner = scanner();
             ImageScanner other = ImageScanner.builder().analyzers(TestAnalyzers.all().subList(0, 2)).build()) {
            ImagePlan plan = scanner.resolve(ImageReference.parse(reference));
            List<LayerAnalysis> layers = analyzeEach(scanner, plan);
            assertThrows(IllegalArgumentException.class, () -> scanner.assemble(plan, layers.subList(0, 3)));
            List<LayerAnalysis> swapped = new ArrayList<>(layers);
            swapped.set(0, layers.get(2));
            assertThrows(IllegalArgumentException.class, () -> scanner.assemble(plan, swapped));
            assertThrows(IllegalArgumentException.class, () -> other.assemble(plan, layers));
            assertThrows(IndexOutOfBoundsException.class, () -> scanner.analyzeLayer(plan, 4));
        }
    }

    @Test
    void resolve_compressedArchive_isRefusedWithAClearError() throws Exception {
        try (ImageScanner scanner = scanner()) {
            ImageAccessException e = assertThrows(ImageAccessException.class,
                    () -> scanner.resolve(ImageReference.parse("docker-archive:" + tmp.resolve("whiteouts.tar.gz"))));
            assertTrue(e.getMessage().contains("one layer at a time"), e.getMessage());
            assertThrows(ImageAccessException.class, () -> scanner.resolve(ImageReference.parse("dir:" + tmp)));
        }
    }

    @Test
    void fromBytes_damagedAnalysis_isRefused() throws Exception {
        try (ImageScanner scanner = scanner()) {
            ImagePlan plan = scanner.resolve(ImageReference.parse("oci:" + tmp.resolve("whiteouts") + ":1.0"));
            byte[] bytes = scanner.analyzeLayer(plan, 0).toBytes();
            byte[] damaged = bytes.clone();
            damaged[damaged.length / 2] ^= 1;
            assertThrows(IllegalArgumentException.class, () -> LayerAnalysis.fromBytes(damaged));
            assertThrows(IllegalArgumentException.class,
                    () -> LayerAnalysis.fromBytes(Arrays.copyOf(bytes, bytes.length - 5)));
            assertThrows(IllegalArgumentException.class, () -> LayerAnalysis.fromBytes(new byte[] {0, 0, 0, 9, 1}));
            assertNotEquals(0, bytes.length);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T value) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }
}
