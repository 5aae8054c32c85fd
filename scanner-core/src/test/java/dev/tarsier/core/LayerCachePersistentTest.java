package dev.tarsier.core;

import dev.tarsier.api.Diagnostic;
import dev.tarsier.api.Inventory;
import dev.tarsier.api.spi.Analyzer;
import dev.tarsier.core.registry.FakeRegistry;
import dev.tarsier.testkit.Compression;
import dev.tarsier.testkit.ImageBuilder;
import dev.tarsier.testkit.SharedData;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link ImageScanner.Builder#persistentLayerCache}: layer analysis kept on disk between scanners. */
class LayerCachePersistentTest {

    private static final long CAP = 64L << 20;

    @TempDir
    Path tmp;

    private Path cache() {
        return tmp.resolve("cache/layers");
    }

    /** Scans with a new scanner each time (as separate CLI runs would), recording which blobs were walked. */
    private Inventory scan(String ref, Map<String, Long> walked, List<? extends Analyzer> analyzers) throws Exception {
        ImageScanner.Builder b = ImageScanner.builder().analyzers(analyzers)
                .listener((blob, bytes, entries) -> walked.put(blob, bytes));
        b.persistentLayerCache(cache(), CAP);
        try (ImageScanner scanner = b.build()) {
            return scanner.inventory(ref);
        }
    }

    private Inventory scan(String ref, Map<String, Long> walked) throws Exception {
        return scan(ref, walked, TestAnalyzers.all());
    }

    private static Inventory uncached(String ref) throws Exception {
        try (ImageScanner scanner = ImageScanner.builder().analyzers(TestAnalyzers.all()).build()) {
            return scanner.inventory(ref);
        }
    }

    private static void assertSame(Inventory expected, Inventory actual) {
        assertEquals(expected, actual);
        assertEquals(expected.toString(), actual.toString(), "also the iteration order the writers follow");
    }

