package dev.tarsier.cli;

import dev.tarsier.testkit.SharedData;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The OS analyzers through the real CLI, on the real alpine docker-save and the demo image. */
class OsPackagesEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void inventory_alpine310DockerSave_listsEveryApkPackageAtLayerZero() throws Exception {
        Path image = SharedData.fixture("images/alpine-3.10.docker-save.tar.gz");
        Path expected = SharedData.fixture("pkgdb/apk/alpine3.10.4-image/expected.simple-parse.tsv");
        CliRun run = CliRun.of("inventory", image.toString(), "--format", "json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode report = JSON.readTree(run.out());
        assertEquals("alpine", report.path("image").path("os").path("family").asText());
        assertEquals("3.10.4", report.path("image").path("os").path("version").asText());
        TreeSet<String> actual = new TreeSet<>();
        for (JsonNode p : report.path("packages")) {
            assertEquals("apk", p.path("type").asText());
            assertEquals(0, p.path("layer").asInt());
            assertEquals("lib/apk/db/installed", p.path("path").asText());
            assertTrue(p.path("purl").asText().startsWith("pkg:apk/alpine/"), p.path("purl").asText());
            assertTrue(p.path("purl").asText().contains("distro=alpine-3.10.4"), p.path("purl").asText());
            actual.add(p.path("name").asText() + " " + p.path("version").asText());
        }
        TreeSet<String> wanted = new TreeSet<>();
        for (String line : Files.readAllLines(expected)) {
            if (line.isBlank() || line.startsWith("#") || line.startsWith("name\t")) {
                continue;
            }
            String[] cols = line.split("\t");
            wanted.add(cols[0] + " " + cols[1]);
        }
        assertEquals(wanted, actual);
        assertEquals(0, report.path("warnings").size(), report.path("warnings").toString());
    }

    @Test
    void inventory_demoImage_purgedDebIsGone_othersKeepLayerZero() throws Exception {
        CliRun run = CliRun.of("inventory", "../demo/demo-image.tar", "--format", "json");
        JsonNode report = JSON.readTree(run.out());
        List<String> debs = new ArrayList<>();
        for (JsonNode p : report.path("packages")) {
            if (p.path("type").asText().equals("deb")) {
                debs.add(p.path("name").asText() + "#" + p.path("layer").asInt());
            }
        }
        assertEquals(List.of("curl#0", "libcurl4#0", "libssl3#0", "zlib1g#0"), debs.stream().sorted().toList());
    }

    @Test
    void inventory_rpmSqliteWithWal_includesPackagesCommittedOnlyInTheLog(@org.junit.jupiter.api.io.TempDir Path tmp)
            throws Exception {
        Path fixtures = Path.of("../analyzers-os/src/test/resources/fixtures/rpm/wal");
        Path image = tmp.resolve("rpm.tar");
        new dev.tarsier.testkit.ImageBuilder().layer(new dev.tarsier.testkit.LayerBuilder()
                        .file("etc/os-release", "ID=fedora\nVERSION_ID=39\n")
                        .file("usr/lib/sysimage/rpm/rpmdb.sqlite-wal", Files.readAllBytes(fixtures.resolve("rpmdb.sqlite-wal")))
                        .file("usr/lib/sysimage/rpm/rpmdb.sqlite", Files.readAllBytes(fixtures.resolve("rpmdb.sqlite"))))
                .writeOciArchive(image);
        CliRun run = CliRun.of("inventory", image.toString(), "--format", "json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode report = JSON.readTree(run.out());
        List<String> names = new ArrayList<>();
        for (JsonNode p : report.path("packages")) {
            names.add(p.path("name").asText() + "@" + p.path("version").asText());
        }
        assertTrue(names.contains("tarsier-wal-only@7.0-1"), names.toString());
        assertEquals(0, report.path("warnings").size(), report.path("warnings").toString());
    }
}
