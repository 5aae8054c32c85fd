package dev.tarsier.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tarsier.testkit.Compression;
import dev.tarsier.testkit.ImageBuilder;
import dev.tarsier.testkit.LayerBuilder;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InventoryCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DEMO = Path.of("../demo/demo-image.tar");

    @Test
    void inventory_demoImage_json_followsTheReportContract() throws Exception {
        CliRun run = CliRun.of("inventory", DEMO.toString(), "--format", "json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode report = JSON.readTree(run.out());
        assertEquals(1, report.path("schemaVersion").asInt());
        JsonNode image = report.path("image");
        assertEquals("debian", image.path("os").path("family").asText());
        assertEquals("12", image.path("os").path("version").asText());
        assertEquals(3, image.path("layers").size());
        assertEquals("RUN apt-get purge -y openssl && rm -rf /opt/app/legacy # buildkit",
                image.path("layers").get(2).path("createdBy").asText());
        List<String> packages = new ArrayList<>();
        for (JsonNode p : report.path("packages")) {
            packages.add(p.path("name").asText() + "@" + p.path("version").asText() + "#" + p.path("layer").asInt());
        }
        assertTrue(packages.contains("libssl3@3.0.11-1~deb12u2#0"), packages.toString());
        assertTrue(packages.contains("log4j-core@2.14.1#1"), packages.toString());
        assertFalse(packages.stream().anyMatch(p -> p.startsWith("openssl@")), "purged in layer 2: " + packages);
        assertFalse(packages.stream().anyMatch(p -> p.startsWith("commons-collections@")), "deleted in layer 2: " + packages);
        JsonNode libssl = find(report, "libssl3");
        assertEquals("pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12", libssl.path("purl").asText());
        assertEquals("openssl", libssl.path("sourceName").asText());
        assertEquals("os", libssl.path("class").asText());
        assertEquals("var/lib/dpkg/status", libssl.path("path").asText());
        JsonNode log4j = find(report, "log4j-core");
        assertEquals("opt/app/app.jar!/BOOT-INF/lib/log4j-core-2.14.1.jar", log4j.path("path").asText());
        assertEquals("app", log4j.path("class").asText());
        assertTrue(report.path("warnings").isArray());
    }

    @Test
    void inventory_sameImageTwice_isByteIdentical() {
        assertEquals(CliRun.of("inventory", DEMO.toString(), "--format", "json").out(),
                CliRun.of("inventory", "docker-archive:" + DEMO, "--format", "json").out()
                        .replace("docker-archive:" + DEMO, DEMO.toString()));
    }

    @Test
    void inventory_table_groupsByLayerWithCommand() {
        CliRun run = CliRun.of("inventory", DEMO.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("Layer 1  COPY app/ /opt/app/ # buildkit"), run.out());
        assertTrue(run.out().contains("OS:       Debian GNU/Linux 12 (bookworm)"), run.out());
    }

    @Test
    void inventory_badInput_exitsWithTwoAndOneLineOnStderr(@TempDir Path tmp) throws Exception {
        CliRun missing = CliRun.of("inventory", tmp.resolve("nope.tar").toString());
        assertEquals(2, missing.exitCode());
        assertEquals(1, missing.err().strip().lines().count(), missing.err());
        assertTrue(missing.err().startsWith("tarsier: "), missing.err());

        Path junk = Files.writeString(tmp.resolve("junk.tar"), "not a tar");
        assertEquals(2, CliRun.of("inventory", junk.toString()).exitCode());
        assertEquals(2, CliRun.of("inventory").exitCode());
        assertEquals(2, CliRun.of("inventory", DEMO.toString(), "--format", "yaml").exitCode());
        assertEquals(2, CliRun.of("inventory", DEMO.toString(), "--platform", "amd64").exitCode());
        assertEquals(2, CliRun.of("no-such-command").exitCode());
    }

    @Test
    void inventory_ociArchiveWithTruncatedLayer_stillSucceedsWithAWarning(@TempDir Path tmp) throws Exception {
        LayerBuilder big = new LayerBuilder().file("etc/os-release", "ID=alpine\nVERSION_ID=3.19.1\n");
        for (int i = 0; i < 100; i++) {
            big.file("usr/share/f" + i, ("x" + i).repeat(300));
        }
        Path file = tmp.resolve("t.tar");
        new ImageBuilder().layer(big, Compression.GZIP).truncateLayer(0, 900).writeOciArchive(file);
        CliRun run = CliRun.of("inventory", file.toString(), "--format", "json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode report = JSON.readTree(run.out());
        assertTrue(report.path("warnings").toString().contains("truncated or corrupt"), run.out());
    }

    private static JsonNode find(JsonNode report, String name) {
        for (JsonNode p : report.path("packages")) {
            if (p.path("name").asText().equals(name)) {
                return p;
            }
        }
        throw new AssertionError("no package " + name);
    }
}
