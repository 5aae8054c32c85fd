package dev.tarsier.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tarsier.testkit.Compression;
import dev.tarsier.testkit.ImageBuilder;
import dev.tarsier.testkit.LayerBuilder;
import dev.tarsier.testkit.SharedData;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code tarsier db build} then {@code tarsier scan} through the real CLI. */
class ScanEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode scan(Path image, Path db) throws Exception {
        CliRun run = CliRun.of("scan", image.toString(), "--db", db.toString(), "--format", "json");
        assertEquals(0, run.exitCode(), run.err() + run.out());
        return JSON.readTree(run.out());
    }

    private static Set<String> findings(JsonNode report) {
        Set<String> out = new TreeSet<>();
        for (JsonNode f : report.path("findings")) {
            out.add(f.path("id").asText() + " " + f.path("package").path("name").asText() + "@"
                    + f.path("package").path("version").asText() + " layer " + f.path("layer").asInt()
                    + " " + f.path("class").asText() + " " + f.path("severity").asText()
                    + " fixed " + f.path("fixedVersions"));
        }
        return out;
    }

    @Test
    void scan_demoImage_againstDemoAdvisories_findsExactlyTheAffectedPackages(@TempDir Path tmp) throws Exception {
        Path db = tmp.resolve("demo.db");
        CliRun build = CliRun.of("db", "build", "--out", db.toString(), "../demo/advisories");
        assertEquals(0, build.exitCode(), build.err());
        JsonNode report = scan(Path.of("../demo/demo-image.tar"), db);
        assertEquals(Set.of(
                "CVE-2020-8840 jackson-databind@2.9.10.1 layer 1 app CRITICAL fixed [\"2.9.10.3\"]",
                "CVE-2021-44228 log4j-core@2.14.1 layer 1 app CRITICAL fixed [\"2.15.0\"]",
                "CVE-2021-23337 lodash@4.17.15 layer 1 app HIGH fixed [\"4.17.21\"]",
                "CVE-2023-45853 zlib1g@1:1.2.13.dfsg-1 layer 0 os CRITICAL fixed []",
                "CVE-2023-46218 curl@7.88.1-10+deb12u4 layer 0 os HIGH fixed [\"7.88.1-10+deb12u5\"]",
                "CVE-2023-46218 libcurl4@7.88.1-10+deb12u4 layer 0 os HIGH fixed [\"7.88.1-10+deb12u5\"]",
                "CVE-2023-5678 libssl3@3.0.11-1~deb12u2 layer 0 os MEDIUM fixed [\"3.0.13-1~deb12u1\"]"),
                findings(report));
        assertFalse(report.toString().contains("CVE-2022-4450"), "a Debian 11 advisory never matches Debian 12");
        JsonNode log4j = null;
        for (JsonNode f : report.path("findings")) {
            if (f.path("id").asText().equals("CVE-2021-44228")) {
                log4j = f;
            }
        }
        assertEquals(List.of("GHSA-jfh8-c2jp-5v3q"), List.of(log4j.path("aliases").get(0).asText()));
    }

    /** An ELF stand-in carrying the version marker the real node binary has (see analyzers-app). */
    private static byte[] fakeNode(String version) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0});
        out.writeBytes(new byte[4096]);
        out.writeBytes(("Browser\0node.js/v" + version + "\0").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(new byte[4096]);
        return out.toByteArray();
    }

    @Test
    void scan_realAdvisories_affectedVersionsFound_fixedVersionsClean(@TempDir Path tmp) throws Exception {
        Path ghsa = SharedData.fixture("advisories/osv-ghsa/bulk-maven");
        Path node = SharedData.fixture("advisories/nodejs-security-wg/core-index.json");
        Path db = tmp.resolve("real.db");
        CliRun build = CliRun.of("db", "build", "--out", db.toString(), ghsa.toString(), node.toString());
        assertEquals(0, build.exitCode(), build.err());

        ImageBuilder image = new ImageBuilder()
                .layer(new LayerBuilder()
                        .file("opt/old/jackson-databind-2.9.10.1.jar",
                                AppPackagesEndToEndTest.jar("com.fasterxml.jackson.core", "jackson-databind", "2.9.10.1"))
                        .executable("usr/local/bin/node", fakeNode("18.12.0")), Compression.GZIP)
                .layer(new LayerBuilder()
                        .file("opt/new/jackson-databind-2.18.2.jar",
                                AppPackagesEndToEndTest.jar("com.fasterxml.jackson.core", "jackson-databind", "2.18.2"))
                        .executable("opt/node22/bin/node", fakeNode("99.0.0")), Compression.ZSTD);
        Path archive = tmp.resolve("real.tar");
        image.writeOciArchive(archive);
        JsonNode report = scan(archive, db);

        List<String> vulnerable = new ArrayList<>();
        for (JsonNode f : report.path("findings")) {
            vulnerable.add(f.path("package").path("name").asText() + "@" + f.path("package").path("version").asText()
                    + " " + f.path("id").asText());
        }
        assertTrue(vulnerable.contains("jackson-databind@2.9.10.1 CVE-2020-11619"), vulnerable.toString());
        assertTrue(vulnerable.stream().filter(v -> v.startsWith("jackson-databind@2.9.10.1 ")).count() > 20,
                vulnerable.toString());
        assertTrue(vulnerable.stream().anyMatch(v -> v.startsWith("node@18.12.0 CVE-")), vulnerable.toString());
        assertFalse(vulnerable.stream().anyMatch(v -> v.startsWith("jackson-databind@2.18.2 ")), vulnerable.toString());
        assertFalse(vulnerable.stream().anyMatch(v -> v.startsWith("node@99.0.0 ")), vulnerable.toString());
        assertTrue(Files.size(db) > 0);
    }

    private static String dpkg(String name, String version, String source) {
        return "Package: " + name + "\nStatus: install ok installed\nArchitecture: amd64\nSource: " + source
                + "\nVersion: " + version + "\nDescription: test\n\n";
    }

    private static String apk(String name, String version, String origin) {
        return "P:" + name + "\nV:" + version + "\nA:x86_64\no:" + origin + "\nL:GPL-2.0\n\n";
    }

    @Test
    void scan_realDebianAndChainguardAdvisories_matchBySourcePackageWithinTheRelease(@TempDir Path tmp) throws Exception {
        Path debian = SharedData.fixture("advisories/debian/osv");
        Path chainguard = SharedData.fixture("advisories/wolfi-chainguard/osv-cga");
        Path db = tmp.resolve("os.db");
        CliRun build = CliRun.of("db", "build", "--out", db.toString(), debian.toString(), chainguard.toString());
        assertEquals(0, build.exitCode(), build.err());

        Path wheezy = tmp.resolve("wheezy.tar");
        new ImageBuilder().layer(new LayerBuilder()
                .file("etc/os-release", "ID=debian\nVERSION_ID=\"7\"\nPRETTY_NAME=\"Debian GNU/Linux 7 (wheezy)\"\n")
                .file("var/lib/dpkg/status", dpkg("nginx-full", "1.2.1-2.2+wheezy2", "nginx")
                        + dpkg("nginx-doc", "1.2.1-2.2+wheezy3", "nginx"))).writeDockerArchive(wheezy);
        // DSA-3029-1 publishes no severity: the finding says UNKNOWN rather than guessing
        assertEquals(Set.of("CVE-2014-3616 nginx-full@1.2.1-2.2+wheezy2 layer 0 os UNKNOWN fixed [\"1.2.1-2.2+wheezy3\"]"),
                findings(scan(wheezy, db)));

        Path bookworm = tmp.resolve("bookworm.tar");
        new ImageBuilder().layer(new LayerBuilder()
                .file("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n")
                .file("var/lib/dpkg/status", dpkg("nginx-full", "1.2.1-2.2+wheezy2", "nginx"))).writeDockerArchive(bookworm);
        assertEquals(Set.of(), findings(scan(bookworm, db)), "a Debian 7 advisory never applies to Debian 12");

        Path cg = tmp.resolve("chainguard.tar");
        new ImageBuilder().layer(new LayerBuilder()
                .file("etc/os-release", "ID=chainguard\nNAME=\"Chainguard\"\nPRETTY_NAME=\"Chainguard\"\n")
                .file("lib/apk/db/installed", apk("haproxy-2.8", "2.8.17-r0", "haproxy-2.8")
                        + apk("haproxy-2.2", "2.2.34-r0", "haproxy-2.2"))).writeOciArchive(cg);
        List<String> names = new ArrayList<>();
        for (JsonNode f : scan(cg, db).path("findings")) {
            names.add(f.path("package").path("name").asText() + "@" + f.path("package").path("version").asText()
                    + " fixed " + f.path("fixedVersions"));
        }
        assertTrue(names.contains("haproxy-2.8@2.8.17-r0 fixed [\"2.8.18-r0\"]"), names.toString());
        assertFalse(names.stream().anyMatch(n -> n.startsWith("haproxy-2.2@")), names.toString());
    }

    @Test
    void scan_pythonPackages_matchPyPiAdvisoriesWithPep440Ordering(@TempDir Path tmp) throws Exception {
        Path advisories = Files.createDirectories(tmp.resolve("pypi"));
        Files.writeString(advisories.resolve("PYSEC-TEST-1.json"), """
                {"id": "PYSEC-TEST-1", "modified": "2024-01-01T00:00:00Z", "aliases": ["CVE-2023-30861"],
                 "summary": "Flask session cookie caching",
                 "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N"}],
                 "affected": [{"package": {"ecosystem": "PyPI", "name": "flask"},
                   "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "2.2.5"},
                                                               {"introduced": "2.3.0"}, {"fixed": "2.3.2"}]}]}]}
                """);
        Path db = tmp.resolve("pypi.db");
        assertEquals(0, CliRun.of("db", "build", "--out", db.toString(), advisories.toString()).exitCode());
        String site = "usr/lib/python3.11/site-packages/";
        Path image = tmp.resolve("py.tar");
        new ImageBuilder().layer(new LayerBuilder()
                .file(site + "Flask-2.3.1.dist-info/METADATA", "Metadata-Version: 2.1\nName: Flask\nVersion: 2.3.1\n")
                .file("opt/venv/lib/python3.11/site-packages/flask-2.3.2.dist-info/METADATA",
                        "Metadata-Version: 2.1\nName: flask\nVersion: 2.3.2\n")
                .file(site + "flask_old-1.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: flask_old\nVersion: 2.3.1rc1\n"))
                .writeOciArchive(image);
        Set<String> found = new TreeSet<>();
        for (JsonNode f : scan(image, db).path("findings")) {
            found.add(f.path("id").asText() + " " + f.path("package").path("purl").asText() + " " + f.path("fixedVersions"));
        }
        assertEquals(Set.of("CVE-2023-30861 pkg:pypi/flask@2.3.1 [\"2.3.2\"]"), found);
    }
}
