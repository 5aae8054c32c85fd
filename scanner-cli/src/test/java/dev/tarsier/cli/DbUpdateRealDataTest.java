package dev.tarsier.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tarsier.testkit.ImageBuilder;
import dev.tarsier.testkit.LayerBuilder;
import dev.tarsier.testkit.SharedData;
import dev.tarsier.vulndb.VulnerabilityDatabase;
import dev.tarsier.vulndb.VulnerabilityDatabaseInfo;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code db update} over the real feed records of {@code ../shared/fixtures/advisories} served in
 * the real URL layouts: real Debian, Ubuntu, Rocky Linux, AlmaLinux, Go, crates.io, RubyGems,
 * Packagist and NuGet OSV records as per-ecosystem {@code all.zip}, real NVD records as yearly
 * feeds, the whole real KEV catalog and a real EPSS file; then scans of Debian images holding the
 * packages those real records name. Skips when the shared fixtures are absent.
 */
class DbUpdateRealDataTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private FeedServer server;
    private List<String> ecosystems;

    @BeforeEach
    void serveRealFeeds() throws IOException {
        Path advisories = SharedData.fixture("advisories");
        server = new FeedServer();
        Map<String, List<byte[]>> byEcosystem = new TreeMap<>();
        List<Path> records = new ArrayList<>();
        for (String dir : List.of("debian/osv", "osv-more", "redhat/osv-almalinux")) {
            try (Stream<Path> files = Files.walk(advisories.resolve(dir))) {
                files.filter(f -> f.toString().endsWith(".json")).sorted().forEach(records::add);
            }
        }
        for (Path f : records) {
            JsonNode record = JSON.readTree(f.toFile());
            String ecosystem = record.path("affected").path(0).path("package").path("ecosystem").asText();
            if (!record.has("id") || ecosystem.isEmpty()) {
                continue;
            }
            // osv.dev exports one zip per ecosystem, named without the release ("Debian:11" -> Debian)
            byEcosystem.computeIfAbsent(ecosystem.split(":")[0], k -> new ArrayList<>()).add(Files.readAllBytes(f));
        }
        for (Map.Entry<String, List<byte[]>> e : byEcosystem.entrySet()) {
            // the server sees the decoded path: "Rocky Linux" was requested as Rocky%20Linux
            server.put("/osv/" + e.getKey() + "/all.zip", FeedServer.zip(e.getValue()));
        }
        ecosystems = List.copyOf(byEcosystem.keySet());
        // NVD's yearly feeds hold the same cve objects as its per-CVE records
        putNvd("2014", advisories.resolve("cve-severity/nvd/fkie-per-cve/CVE-2014-3616.json"));
        putNvd("2024", advisories.resolve("cve-severity/nvd/fkie-per-cve/CVE-2024-3847.json"));
        for (String empty : List.of("2015", "2016", "2017", "2018", "2019", "2020", "2021", "2022", "2023", "modified")) {
            putNvd(empty, null);
        }
        server.put("/kev.json", Files.readAllBytes(advisories.resolve("exploitation/kev/known_exploited_vulnerabilities.json")));
        server.put("/epss.csv.gz", FeedServer.gzip(Files.readAllBytes(advisories.resolve("exploitation/epss/claircore-data.csv"))));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void realFeeds_updateThenScan_debianRatingFirst_nvdWhereDebianHasNone() throws Exception {
        Path db = tmp.resolve("tarsier.db");
        CliRun update = CliRun.of("db", "update", "--db", db.toString(), "--cache-dir", tmp.resolve("cache").toString(),
                "--quiet", "--osv-url", server.url() + "/osv", "--ecosystems", String.join(",", ecosystems),
                "--nvd-url", server.url() + "/nvd", "--nvd-years", "2014-2024",
                "--kev-url", server.url() + "/kev.json", "--epss-url", server.url() + "/epss.csv.gz",
                "--nodejs-url", "none");
        assertEquals(0, update.exitCode(), update.err() + "\n" + server.log());
        try (VulnerabilityDatabase d = VulnerabilityDatabase.open(db)) {
            VulnerabilityDatabaseInfo info = d.info();
            assertTrue(info.advisories() >= 20, "the real OSV records: " + info.advisories());
            assertTrue(info.ecosystems().contains("Debian:7") && info.ecosystems().contains("Rocky Linux:8"),
                    info.ecosystems().toString());
            assertTrue(info.sources().stream().anyMatch(s -> s.feeds().stream().anyMatch(f -> f.kind().equals("kev")
                    && f.version().equals("2025.08.25"))), "the KEV catalog version is recorded: " + info.sources());
        }

        // Debian 7 nginx before the DSA's fix: DSA-3029-1 carries no rating, NVD rates CVE-2014-3616 (v2, 4.3)
        Path wheezy = tmp.resolve("wheezy.tar");
        debianImage("7", "nginx", "1.2.1-2.2+wheezy2").writeDockerArchive(wheezy);
        JsonNode report = scan(db, wheezy);
        JsonNode nginx = only(report);
        assertEquals("CVE-2014-3616", nginx.path("id").asText());
        assertEquals("MEDIUM", nginx.path("severity").asText());
        assertEquals("nvd", nginx.path("severitySource").asText());
        assertEquals("AV:N/AC:M/Au:N/C:N/I:P/A:N", nginx.path("cvssVector").asText(), "the real record's v2 vector");
        assertEquals(4.3, nginx.path("cvssScore").asDouble());
        CliRun gate = CliRun.of("scan", wheezy.toString(), "--db", db.toString(), "--fail-on-os", "MEDIUM");
        assertEquals(1, gate.exitCode(), gate.out());

        // Debian 11 chromium: Debian rates CVE-2024-3847 "low"; NVD has only a secondary 9.8. The
        // distribution's own rating comes first.
        Path bullseye = tmp.resolve("bullseye.tar");
        debianImage("11", "chromium", "123.0.6312.105-1~deb11u1").writeDockerArchive(bullseye);
        JsonNode chromium = only(scan(db, bullseye));
        assertEquals("CVE-2024-3847", chromium.path("id").asText());
        assertEquals("LOW", chromium.path("severity").asText());
        assertEquals("debian", chromium.path("severitySource").asText());
        assertTrue(!chromium.path("knownExploited").asBoolean());
    }

    private JsonNode scan(Path db, Path image) throws IOException {
        CliRun scan = CliRun.of("scan", image.toString(), "--db", db.toString(), "--format", "json");
        assertEquals(0, scan.exitCode(), scan.err());
        return JSON.readTree(scan.out());
    }

    private static JsonNode only(JsonNode report) {
        assertEquals(1, report.path("findings").size(), report.path("findings").toString());
        return report.path("findings").path(0);
    }

    private static ImageBuilder debianImage(String version, String pkg, String pkgVersion) {
        return new ImageBuilder().layer(new LayerBuilder()
                .file("etc/os-release", "PRETTY_NAME=\"Debian GNU/Linux " + version + "\"\nNAME=\"Debian GNU/Linux\"\n"
                        + "VERSION_ID=\"" + version + "\"\nID=debian\n")
                .file("var/lib/dpkg/status", "Package: " + pkg + "\nStatus: install ok installed\nPriority: optional\n"
                        + "Section: httpd\nMaintainer: Debian Nginx Maintainers\nArchitecture: amd64\nVersion: " + pkgVersion
                        + "\nDescription: small, powerful, scalable web/proxy server\n\n"));
    }

    private void putNvd(String year, Path record) throws IOException {
        server.putNvd(year, record == null ? List.of() : List.of((ObjectNode) JSON.readTree(record.toFile())));
    }
}
