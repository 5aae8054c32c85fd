package dev.tarsier.testkit;

import io.airlift.compress.zstd.ZstdInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Docker 25+ archives, whole-archive compression and truncated layers. */
class ArchiveVariantsTest {

    @TempDir
    Path tmp;

    @Test
    void writeDockerArchiveOci_isAnOciLayoutWithALegacyManifestIntoTheBlobs() throws IOException {
        ImageBuilder image = ImageBuilderTest.threeLayerImage();
        Path file = tmp.resolve("docker25.tar");

        image.writeDockerArchiveOci(file);

        Map<String, byte[]> files = TestFiles.files(Files.readAllBytes(file));
        assertEquals("{\"imageLayoutVersion\":\"1.0.0\"}", TestFiles.utf8(files.get("oci-layout")));
        String index = TestFiles.utf8(files.get("index.json"));
        assertEquals(List.of("docker.io/example/app:1.0"),
                TestFiles.strings(index, ImageBuilder.CONTAINERD_NAME));
        assertEquals(List.of("1.0"), TestFiles.strings(index, ImageBuilder.REF_NAME));
        assertEquals(List.of(image.manifestDigest()), TestFiles.digests(index));

        String manifest = TestFiles.utf8(files.get("manifest.json"));
        assertEquals(List.of("blobs/sha256/" + ImageBuilder.hex(image.configDigest())),
                TestFiles.strings(manifest, "Config"));
        assertTrue(manifest.contains("\"RepoTags\":[\"example/app:1.0\"]"), manifest);
        List<String> layers = ImageBuilderTest.layerPaths(manifest);
        assertEquals(image.layerDigests().stream()
                .map(d -> "blobs/sha256/" + ImageBuilder.hex(d)).toList(), layers);
        for (int i = 0; i < layers.size(); i++) {
            byte[] blob = files.get(layers.get(i));
            assertEquals(image.layerDigests().get(i), TestFiles.sha256(blob));
            assertEquals(image.diffIds().get(i), TestFiles.sha256(TestFiles.decompress(blob)));
        }
        assertEquals(image.manifestJson(), TestFiles.utf8(files.get(
                "blobs/sha256/" + ImageBuilder.hex(image.manifestDigest()))));
    }

    @Test
    void writeDockerArchive_gzipOuter_decompressesToTheUncompressedArchive() throws IOException {
        ImageBuilder image = ImageBuilderTest.threeLayerImage();
        image.writeDockerArchive(tmp.resolve("plain.tar"));
        image.writeDockerArchive(tmp.resolve("gz.tar.gz"), Compression.GZIP);
        image.writeDockerArchiveOci(tmp.resolve("plain25.tar"));
        image.writeDockerArchiveOci(tmp.resolve("gz25.tar.gz"), Compression.GZIP);

        byte[] gz = Files.readAllBytes(tmp.resolve("gz.tar.gz"));
        assertEquals(0x1f, gz[0] & 0xff);
        assertEquals(0x8b, gz[1] & 0xff);
        assertArrayEquals(Files.readAllBytes(tmp.resolve("plain.tar")), gunzip(gz));
        assertArrayEquals(Files.readAllBytes(tmp.resolve("plain25.tar")),
                gunzip(Files.readAllBytes(tmp.resolve("gz25.tar.gz"))));
    }

    @Test
    void writeOciArchive_zstdOuter_decompressesToTheUncompressedArchive() throws IOException {
        ImageBuilder image = ImageBuilderTest.threeLayerImage();
        image.writeOciArchive(tmp.resolve("plain.tar"));
        image.writeOciArchive(tmp.resolve("z.tar.zst"), Compression.ZSTD);

        try (InputStream in = new ZstdInputStream(Files.newInputStream(
                tmp.resolve("z.tar.zst")))) {
            assertArrayEquals(Files.readAllBytes(tmp.resolve("plain.tar")), in.readAllBytes());
        }
    }

    @Test
    void truncateLayer_gzipBlobIsCutButStillReferencedWithItsOwnDigest() throws IOException {
        LayerBuilder big = new LayerBuilder();
        for (int i = 0; i < 50; i++) {
            big.file("data/file" + i, ("line " + i + "\n").repeat(200));
        }
        ImageBuilder intact = new ImageBuilder().layer(big, Compression.GZIP);
        ImageBuilder damaged = new ImageBuilder().layer(big, Compression.GZIP)
                .truncateLayer(0, 400);
        Path dir = tmp.resolve("layout");

        damaged.writeOciLayout(dir);

        assertEquals(intact.diffIds(), damaged.diffIds(), "config still claims the full tar");
        assertNotEquals(intact.layerDigests(), damaged.layerDigests());
        String manifest = damaged.manifestJson();
        assertTrue(manifest.contains("\"digest\":\"" + damaged.layerDigests().get(0)
                + "\",\"size\":400}"), manifest);
        byte[] blob = ImageBuilderTest.blob(dir, damaged.layerDigests().get(0));
        assertEquals(400, blob.length);
        assertEquals(damaged.layerDigests().get(0), TestFiles.sha256(blob));
        assertThrows(IOException.class, () -> gunzip(blob), "gzip stream ends mid-way");
    }

    @Test
    void truncateLayer_beyondTheBlob_isRejected() {
        ImageBuilder image = new ImageBuilder().layer(new LayerBuilder().file("a", "a"))
                .truncateLayer(0, 1 << 20);

        assertThrows(IllegalStateException.class, image::manifestJson);
    }

    @Test
    void truncateLayer_ofAMissingLayer_isRejected() {
        ImageBuilder image = new ImageBuilder().layer(new LayerBuilder().file("a", "a"))
                .truncateLayer(3, 10);

        assertThrows(IllegalStateException.class, image::manifestJson);
    }

    static byte[] gunzip(byte[] gz) throws IOException {
        try (InputStream in = new GzipCompressorInputStream(new ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        }
    }
}