    private List<Path> entries() throws IOException {
        if (!Files.isDirectory(cache())) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(cache())) {
            return files.sorted().toList();
        }
    }

    @Test
    void inventory_secondScanOfALayout_readsNoLayerAndGivesTheSameInventory() throws Exception {
        Path layout = tmp.resolve("layout");
        ImageBuilder image = ImageScannerTest.layeredImage(Compression.GZIP);
        image.writeOciLayout(layout);
        Inventory expected = uncached(layout.toString());
        Map<String, Long> first = new ConcurrentHashMap<>();
        assertSame(expected, scan(layout.toString(), first));
        assertEquals(3, first.size());
        assertEquals(3, entries().size(), "one entry per layer: " + entries());
        Map<String, Long> second = new ConcurrentHashMap<>();
        assertSame(expected, scan(layout.toString(), second));
        assertEquals(Map.of(), second, "no layer blob opened");
    }

    @Test
    void inventory_sameLayersInAnotherForm_hitTheEntriesOfTheFirst() throws Exception {
        ImageBuilder image = ImageScannerTest.layeredImage(Compression.NONE);
        Path archive = tmp.resolve("image.tar");
        image.writeDockerArchive(archive);
        Path layout = tmp.resolve("layout");
        image.writeOciLayout(layout);
        Map<String, Long> first = new ConcurrentHashMap<>();
        Inventory fromArchive = scan("docker-archive:" + archive, first);
        assertSame(uncached("docker-archive:" + archive), fromArchive);
        assertEquals(3, first.size());
        Map<String, Long> second = new ConcurrentHashMap<>();
        Inventory fromLayout = scan("oci:" + layout, second);
        assertEquals(Map.of(), second, "the layout's layers are the archive's, by diffID");
        assertSame(uncached("oci:" + layout), fromLayout);
        Path ociArchive = tmp.resolve("image.oci.tar");
        image.writeOciArchive(ociArchive);
        Map<String, Long> third = new ConcurrentHashMap<>();
        Inventory fromOciArchive = scan("oci-archive:" + ociArchive, third);
        assertEquals(Map.of(), third);
        assertSame(uncached("oci-archive:" + ociArchive), fromOciArchive);
    }

    @Test
    void inventory_unusableCacheDirectory_scansAsWithoutCache() throws Exception {
        Path layout = tmp.resolve("layout");
        ImageScannerTest.layeredImage(Compression.GZIP).writeOciLayout(layout);
        Files.createDirectories(cache().getParent());
        Files.writeString(cache(), "a file where the directory should be");
        Map<String, Long> walked = new ConcurrentHashMap<>();
        assertSame(uncached(layout.toString()), scan(layout.toString(), walked));
        assertEquals(3, walked.size());
        assertTrue(Files.isRegularFile(cache()));
    }

    @Test
    void inventory_compressedOciStyleDockerArchive_storesAndHitsUncompressedBlobs() throws Exception {
        ImageBuilder image = ImageScannerTest.layeredImage(Compression.NONE);
        Path archive = tmp.resolve("image.tar.gz");
        image.writeDockerArchiveOci(archive, Compression.GZIP);
        Inventory expected = uncached(archive.toString());
        assertSame(expected, scan(archive.toString(), new ConcurrentHashMap<>()));
        assertEquals(3, entries().size());
        Map<String, Long> second = new ConcurrentHashMap<>();
        assertSame(expected, scan(archive.toString(), second));
        assertEquals(Map.of(), second, "members found in the cache are not walked");
    }

    @Test
    void inventory_realAlpineDockerSave_givesTheSameInventoryWithAndWithoutTheCache() throws Exception {
        Path fixture = SharedData.fixture("images/alpine-3.10.docker-save.tar.gz");
        Path tar = tmp.resolve("alpine.tar");
        try (InputStream in = new GZIPInputStream(Files.newInputStream(fixture));
             OutputStream out = Files.newOutputStream(tar)) {
            in.transferTo(out);
        }
        Inventory expected = uncached(tar.toString());
        assertEquals(14, expected.packages().size());
        Map<String, Long> first = new ConcurrentHashMap<>();
        assertSame(expected, scan(tar.toString(), first));
        assertEquals(1, first.size());
        Map<String, Long> second = new ConcurrentHashMap<>();
        assertSame(expected, scan(tar.toString(), second));
        assertEquals(Map.of(), second);
    }

    @Test
    void inventory_rootfsDirectory_isNotCached() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root/var/lib/testdb"));
        Files.writeString(root.resolve("status"), "base 1.0\n");
        scan("dir:" + tmp.resolve("root"), new ConcurrentHashMap<>());
        assertEquals(List.of(), entries());
    }

    @Test
    void inventory_damagedEntries_areMissesWithADiagnosticAndAreRewritten() throws Exception {
        Path layout = tmp.resolve("layout");
        ImageScannerTest.layeredImage(Compression.GZIP).writeOciLayout(layout);
        Inventory expected = uncached(layout.toString());
        scan(layout.toString(), new ConcurrentHashMap<>());
        List<Path> entries = entries();
        assertEquals(3, entries.size());
        byte[] flipped = Files.readAllBytes(entries.get(0));
        flipped[flipped.length / 2] ^= 0x40;
        Files.write(entries.get(0), flipped);
        byte[] truncated = Files.readAllBytes(entries.get(1));
        Files.write(entries.get(1), java.util.Arrays.copyOf(truncated, truncated.length - 9));
        byte[] foreign = Files.readAllBytes(entries.get(2));
        foreign[11] = 99; // format version 99
        Files.write(entries.get(2), foreign);

        Map<String, Long> walked = new ConcurrentHashMap<>();
        Inventory damaged = scan(layout.toString(), walked);
        assertEquals(3, walked.size(), "every layer read again");
        assertEquals(expected.packages(), damaged.packages());
        assertEquals(expected.image(), damaged.image());
        List<String> notes = damaged.diagnostics().stream()
                .filter(d -> d.severity() == Diagnostic.Severity.INFO && d.message().startsWith("layer cache entry"))
                .map(Diagnostic::message).toList();
        assertEquals(3, notes.size(), damaged.diagnostics().toString());
        assertTrue(notes.stream().anyMatch(m -> m.contains("checksum mismatch")), notes.toString());
        assertTrue(notes.stream().anyMatch(m -> m.contains("truncated")), notes.toString());
        assertTrue(notes.stream().anyMatch(m -> m.contains("format version 99")), notes.toString());

        Map<String, Long> again = new ConcurrentHashMap<>();
        assertSame(expected, scan(layout.toString(), again));
        assertEquals(Map.of(), again, "the entries were rewritten");
    }

    @Test
    void inventory_anotherAnalyzerVersion_missesTheEntriesOfTheFirst() throws Exception {
        Path layout = tmp.resolve("layout");
        ImageScannerTest.layeredImage(Compression.GZIP).writeOciLayout(layout);
        scan(layout.toString(), new ConcurrentHashMap<>());
        List<Analyzer> bumped = new ArrayList<>(TestAnalyzers.all());
        bumped.set(0, new DelegatingAnalyzer(bumped.get(0)) {
            @Override
            public int version() {
                return 2;
            }
        });
        Map<String, Long> walked = new ConcurrentHashMap<>();
        scan(layout.toString(), walked, bumped);
        assertEquals(3, walked.size());
        assertEquals(6, entries().size(), "both generations kept until evicted");
        Map<String, Long> fewer = new ConcurrentHashMap<>();
        scan(layout.toString(), fewer, TestAnalyzers.all().subList(0, 2));
        assertEquals(3, fewer.size(), "another analyzer set is another key");
    }

    @Test
    void inventory_severalScannersAtOnce_shareTheDirectoryWithoutLocks() throws Exception {
        Path layout = tmp.resolve("layout");
        ImageScannerTest.layeredImage(Compression.GZIP).writeOciLayout(layout);
        Inventory expected = uncached(layout.toString());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 5; round++) {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Inventory>> scans = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    scans.add(pool.submit(() -> {
                        start.await();
                        return scan(layout.toString(), new ConcurrentHashMap<>());
                    }));
                }
                start.countDown();
                for (Future<Inventory> f : scans) {
                    assertSame(expected, f.get());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        List<Path> entries = entries();
        assertEquals(3, entries.size(), "no temporary file left: " + entries);
        assertTrue(entries.stream().allMatch(p -> p.toString().endsWith(".layer")));
    }

    @Test
    void inventory_registryImageWhoseLayersAreCached_downloadsNoLayer() throws Exception {
        ImageBuilder image = RegistryScanTest.appImage();
        Path layout = tmp.resolve("layout");
        image.writeOciLayout(layout);
        try (FakeRegistry fake = FakeRegistry.serve(layout)) {
            String ref = "registry:" + fake.hostPort() + "/" + FakeRegistry.REPOSITORY + ":1.0";
            Path docker = Files.createDirectories(tmp.resolve("docker"));
            Files.writeString(docker.resolve("config.json"), "{}");
            List<Inventory> results = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                ImageScanner.Builder b = ImageScanner.builder().analyzers(TestAnalyzers.all()).dockerConfigDir(docker)
                        .insecureRegistries(List.of(fake.hostPort())).registryRetries(3, Duration.ofMillis(5));
                b.persistentLayerCache(cache(), CAP);
                try (ImageScanner scanner = b.build()) {
                    results.add(scanner.inventory(ref));
                }
            }
            List<String> blobs = fake.requests().stream().map(FakeRegistry.Request::path)
                    .filter(p -> p.contains("/blobs/")).toList();
            assertEquals(4, blobs.size(), "config and two layers, then the config only: " + blobs);
            for (String layer : image.layerDigests()) {
                assertEquals(1, blobs.stream().filter(p -> p.endsWith(layer)).count(), layer);
            }
            assertSame(results.get(0), results.get(1));
            assertEquals(List.of(), results.get(1).diagnostics());
            assertEquals(List.of("base", "curl", "libc", "web"),
                    results.get(1).packages().stream().map(p -> p.name()).sorted().toList());
        }
    }

    @Test
    void builder_persistentLayerCache_isSetOnceAndRejectsNegativeSizes() {
        ImageScanner.Builder b = ImageScanner.builder();
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> b.persistentLayerCache(tmp, -1));
        ImageScanner.Builder c = ImageScanner.builder().persistentLayerCache(tmp, 1);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> c.persistentLayerCache(tmp, 1));
        assertFalse(Files.exists(tmp.resolve("layers")));
    }
}
