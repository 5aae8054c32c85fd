package dev.tarsier.testkit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The proof that the written files are real images: skopeo and umoci, when installed, accept
 * them. Skipped when the tools are absent.
 */
class ExternalToolsTest {

    @TempDir
    Path tmp;

    @Test
    void skopeo_inspectsOciLayoutByTag() throws Exception {
        assumeTrue(onPath("skopeo"), "skopeo not installed");
        ImageBuilder image = ImageBuilderTest.threeLayerImage();
        Path dir = tmp.resolve("layout");
        image.writeOciLayout(dir);

        String raw = run("skopeo", "inspect", "--raw", "oci:" + dir + ":1.0");

        assertEquals(image.manifestJson(), raw.strip());
    }

    @Test
    void skopeo_inspectsDockerArchive() throws Exception {
        assumeTrue(onPath("skopeo"), "skopeo not installed");
        ImageBuilder image = ImageBuilderTest.threeLayerImage();
        Path file = tmp.resolve("image.tar");
        image.writeDockerArchive(file);

        String out = run("skopeo", "inspect", "docker-archive:" + file);

        assertTrue(out.contains("\"Architecture\": \"amd64\""), out);
        // skopeo's docker-archive source names layers by their config diff_ids.
        int start = out.indexOf("\"Layers\"");
        String layers = out.substring(start, out.indexOf(']', start));
        assertEquals(image.diffIds(), TestFiles.digests(layers));
    }

    @Test
    void skopeo_copiesDockerArchiveReadingEveryLayer() throws Exception {
        assumeTrue(onPath("skopeo"), "skopeo not installed");
        ImageBuilder image = ImageBuilderTest.threeLayerImage();
        Path file = tmp.resolve("image.tar");
        image.writeDockerArchive(file);
        Path out = tmp.resolve("copy");

        run("skopeo", "copy", "docker-archive:" + file, "oci:" + out + ":copied");

        String index = Files.readString(out.resolve("index.json"));
        assertEquals(List.of("copied"), TestFiles.strings(index, ImageBuilder.REF_NAME));
    }

    @Test
    void skopeo_readsDocker25ArchiveBothAsDockerArchiveAndAsOciArchive() throws Exception {
        assumeTrue(onPath("skopeo"), "skopeo not installed");
        ImageBuilder image = ImageBuilderTest.threeLayerImage();
        Path file = tmp.resolve("image-docker25.tar");
        image.writeDockerArchiveOci(file);

        run("skopeo", "copy", "docker-archive:" + file, "oci:" + tmp.resolve("a") + ":x");
        String raw = run("skopeo", "inspect", "--raw", "oci-archive:" + file + ":1.0");

        assertEquals(image.manifestJson(), raw.strip());
    }

    @Test
    void skopeo_copiesOciArchiveVerifyingEveryBlob() throws Exception {
        assumeTrue(onPath("skopeo"), "skopeo not installed");
        ImageBuilder image = ImageBuilderTest.threeLayerImage();
        Path file = tmp.resolve("image-oci.tar");
        image.writeOciArchive(file);
        Path out = tmp.resolve("copy");

        run("skopeo", "copy", "--preserve-digests", "oci-archive:" + file + ":1.0",
                "oci:" + out + ":copied");

        for (String digest : image.layerDigests()) {
            assertTrue(Files.exists(out.resolve("blobs/sha256").resolve(ImageBuilder.hex(digest))),
                    digest);
        }
    }

    @Test
    void skopeo_decodesZstdLayerToTheTarOfItsDiffId() throws Exception {
        assumeTrue(onPath("skopeo"), "skopeo not installed");
        ImageBuilder image = new ImageBuilder()
                .layer(new LayerBuilder().file("etc/os-release", "ID=fedora\n"), Compression.ZSTD)
                .tag("z:1");
        Path dir = tmp.resolve("layout");
        image.writeOciLayout(dir);
        Path out = tmp.resolve("gzipped");

        // Recompressing forces skopeo (Go's zstd decoder) to decode the whole zstd stream.
        run("skopeo", "copy", "--dest-compress-format", "gzip", "oci:" + dir + ":1",
                "oci:" + out + ":1");

        String index = Files.readString(out.resolve("index.json"));
        String manifest = TestFiles.utf8(ImageBuilderTest.blob(out, TestFiles.digests(index)
                .get(0)));
        assertTrue(manifest.contains("application/vnd.oci.image.layer.v1.tar+gzip"), manifest);
        byte[] gzipBlob = ImageBuilderTest.blob(out, TestFiles.digests(manifest).get(1));
        assertEquals(image.diffIds().get(0), TestFiles.sha256(TestFiles.decompress(gzipBlob)));
    }

