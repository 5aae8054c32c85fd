package dev.tarsier.core;

import dev.tarsier.api.Diagnostic;
import dev.tarsier.api.Inventory;
import dev.tarsier.api.Layer;
import dev.tarsier.api.Package;
import dev.tarsier.testkit.Compression;
import dev.tarsier.testkit.ImageBuilder;
import dev.tarsier.testkit.LayerBuilder;
import dev.tarsier.testkit.SharedData;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageScannerTest {

    private static final ImageScanner SCANNER = ImageScanner.builder().analyzers(TestAnalyzers.all()).build();

    @TempDir
    Path tmp;

    @AfterAll
    static void close() {
        SCANNER.close();
    }

    /** The image every format test writes: three layers with history that has empty entries. */
    static ImageBuilder layeredImage(Compression compression) {
        return new ImageBuilder()
                .layer(new LayerBuilder()
                        .file("etc/os-release", "12")
                        .file("var/lib/testdb/status", "libc 2.36\nopenssl 3.0.11\n")
                        .file("opt/plugins/a.app", "1.0")
                        .file("opt/plugins/b.app", "1.0")
                        .file("opt/lib/gone.app", "0.1"), compression)
                .history("/bin/sh -c #(nop) ADD file:rootfs in /", false)
                .history("/bin/sh -c #(nop) ENV LANG=C.UTF-8", true)
                .layer(new LayerBuilder()
                        .file("var/lib/testdb/status", "libc 2.36\nopenssl 3.0.11\ncurl 7.88.1\n")
                        .file("app/main.app", "2.0"), compression)
                .history("RUN apt-get install -y curl && COPY app /app", false)
                .history("/bin/sh -c #(nop) CMD [\"main\"]", true)
                .layer(new LayerBuilder()
                        .file("var/lib/testdb/status", "libc 2.36\ncurl 7.88.1\n")
                        .whiteout("opt/lib")
                        .opaque("opt/plugins")
                        .file("opt/plugins/c.app", "3.0")
                        .file("app/main.app", "2.1"), compression)
                .history("RUN apt-get purge openssl && install plugin c", false)
                .tag("example/app:1.0");
    }

    private static Map<String, String> versionsAndLayers(Inventory inv) {
        return inv.packages().stream().collect(Collectors.toMap(
                p -> p.name(), p -> p.version() + "@" + p.location().layer(), (a, b) -> a + "|" + b, TreeMap::new));
    }

    private static void assertLayeredImage(Inventory inv, ImageBuilder image) {
        assertEquals(Map.of(
                "libc", "2.36@0",
                "curl", "7.88.1@1",
                "main", "2.1@2",
                "c", "3.0@2"), versionsAndLayers(inv), "surviving packages with their introducing layer");
        List<Layer> layers = inv.image().layers();
        assertEquals(3, layers.size());
        assertEquals(image.diffIds(), layers.stream().map(Layer::diffId).toList());
        assertEquals(Optional.of("/bin/sh -c #(nop) ADD file:rootfs in /"), layers.get(0).createdBy());
        assertEquals(Optional.of("RUN apt-get install -y curl && COPY app /app"), layers.get(1).createdBy());
        assertEquals(Optional.of("RUN apt-get purge openssl && install plugin c"), layers.get(2).createdBy());
        assertEquals("debian", inv.os().orElseThrow().family());
        assertEquals("12", inv.os().orElseThrow().version());
        assertEquals(List.of(), inv.diagnostics().stream().filter(d -> d.severity() != Diagnostic.Severity.INFO).toList());
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void inventory_ociLayout_foldsLayersAndPairsHistory(Compression compression) throws Exception {
        ImageBuilder image = layeredImage(compression);
        Path dir = tmp.resolve("layout");
        image.writeOciLayout(dir);
        Inventory inv = SCANNER.inventory("oci:" + dir + ":1.0");
        assertLayeredImage(inv, image);
        assertEquals(image.manifestDigest(), inv.image().digest());
        assertEquals(Optional.of("linux/amd64"), inv.image().platform());
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void inventory_ociArchive_matchesLayout(Compression compression) throws Exception {
        ImageBuilder image = layeredImage(compression);
        Path file = tmp.resolve("image.oci.tar");
        image.writeOciArchive(file);
        assertLayeredImage(SCANNER.inventory("oci-archive:" + file), image);
        assertLayeredImage(SCANNER.inventory(file.toString()), image);
    }

    @Test
    void inventory_classicDockerArchive_plainAndGzipped() throws Exception {
        ImageBuilder image = layeredImage(Compression.NONE);
        Path plain = tmp.resolve("plain.tar");
        image.writeDockerArchive(plain);
        Inventory inv = SCANNER.inventory("docker-archive:" + plain);
        assertLayeredImage(inv, image);
        assertEquals(List.of("example/app:1.0"), inv.image().tags());
        assertEquals(image.configDigest(), inv.image().digest());

        Path gz = tmp.resolve("image.tar.gz");
        image.writeDockerArchive(gz, Compression.GZIP);
        assertLayeredImage(SCANNER.inventory(gz.toString()), image);
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void inventory_docker25Archive_plainAndCompressed(Compression layerCompression) throws Exception {
        ImageBuilder image = layeredImage(layerCompression);
        Path plain = tmp.resolve("d25.tar");
        image.writeDockerArchiveOci(plain);
        assertLayeredImage(SCANNER.inventory("docker-archive:" + plain), image);
        assertLayeredImage(SCANNER.inventory("oci-archive:" + plain + ":1.0"), image);
        Path gz = tmp.resolve("d25.tar.gz");
        image.writeDockerArchiveOci(gz, Compression.GZIP);
        assertLayeredImage(SCANNER.inventory(gz.toString()), image);
    }

    @Test
    void inventory_sameFileCopiedAgain_keepsEarliestLayer() throws Exception {
        ImageBuilder image = new ImageBuilder()
                .layer(new LayerBuilder().file("opt/x.app", "1.0"))
                .layer(new LayerBuilder().file("opt/x.app", "1.0"))
                .layer(new LayerBuilder().file("opt/x.app", "1.1"))
                .layer(new LayerBuilder().file("opt/x.app", "1.1"));
        Path dir = tmp.resolve("copies");
        image.writeOciLayout(dir);
        assertEquals(Map.of("x", "1.1@2"), versionsAndLayers(SCANNER.inventory(dir.toString())));
    }

    @Test
    void inventory_deletedThenRecreated_isAttributedToTheRecreatingLayer() throws Exception {
        ImageBuilder image = new ImageBuilder()
                .layer(new LayerBuilder().file("var/lib/testdb/status", "bash 5.2\n"))
                .layer(new LayerBuilder().whiteout("var/lib/testdb"))
                .layer(new LayerBuilder().file("var/lib/testdb/status", "bash 5.2\n"));
        Path dir = tmp.resolve("recreated");
        image.writeOciLayout(dir);
        assertEquals(Map.of("bash", "5.2@2"), versionsAndLayers(SCANNER.inventory(dir.toString())));
    }

    @Test
    void inventory_whiteoutAndOpaque_neverDeleteTheirOwnLayer() throws Exception {
        ImageBuilder image = new ImageBuilder()
                .layer(new LayerBuilder().file("srv/old.app", "1").file("srv/keep/k.app", "1"))
                .layer(new LayerBuilder().opaque("srv").file("srv/new.app", "2").whiteout("srv/new.app"));
        Path dir = tmp.resolve("ownlayer");
        image.writeOciLayout(dir);
        assertEquals(Map.of("new", "2@1"), versionsAndLayers(SCANNER.inventory(dir.toString())));
    }

    @Test
    void inventory_fileReplacedBySymlink_isGone() throws Exception {
        ImageBuilder image = new ImageBuilder()
                .layer(new LayerBuilder().file("opt/a.app", "1").file("opt/dir/b.app", "1"))
                .layer(new LayerBuilder().symlink("opt/a.app", "/dev/null").symlink("opt/dir", "/tmp"));
        Path dir = tmp.resolve("symlinked");
        image.writeOciLayout(dir);
        assertEquals(Map.of(), versionsAndLayers(SCANNER.inventory(dir.toString())));
    }

    @Test
    void inventory_hardlinkToSelectedFile_reportsBothPaths() throws Exception {
        ImageBuilder image = new ImageBuilder()
                .layer(new LayerBuilder().file("opt/a.app", "1.0").hardlink("opt/b.app", "opt/a.app"));
        Path file = tmp.resolve("hardlink.tar");
        image.writeDockerArchive(file);
        Inventory inv = SCANNER.inventory(file.toString());
        assertEquals(List.of("opt/a.app", "opt/b.app"),
                inv.packages().stream().map(p -> p.location().path()).sorted().toList());
    }

    @Test
    void inventory_longNamesAndDotSlash_areNormalised() throws Exception {
        String deep = "opt/" + "very-long-directory-name/".repeat(8) + "deep.app";
        for (LayerBuilder.LongNames style : LayerBuilder.LongNames.values()) {
            ImageBuilder image = new ImageBuilder()
                    .layer(new LayerBuilder().longNames(style).dotSlashPrefix(true).file(deep, "4.2"));
            Path file = tmp.resolve("long-" + style + ".tar");
            image.writeOciArchive(file);
            Inventory inv = SCANNER.inventory(file.toString());
            assertEquals(List.of(deep), inv.packages().stream().map(p -> p.location().path()).toList(), style.name());
        }
    }

    @Test
    void inventory_hostileNames_areDiagnosedAndTheRestScans() throws Exception {
        ImageBuilder image = new ImageBuilder()
                .layer(new LayerBuilder()
                        .rawEntry("../../etc/evil.app", "6.6.6".getBytes())
                        .rawEntry("/abs/evil.app", "6.6.6".getBytes())
                        .file("opt/good.app", "1.0"))
                .layer(new LayerBuilder().file("opt/later.app", "2.0"));
        Path file = tmp.resolve("hostile.tar");
        image.writeOciArchive(file);
        Inventory inv = SCANNER.inventory(file.toString());
        assertEquals(Map.of("good", "1.0@0", "later", "2.0@1"), versionsAndLayers(inv));
        assertTrue(hasDiagnostic(inv, 0, "../../etc/evil.app", "escapes the image root"), inv.diagnostics().toString());
        assertTrue(hasDiagnostic(inv, 0, "/abs/evil.app", "absolute entry name"), inv.diagnostics().toString());
    }

    @Test
    void inventory_truncatedGzipLayer_isDiagnosedAndOtherLayersScan() throws Exception {
        LayerBuilder big = new LayerBuilder().file("opt/first.app", "1.0");
        for (int i = 0; i < 200; i++) {
            big.file("opt/filler/f" + i + ".bin", ("filler " + i + " ").repeat(200));
        }
        big.file("opt/last.app", "9.9");
        ImageBuilder image = new ImageBuilder()
                .layer(big, Compression.GZIP)
                .layer(new LayerBuilder().file("opt/top.app", "2.0"), Compression.GZIP)
                .truncateLayer(0, 4000);
        Path dir = tmp.resolve("truncated");
        image.writeOciLayout(dir);
        Inventory inv = SCANNER.inventory(dir.toString());
        assertEquals(Map.of("first", "1.0@0", "top", "2.0@1"), versionsAndLayers(inv));
        assertTrue(inv.diagnostics().stream().anyMatch(d -> d.layer().orElse(-1) == 0
                && d.severity() == Diagnostic.Severity.ERROR && d.message().contains("truncated or corrupt")),
                inv.diagnostics().toString());
    }

    @Test
    void inventory_headerClaimingHugeSize_isDiagnosedAndOtherLayersScan() throws Exception {
        ImageBuilder image = new ImageBuilder()
                .layer(new LayerBuilder().file("opt/before.app", "1.0").hugeSizeHeader("opt/huge.app"))
                .layer(new LayerBuilder().file("opt/top.app", "2.0"));
        Path file = tmp.resolve("huge.tar");
        image.writeOciArchive(file);
        Inventory inv = SCANNER.inventory(file.toString());
        assertEquals("1.0@0", versionsAndLayers(inv).get("before"));
        assertEquals("2.0@1", versionsAndLayers(inv).get("top"));
        assertFalse(versionsAndLayers(inv).containsKey("huge"));
        assertTrue(inv.diagnostics().stream().anyMatch(d -> d.layer().orElse(-1) == 0
                && (d.message().contains("exceeds the analyzer's cap") || d.message().contains("truncated"))),
                inv.diagnostics().toString());
    }

    @Test
    void inventory_symlinkLoop_isDiagnosed() throws Exception {
        ImageBuilder image = new ImageBuilder()
                .layer(new LayerBuilder().symlink("loop/a", "b").symlink("loop/b", "a")
                        .symlink("usr/bin/ok", "../lib/x").file("opt/fine.app", "1"));
        Path dir = tmp.resolve("loops");
        image.writeOciLayout(dir);
        Inventory inv = SCANNER.inventory(dir.toString());
        assertEquals(Map.of("fine", "1@0"), versionsAndLayers(inv));
        assertTrue(hasDiagnostic(inv, 0, "loop/a", "symbolic link loop"), inv.diagnostics().toString());
        assertTrue(hasDiagnostic(inv, 0, "loop/b", "symbolic link loop"), inv.diagnostics().toString());
        assertFalse(inv.diagnostics().stream().anyMatch(d -> d.path().orElse("").equals("usr/bin/ok")));
    }

    @Test
    void inventory_corruptBlobBytes_reportDigestMismatch() throws Exception {
        ImageBuilder image = new ImageBuilder().layer(new LayerBuilder().file("opt/a.app", "1.0"), Compression.NONE);
        Path dir = tmp.resolve("tampered");
        image.writeOciLayout(dir);
        String digest = image.layerDigests().get(0);
        Path blob = dir.resolve("blobs/sha256/" + digest.substring("sha256:".length()));
        byte[] bytes = Files.readAllBytes(blob);
        bytes[bytes.length - 1] ^= 1; // flip a bit in the trailing zero blocks: the tar still reads
        Files.write(blob, bytes);
        Inventory inv = SCANNER.inventory(dir.toString());
        assertEquals(Map.of("a", "1.0@0"), versionsAndLayers(inv));
        assertTrue(inv.diagnostics().stream().anyMatch(d -> d.message().contains("digest mismatch")), inv.diagnostics().toString());
    }

    @Test
    void inventory_osOwnedBinary_isDropped_unownedIsKept() throws Exception {
        ImageBuilder image = new ImageBuilder()
                .layer(new LayerBuilder()
                        .symlink("bin", "usr/bin")
                        .file("var/lib/testdb/status", "nodejs 18.19.0\n")
                        .file("var/lib/testdb/info/nodejs.list", "/.\n/bin/node\n")
                        .executable("usr/bin/node", "18.19.0".getBytes()))
                .layer(new LayerBuilder().executable("usr/local/bin/node", "20.11.1".getBytes()));
        Path dir = tmp.resolve("node");
        image.writeOciLayout(dir);
        Inventory inv = SCANNER.inventory(dir.toString());
        List<Package> nodes = inv.packages().stream().filter(p -> p.type().equals(Package.TYPE_BINARY)).toList();
        assertEquals(List.of("usr/local/bin/node@1"), nodes.stream()
                .map(p -> p.location().path() + "@" + p.location().layer()).toList());
        assertEquals("nodejs", inv.ownerOf("bin/node").orElseThrow().name());
    }

    @Test
    void inventory_rootfsDirectory_isOnePseudoLayer() throws Exception {
        Path root = tmp.resolve("rootfs");
        Files.createDirectories(root.resolve("var/lib/testdb"));
        Files.writeString(root.resolve("var/lib/testdb/status"), "zlib 1.2.13\n");
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/debian_version"), "12.4");
        Files.createSymbolicLink(root.resolve("etc/escape"), Path.of("/etc/passwd"));
        Inventory inv = SCANNER.inventory("dir:" + root);
        assertEquals(Map.of("zlib", "1.2.13@0"), versionsAndLayers(inv));
        assertEquals(1, inv.image().layers().size());
        assertEquals("12.4", inv.os().orElseThrow().version());
    }

    @Test
    void inventory_unknownTagOrMissingFile_throwsImageAccessException() throws Exception {
        Path dir = tmp.resolve("tagged");
        layeredImage(Compression.GZIP).writeOciLayout(dir);
        ImageAccessException e = assertThrows(ImageAccessException.class, () -> SCANNER.inventory("oci:" + dir + ":nope"));
        assertTrue(e.getMessage().contains("nope"), e.getMessage());
        assertThrows(ImageAccessException.class, () -> SCANNER.inventory(tmp.resolve("missing.tar").toString()));
        Path junk = tmp.resolve("junk.tar");
        Files.writeString(junk, "this is not an image");
        assertThrows(ImageAccessException.class, () -> SCANNER.inventory(junk.toString()));
    }

    @Test
    void inventory_isDeterministic() throws Exception {
        Path dir = tmp.resolve("det");
        layeredImage(Compression.ZSTD).writeOciLayout(dir);
        Inventory parallel = SCANNER.inventory(dir.toString());
        Inventory sequential;
        try (ImageScanner single = ImageScanner.builder().analyzers(TestAnalyzers.all()).parallelism(1).build()) {
            sequential = single.inventory(dir.toString());
        }
        // toString as well as equals: it also compares the iteration order of properties maps,
        // which the report writers follow
        assertEquals(parallel, sequential);
        assertEquals(parallel.toString(), sequential.toString());
    }

    @Test
    void inventory_realAlpineDockerSave_opensAndWalks() throws Exception {
        Path fixture = SharedData.fixture("images/alpine-3.10.docker-save.tar.gz");
        Inventory inv = SCANNER.inventory(fixture.toString());
        assertEquals(1, inv.image().layers().size());
        assertEquals("sha256:531743b7098cb2aaf615641007a129173f63ed86ca32fe7b5a246a1c47286028",
                inv.image().layers().get(0).diffId());
        assertEquals(14, inv.packages().size(), inv.packages().toString());
        assertTrue(inv.packages().stream().allMatch(p -> p.location().layer() == 0));
        assertTrue(inv.packages().stream().anyMatch(p -> p.name().equals("musl")));
    }

    @Test
    void listener_isToldAboutEveryLayerBlobWithItsSize() throws Exception {
        ImageBuilder image = layeredImage(Compression.GZIP);
        Path dir = tmp.resolve("progress");
        image.writeOciLayout(dir);
        java.util.Map<String, Long> seen = new java.util.concurrent.ConcurrentHashMap<>();
        try (ImageScanner scanner = ImageScanner.builder().analyzers(TestAnalyzers.all())
                .listener((blob, bytes, entries) -> seen.put(blob, bytes)).build()) {
            scanner.inventory(dir.toString());
        }
        java.util.Map<String, Long> expected = new java.util.HashMap<>();
        for (String digest : image.layerDigests()) {
            Path blob = dir.resolve("blobs/sha256/" + digest.substring("sha256:".length()));
            expected.put("blobs/sha256/" + digest.substring("sha256:".length()), Files.size(blob));
        }
        assertEquals(expected, seen);
    }

    static boolean hasDiagnostic(Inventory inv, int layer, String path, String text) {
        return inv.diagnostics().stream().anyMatch(d -> d.layer().orElse(-1) == layer
                && d.path().orElse("").equals(path) && d.message().contains(text));
    }

}
