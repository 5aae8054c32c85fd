package dev.tarsier.testkit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MultiPlatformImageBuilderTest {

    @TempDir
    Path tmp;

    static ImageBuilder amd64() {
        return new ImageBuilder().platform("linux", "amd64")
                .layer(new LayerBuilder().file("etc/arch", "x86_64\n"), Compression.GZIP);
    }

    static ImageBuilder arm64() {
        return new ImageBuilder().platform("linux", "arm64", "v8")
                .layer(new LayerBuilder().file("etc/arch", "aarch64\n"), Compression.ZSTD);
    }

    static MultiPlatformImageBuilder twoPlatforms() {
        return new MultiPlatformImageBuilder().image(amd64()).image(arm64()).tag("example/multi:2");
    }

    @Test
    void nested_indexJsonPointsToAnImageIndexListingBothPlatforms() throws IOException {
        MultiPlatformImageBuilder multi = twoPlatforms();
        Path dir = tmp.resolve("layout");

        multi.writeOciLayout(dir);

        String index = Files.readString(dir.resolve("index.json"));
        assertEquals(List.of(ImageBuilder.OCI_INDEX, ImageBuilder.OCI_INDEX),
                TestFiles.strings(index, "mediaType"));
        assertEquals(List.of("2"), TestFiles.strings(index, ImageBuilder.REF_NAME));
        String nestedDigest = TestFiles.digests(index).get(0);
        assertEquals(multi.platformIndexDigest(), nestedDigest);
        byte[] nestedBytes = ImageBuilderTest.blob(dir, nestedDigest);
        assertEquals(nestedDigest, TestFiles.sha256(nestedBytes));
        assertEquals(List.of((long) nestedBytes.length), TestFiles.numbers(index, "size"));

        String nested = TestFiles.utf8(nestedBytes);
        assertEquals(List.of(amd64().manifestDigest(), arm64().manifestDigest()),
                TestFiles.digests(nested));
        assertTrue(nested.contains("\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"}"),
                nested);
        assertTrue(nested.contains("\"platform\":{\"architecture\":\"arm64\",\"os\":\"linux\","
                + "\"variant\":\"v8\"}"), nested);
        for (String digest : TestFiles.digests(nested)) {
            String manifest = TestFiles.utf8(ImageBuilderTest.blob(dir, digest));
            for (String blob : TestFiles.digests(manifest)) {
                assertEquals(blob, TestFiles.sha256(ImageBuilderTest.blob(dir, blob)));
            }
        }
    }

    @Test
    void nested_platformsCarryDifferentContent() throws IOException {
        Path dir = tmp.resolve("layout");
        twoPlatforms().writeOciLayout(dir);

        byte[] amdLayer = TestFiles.decompress(ImageBuilderTest.blob(dir,
                amd64().layerDigests().get(0)));
        byte[] armLayer = TestFiles.decompress(ImageBuilderTest.blob(dir,
                arm64().layerDigests().get(0)));

        assertEquals("x86_64\n", TestFiles.utf8(TestFiles.files(amdLayer).get("etc/arch")));
        assertEquals("aarch64\n", TestFiles.utf8(TestFiles.files(armLayer).get("etc/arch")));
        assertNotEquals(amd64().configDigest(), arm64().configDigest());
    }

    @Test
    void flat_indexJsonListsPlatformManifestsWithTheTag() throws IOException {
        Path dir = tmp.resolve("layout");

        twoPlatforms().shape(MultiPlatformImageBuilder.Shape.FLAT).writeOciLayout(dir);

        String index = Files.readString(dir.resolve("index.json"));
        assertEquals(List.of(amd64().manifestDigest(), arm64().manifestDigest()),
                TestFiles.digests(index));
        assertEquals(List.of("2", "2"), TestFiles.strings(index, ImageBuilder.REF_NAME));
        assertEquals(List.of("amd64", "arm64"), TestFiles.strings(index, "architecture"));
        try (var blobs = Files.list(dir.resolve("blobs/sha256"))) {
            assertEquals(6, blobs.count(), "2 x (config, layer, manifest), no nested index");
        }
    }

    @Test
    void flat_withTwoTags_isRejected() {
        MultiPlatformImageBuilder multi = twoPlatforms().tag("example/multi:3")
                .shape(MultiPlatformImageBuilder.Shape.FLAT);

        assertThrows(IllegalStateException.class,
                () -> multi.writeOciLayout(tmp.resolve("layout")));
    }

    @Test
    void writeOciArchive_holdsTheNestedLayout() throws IOException {
        MultiPlatformImageBuilder multi = twoPlatforms();
        multi.writeOciLayout(tmp.resolve("layout"));
        multi.writeOciArchive(tmp.resolve("multi.tar"));

        Map<String, byte[]> files = TestFiles.files(Files.readAllBytes(tmp.resolve("multi.tar")));

        assertEquals(Files.readString(tmp.resolve("layout/index.json")),
                TestFiles.utf8(files.get("index.json")));
        assertEquals(multi.platformIndexJson(), TestFiles.utf8(files.get(
                "blobs/sha256/" + ImageBuilder.hex(multi.platformIndexDigest()))));
        assertEquals(7, files.keySet().stream().filter(n -> n.startsWith("blobs/")).count());
    }
}