    @Test
    void skopeo_selectsEachPlatformOfANestedIndexByTag() throws Exception {
        assumeTrue(onPath("skopeo"), "skopeo not installed");
        MultiPlatformImageBuilder multi = MultiPlatformImageBuilderTest.twoPlatforms();
        Path file = tmp.resolve("multi.tar");
        multi.writeOciArchive(file);

        String raw = run("skopeo", "inspect", "--raw", "oci-archive:" + file + ":2");
        String arm = run("skopeo", "--override-arch", "arm64", "inspect", "--config",
                "oci-archive:" + file + ":2");
        String amd = run("skopeo", "--override-arch", "amd64", "inspect", "--config",
                "oci-archive:" + file + ":2");

        assertEquals(multi.platformIndexJson(), raw.strip());
        assertTrue(arm.contains(MultiPlatformImageBuilderTest.arm64().diffIds().get(0)), arm);
        assertTrue(amd.contains(MultiPlatformImageBuilderTest.amd64().diffIds().get(0)), amd);
    }

    @Test
    void skopeo_copiesDocker25ArchiveWithDockerMediaTypesThroughItsLegacyManifest()
            throws Exception {
        assumeTrue(onPath("skopeo"), "skopeo not installed");
        ImageBuilder image = ImageBuilderTest.threeLayerImage()
                .mediaTypes(ImageBuilder.MediaTypes.DOCKER);
        Path file = tmp.resolve("docker25.tar");
        image.writeDockerArchiveOci(file);
        Path out = tmp.resolve("copy");

        // skopeo 1.9's oci: transport only follows OCI-typed descriptors in index.json, so the
        // docker-typed save is read as docker save does it: through manifest.json.
        run("skopeo", "copy", "docker-archive:" + file, "oci:" + out + ":1.0");

        String index = Files.readString(out.resolve("index.json"));
        String manifest = TestFiles.utf8(ImageBuilderTest.blob(out,
                TestFiles.digests(index).get(0)));
        assertEquals(image.configDigest(), TestFiles.digests(manifest).get(0));
    }

    @Test
    void umoci_unpacksLayersApplyingWhiteoutsAndOpaqueDirs() throws Exception {
        assumeTrue(onPath("umoci"), "umoci not installed");
        ImageBuilder image = new ImageBuilder()
                .layer(new LayerBuilder().dir("etc").file("etc/os-release", "ID=alpine\n")
                        .file("etc/hostname", "box\n").dir("doc").file("doc/a", "a")
                        .executable("bin/tool", new byte[] {1}).symlink("bin/alias", "tool")
                        .hardlink("bin/tool2", "bin/tool"), Compression.GZIP)
                .layer(new LayerBuilder().whiteout("etc/os-release").opaque("doc")
                        .file("doc/b", "b"), Compression.NONE)
                .tag("t:1");
        Path dir = tmp.resolve("layout");
        image.writeOciLayout(dir);
        Path bundle = tmp.resolve("bundle");

        run("umoci", "unpack", "--rootless", "--image", dir + ":1", bundle.toString());

        Path rootfs = bundle.resolve("rootfs");
        assertFalse(Files.exists(rootfs.resolve("etc/os-release")), "whiteout applied");
        assertEquals("box\n", Files.readString(rootfs.resolve("etc/hostname")));
        assertFalse(Files.exists(rootfs.resolve("doc/a")), "opaque dir hid lower child");
        assertEquals("b", Files.readString(rootfs.resolve("doc/b")));
        assertEquals("tool", Files.readSymbolicLink(rootfs.resolve("bin/alias")).toString());
        assertTrue(Files.isExecutable(rootfs.resolve("bin/tool2")));
    }

    static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /** Runs a command; fails the test with its output unless it exits 0 within a minute. */
    static String run(String... command) throws IOException, InterruptedException {
        Path log = Files.createTempFile("testkit-tool", ".log");
        try {
            Process p = new ProcessBuilder(new ArrayList<>(List.of(command)))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + String.join(" ", command));
            }
            String text = Files.readString(log, StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), String.join(" ", command) + "\n" + text);
            return text;
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
