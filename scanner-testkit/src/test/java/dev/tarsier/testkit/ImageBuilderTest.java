package dev.tarsier.testkit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageBuilderTest {

    @TempDir
    Path tmp;

    /** Three layers, one per compression, with whiteouts, an opaque dir and links. */
    static ImageBuilder threeLayerImage() {
        return new ImageBuilder()
                .layer(new LayerBuilder().dir("etc").file("etc/os-release", "ID=alpine\n")
                        .executable("bin/busybox", new byte[] {0x7f, 'E', 'L', 'F'})
                        .symlink("bin/sh", "/bin/busybox"), Compression.NONE)
                .layer(new LayerBuilder().file("usr/share/doc/a", "a").hardlink("usr/share/doc/b",
                        "usr/share/doc/a"), Compression.GZIP)
                .layer(new LayerBuilder().whiteout("etc/os-release").opaque("usr/share/doc"),
                        Compression.ZSTD)
                .history("ADD rootfs /", false)
                .history("ENV LANG=C", true)
                .history("RUN install docs", false)
                .history("RUN cleanup", false)
                .tag("example/app:1.0");
    }

    @Test
    void writeOciLayout_blobsMatchTheirDigestsAndLayersMatchDiffIds() throws IOException {
        ImageBuilder image = threeLayerImage();
        Path dir = tmp.resolve("layout");

        image.writeOciLayout(dir);

        assertEquals("{\"imageLayoutVersion\":\"1.0.0\"}",
                Files.readString(dir.resolve("oci-layout")));
        String index = Files.readString(dir.resolve("index.json"));
        assertEquals(List.of(ImageBuilder.OCI_INDEX, ImageBuilder.OCI_MANIFEST),
                TestFiles.strings(index, "mediaType"));
        assertEquals(List.of("1.0"), TestFiles.strings(index, ImageBuilder.REF_NAME));
        String manifestDigest = TestFiles.strings(index, "digest").get(0);
        assertEquals(image.manifestDigest(), manifestDigest);
        byte[] manifestBytes = blob(dir, manifestDigest);
        assertEquals(manifestDigest, TestFiles.sha256(manifestBytes));
        assertEquals(List.of((long) manifestBytes.length), TestFiles.numbers(index, "size"));

        String manifest = TestFiles.utf8(manifestBytes);
        assertEquals(List.of(ImageBuilder.OCI_MANIFEST, ImageBuilder.OCI_CONFIG,
                "application/vnd.oci.image.layer.v1.tar",
                "application/vnd.oci.image.layer.v1.tar+gzip",
                "application/vnd.oci.image.layer.v1.tar+zstd"),
                TestFiles.strings(manifest, "mediaType"));
        assertEquals(List.of(2L), TestFiles.numbers(manifest, "schemaVersion"));
        List<String> digests = TestFiles.strings(manifest, "digest");
        List<Long> sizes = TestFiles.numbers(manifest, "size");
        for (int i = 0; i < digests.size(); i++) {
            byte[] blob = blob(dir, digests.get(i));
            assertEquals(digests.get(i), TestFiles.sha256(blob));
            assertEquals(sizes.get(i), blob.length);
        }

        String config = TestFiles.utf8(blob(dir, digests.get(0)));
        List<String> diffIds = diffIds(config);
        assertEquals(image.diffIds(), diffIds);
        for (int i = 0; i < 3; i++) {
            byte[] tar = TestFiles.decompress(blob(dir, digests.get(i + 1)));
            assertEquals(diffIds.get(i), TestFiles.sha256(tar), "diff_id of layer " + i);
        }
        assertEquals(List.of("linux"), TestFiles.strings(config, "os"));
        assertEquals(List.of("amd64"), TestFiles.strings(config, "architecture"));
    }

    @Test
    void writeOciLayout_compressedLayersHoldTheWhiteoutsAndLinksOfTheirBuilders()
            throws IOException {
        Path dir = tmp.resolve("layout");
        threeLayerImage().writeOciLayout(dir);
        String manifest = TestFiles.utf8(blob(dir,
                TestFiles.strings(Files.readString(dir.resolve("index.json")), "digest").get(0)));
        List<String> digests = TestFiles.strings(manifest, "digest");

        List<TestFiles.Read> gzip = TestFiles.entries(TestFiles.decompress(blob(dir,
                digests.get(2))));
        List<TestFiles.Read> zstd = TestFiles.entries(TestFiles.decompress(blob(dir,
                digests.get(3))));

        assertEquals(0x1f, blob(dir, digests.get(2))[0] & 0xff, "gzip magic");
        assertEquals(0x28, blob(dir, digests.get(3))[0] & 0xff, "zstd magic");
        assertEquals("usr/share/doc/a", gzip.get(1).linkName());
        assertEquals(List.of("etc/.wh.os-release", "usr/share/doc/.wh..wh..opq"),
                zstd.stream().map(TestFiles.Read::name).toList());
    }

    @Test
    void config_historyInterleavesEmptyLayers() {
        String config = threeLayerImage().configJson();

        assertEquals(List.of("ADD rootfs /", "ENV LANG=C", "RUN install docs", "RUN cleanup"),
                TestFiles.strings(config, "created_by"));
        assertTrue(config.contains("{\"created\":\"2024-01-01T00:00:00Z\",\"created_by\":"
                + "\"ENV LANG=C\",\"empty_layer\":true}"), config);
        assertEquals(1, config.split("empty_layer").length - 1);
    }

    @Test
    void config_withoutHistory_getsOneEntryPerLayer() {
        ImageBuilder image = new ImageBuilder().layer(new LayerBuilder().file("a", "a"))
                .layer(new LayerBuilder().file("b", "b"));

        assertEquals(List.of("testkit layer 0", "testkit layer 1"),
                TestFiles.strings(image.configJson(), "created_by"));
    }

    @Test
    void build_historyNotMatchingLayerCount_isRejected() {
        ImageBuilder image = new ImageBuilder().layer(new LayerBuilder().file("a", "a"))
                .history("RUN a", false).history("RUN b", false);

        assertThrows(IllegalStateException.class, image::configJson);
    }

    @Test
    void platform_isWrittenToTheConfig() {
        String config = new ImageBuilder().platform("linux", "arm64", "v8")
                .layer(new LayerBuilder().file("a", "a")).configJson();

        assertTrue(config.contains("\"architecture\":\"arm64\",\"variant\":\"v8\","
                + "\"os\":\"linux\""), config);
    }

    @Test
    void writeDockerArchive_classicLayoutWithManifestConfigAndLayerTars() throws IOException {
        ImageBuilder image = threeLayerImage();
        Path file = tmp.resolve("image.tar");

        image.writeDockerArchive(file);

        Map<String, byte[]> files = TestFiles.files(Files.readAllBytes(file));
        String manifest = TestFiles.utf8(files.get("manifest.json"));
        String configName = TestFiles.strings(manifest, "Config").get(0);
        assertEquals(ImageBuilder.hex(image.configDigest()) + ".json", configName);
        assertEquals(image.configDigest(), TestFiles.sha256(files.get(configName)));
        assertTrue(manifest.contains("\"RepoTags\":[\"example/app:1.0\"]"), manifest);
        List<String> layers = layerPaths(manifest);
        assertEquals(3, layers.size());
        List<String> diffIds = diffIds(TestFiles.utf8(files.get(configName)));
        for (int i = 0; i < 3; i++) {
            assertTrue(layers.get(i).matches("[0-9a-f]{64}/layer\\.tar"), layers.get(i));
            byte[] tar = TestFiles.decompress(files.get(layers.get(i)));
            assertEquals(diffIds.get(i), TestFiles.sha256(tar));
            String id = layers.get(i).substring(0, 64);
            assertEquals("1.0", TestFiles.utf8(files.get(id + "/VERSION")));
            assertEquals(List.of(id), TestFiles.strings(TestFiles.utf8(files.get(id + "/json")),
                    "id"));
        }
        String top = layers.get(2).substring(0, 64);
        assertEquals("{\"example/app\":{\"1.0\":\"" + top + "\"}}",
                TestFiles.utf8(files.get("repositories")));
    }

    @Test
    void writeDockerArchive_identicalLayers_getDistinctChainedIds() throws IOException {
        LayerBuilder same = new LayerBuilder().file("a", "a");
        Path file = tmp.resolve("image.tar");

        new ImageBuilder().layer(same).layer(same).writeDockerArchive(file);

        String manifest = TestFiles.utf8(TestFiles.files(Files.readAllBytes(file))
                .get("manifest.json"));
        List<String> layers = layerPaths(manifest);
        assertNotEquals(layers.get(0), layers.get(1));
        assertTrue(manifest.contains("\"RepoTags\":null"), manifest);
    }

    @Test
    void writeOciArchive_holdsTheSameLayoutAsTheDirectory() throws IOException {
        ImageBuilder image = threeLayerImage();
        Path dir = tmp.resolve("layout");
        Path file = tmp.resolve("image-oci.tar");

        image.writeOciLayout(dir);
        image.writeOciArchive(file);

        Map<String, byte[]> files = TestFiles.files(Files.readAllBytes(file));
        assertEquals(Files.readString(dir.resolve("index.json")),
                TestFiles.utf8(files.get("index.json")));
        assertTrue(files.containsKey("oci-layout"));
        List<String> names = TestFiles.entries(Files.readAllBytes(file)).stream()
                .map(TestFiles.Read::name).toList();
        assertTrue(names.containsAll(List.of("blobs/", "blobs/sha256/")), names.toString());
        try (var blobs = Files.list(dir.resolve("blobs/sha256"))) {
            for (Path b : blobs.toList()) {
                assertArrayEquals(Files.readAllBytes(b),
                        files.get("blobs/sha256/" + b.getFileName()));
            }
        }
        assertEquals(5, files.keySet().stream().filter(n -> n.startsWith("blobs/")).count());
    }

    @Test
    void writers_areDeterministic() throws IOException {
        threeLayerImage().writeOciArchive(tmp.resolve("a.tar"));
        threeLayerImage().writeOciArchive(tmp.resolve("b.tar"));
        threeLayerImage().writeDockerArchive(tmp.resolve("c.tar"));
        threeLayerImage().writeDockerArchive(tmp.resolve("d.tar"));

        assertArrayEquals(Files.readAllBytes(tmp.resolve("a.tar")),
                Files.readAllBytes(tmp.resolve("b.tar")));
        assertArrayEquals(Files.readAllBytes(tmp.resolve("c.tar")),
                Files.readAllBytes(tmp.resolve("d.tar")));
    }

    @Test
    void tag_withoutTagPart_meansLatest() throws IOException {
        Path dir = tmp.resolve("layout");
        new ImageBuilder().layer(new LayerBuilder().file("a", "a")).tag("alpine")
                .writeOciLayout(dir);

        assertEquals(List.of("latest"), TestFiles.strings(
                Files.readString(dir.resolve("index.json")), ImageBuilder.REF_NAME));
    }

    @Test
    void mediaTypesDocker_usesSchema2ManifestConfigAndRootfsDiffTypes() throws IOException {
        ImageBuilder image = new ImageBuilder().mediaTypes(ImageBuilder.MediaTypes.DOCKER)
                .layer(new LayerBuilder().file("a", "a"), Compression.NONE)
                .layer(new LayerBuilder().file("b", "b"), Compression.GZIP)
                .layer(new LayerBuilder().file("c", "c"), Compression.ZSTD)
                .tag("docker-types:1");
        Path dir = tmp.resolve("layout");

        image.writeOciLayout(dir);

        assertEquals(List.of(ImageBuilder.DOCKER_MANIFEST, ImageBuilder.DOCKER_CONFIG,
                "application/vnd.docker.image.rootfs.diff.tar",
                "application/vnd.docker.image.rootfs.diff.tar.gzip",
                "application/vnd.oci.image.layer.v1.tar+zstd"),
                TestFiles.strings(image.manifestJson(), "mediaType"));
        String index = Files.readString(dir.resolve("index.json"));
        assertEquals(List.of(ImageBuilder.OCI_INDEX, ImageBuilder.DOCKER_MANIFEST),
                TestFiles.strings(index, "mediaType"));
        assertEquals(image.manifestJson(), TestFiles.utf8(blob(dir, image.manifestDigest())));
    }

    static byte[] blob(Path layout, String digest) throws IOException {
        return Files.readAllBytes(layout.resolve("blobs/sha256").resolve(
                digest.substring("sha256:".length())));
    }

    static List<String> diffIds(String config) {
        String ids = config.substring(config.indexOf("\"diff_ids\":[") + 12);
        ids = ids.substring(0, ids.indexOf(']'));
        return List.of(ids.replace("\"", "").split(","));
    }

    static List<String> layerPaths(String dockerManifest) {
        String layers = dockerManifest.substring(dockerManifest.indexOf("\"Layers\":[") + 10);
        layers = layers.substring(0, layers.indexOf(']'));
        return List.of(layers.replace("\"", "").split(","));
    }
}
