package dev.tarsier.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tarsier.vulndb.VulnerabilityDatabase;
import dev.tarsier.vulndb.VulnerabilityDatabaseInfo;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code tarsier db update} against a local server holding the feeds in their real URL layouts:
 * osv.dev's {@code <ECOSYSTEM>/all.zip}, NVD's {@code nvdcve-2.0-YYYY.json.gz} with {@code .meta},
 * the KEV catalog, EPSS scores and the Node.js WG index. The Debian records are the demo's with
 * their CVSS removed, as Debian's real OSV records carry none: their severity must come from NVD.
 */
class DbUpdateCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DEMO = Path.of("..", "demo");

    @TempDir
    Path tmp;

    private FeedServer server;

    @BeforeEach
    void serveFeeds() throws IOException {
        server = new FeedServer();
        List<Path> debian = new ArrayList<>();
        List<Path> maven = new ArrayList<>();
        List<Path> npm = new ArrayList<>();
        try (Stream<Path> files = Files.list(DEMO.resolve("advisories"))) {
            for (Path f : files.sorted().toList()) {
                String eco = JSON.readTree(f.toFile()).path("affected").path(0).path("package").path("ecosystem").asText();
                (eco.startsWith("Debian") ? debian : eco.equals("Maven") ? maven : npm).add(f);
            }
        }
        server.put("/osv/Debian/all.zip", zip(debian, true));
        server.put("/osv/Maven/all.zip", zip(maven, false));
        server.put("/osv/npm/all.zip", zip(npm, false));
        server.putNvd("2023", List.of(
                nvdCve("CVE-2023-46218", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:N", 6.5, "MEDIUM"),
                nvdCve("CVE-2023-45853", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8, "CRITICAL"),
                // referred to by no advisory: must not be stored
                nvdCve("CVE-2023-99999", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8, "CRITICAL")));
        server.putNvd("modified", List.of(
                nvdCve("CVE-2023-5678", "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:H", 5.9, "MEDIUM")));
        server.put("/kev.json", ("{\"title\": \"CISA Catalog of Known Exploited Vulnerabilities\","
                + "\"catalogVersion\": \"2026.12.04\", \"dateReleased\": \"2026-12-04T17:01:03.1234Z\", \"count\": 1,"
                + "\"vulnerabilities\": [{\"cveID\": \"CVE-2021-44228\", \"vendorProject\": \"Apache\","
                + "\"product\": \"Log4j2\", \"vulnerabilityName\": \"Apache Log4j2 Remote Code Execution Vulnerability\","
                + "\"dateAdded\": \"2021-12-10\", \"shortDescription\": \"...\", \"requiredAction\": \"...\","
                + "\"dueDate\": \"2021-12-24\", \"knownRansomwareCampaignUse\": \"Known\", \"notes\": \"\", \"cwes\": [\"CWE-917\"]}]}")
                .getBytes(StandardCharsets.UTF_8));
        server.put("/epss_scores-current.csv.gz", FeedServer.gzip(("#model_version:v2025.03.14,score_date:2026-12-05T12:55:00Z\n"
                + "cve,epss,percentile\nCVE-2021-44228,0.94358,0.99957\nCVE-2023-46218,0.00250,0.48213\n")
                .getBytes(StandardCharsets.UTF_8)));
        server.put("/nodejs/index.json", "{\"1\": {\"cve\": [\"CVE-2017-1000381\"], \"vulnerable\": \"4.x || 5.x\", \"patched\": \"^4.8.4 || ^6.11.1\", \"severity\": \"medium\", \"description\": \"c-ares NAPTR parser out of bounds access\"}}"
                .getBytes(StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String[] update(Path db, String... extra) {
        List<String> args = new ArrayList<>(List.of("db", "update", "--db", db.toString(),
                "--cache-dir", tmp.resolve("cache").toString(), "--quiet",
                "--osv-url", server.url() + "/osv", "--ecosystems", "Debian,Maven,npm",
                "--nvd-url", server.url() + "/nvd", "--nvd-years", "2023-2023",
                "--kev-url", server.url() + "/kev.json", "--epss-url", server.url() + "/epss_scores-current.csv.gz",
                "--nodejs-url", server.url() + "/nodejs/index.json"));
        for (int i = 0; i + 1 < extra.length; i += 2) {
            int at = args.indexOf(extra[i]);
            if (at >= 0) {
                args.set(at + 1, extra[i + 1]);
            } else {
                args.addAll(List.of(extra[i], extra[i + 1]));
            }
        }
        return args.toArray(String[]::new);
    }

    @Test
    void update_thenScan_osFindingsGetNvdSeverity_andExploitationSignals() throws Exception {
        Path db = tmp.resolve("tarsier.db");
        CliRun r = CliRun.of(update(db));
        assertEquals(0, r.exitCode(), r.err() + "\n" + server.log());
        assertTrue(r.out().startsWith("updated " + db), r.out());
        try (VulnerabilityDatabase d = VulnerabilityDatabase.open(db)) {
            VulnerabilityDatabaseInfo info = d.info();
            assertEquals(8, info.advisories(), "7 demo records and one Node.js WG entry");
            assertEquals(4, info.cves(), "NVD facts of 3 referenced CVEs + the KEV/EPSS CVE; not CVE-2023-99999");
            assertEquals(1, info.knownExploited());
            assertEquals(2, info.epss());
            assertTrue(info.sources().stream().anyMatch(s -> s.url().orElse("").equals(server.url() + "/kev.json")
                    && s.fetchedAt().isPresent()), info.sources().toString());
        }

        CliRun scan = CliRun.of("scan", DEMO.resolve("demo-image.tar").toString(), "--db", db.toString(),
                "--format", "json");
        assertEquals(0, scan.exitCode(), scan.err());
        JsonNode report = JSON.readTree(scan.out());
        JsonNode curl = finding(report, "CVE-2023-46218");
        assertEquals("MEDIUM", curl.path("severity").asText(), curl.toString());
        assertEquals("nvd", curl.path("severitySource").asText(), curl.toString());
        assertEquals("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:N", curl.path("cvssVector").asText());
        assertEquals(0.0025, curl.path("epss").path("score").asDouble(), 1e-6);
        JsonNode log4j = finding(report, "CVE-2021-44228");
        assertTrue(log4j.path("knownExploited").asBoolean(), log4j.toString());
        assertEquals("2021-12-10", log4j.path("knownExploitedDateAdded").asText());
        assertEquals("advisory", log4j.path("severitySource").asText(), "the GHSA record's own CVSS comes first");
        for (JsonNode f : report.path("findings")) {
            if (f.path("class").asText().equals("os")) {
                assertTrue(!f.path("severity").asText().equals("UNKNOWN"), "NVD rates every OS finding: " + f);
            }
        }

        // The point of NVD: the OS gate can fire on records that carry no CVSS of their own ...
        CliRun gate = CliRun.of("scan", DEMO.resolve("demo-image.tar").toString(), "--db", db.toString(),
                "--fail-on-os", "HIGH", "--unknown-severity", "ignore");
        assertEquals(1, gate.exitCode(), gate.out());
        // ... and cannot without it: the same records with NVD left out leave every OS finding UNKNOWN.
        Path withoutNvd = tmp.resolve("without-nvd.db");
        assertEquals(0, CliRun.of(update(withoutNvd, "--nvd-url", "none")).exitCode());
        CliRun blind = CliRun.of("scan", DEMO.resolve("demo-image.tar").toString(), "--db", withoutNvd.toString(),
                "--fail-on-os", "HIGH", "--unknown-severity", "ignore");
        assertEquals(0, blind.exitCode(), blind.out());
    }

    @Test
    void secondUpdate_unchangedFeeds_areNeitherDownloadedNorRebuilt() throws Exception {
        Path db = tmp.resolve("tarsier.db");
        assertEquals(0, CliRun.of(update(db)).exitCode());
        byte[] first = Files.readAllBytes(db);
        server.clearLog();

        CliRun again = CliRun.of(update(db));
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(again.out().startsWith("already current: " + db), again.out());
        assertEquals(0, server.requests().stream().filter(q -> q.status() == 200 && !q.path().endsWith(".meta")).count(),
                "only 304s and NVD .meta checks:\n" + server.log());
        assertTrue(server.count("/osv/Debian/all.zip", 304) == 1, server.log());
        assertEquals(0, server.requests().stream().filter(q -> q.path().endsWith(".json.gz")).count(),
                "an NVD feed whose .meta digest is unchanged is not requested:\n" + server.log());
        assertArrayEquals(first, Files.readAllBytes(db));
    }

    @Test
    void failingFeed_leavesPreviousDatabase_andNamesTheFeed() throws Exception {
        Path db = tmp.resolve("tarsier.db");
        assertEquals(0, CliRun.of(update(db)).exitCode());
        byte[] before = Files.readAllBytes(db);

        server.put("/kev.json", "{\"catalogVersion\": \"2026.12.05\", \"vulnerabilities\": []}".getBytes(StandardCharsets.UTF_8));
        server.fail("/kev.json", 503, 503, 503, 503, 503);
        CliRun r = CliRun.of(update(db, "--nvd-url", "none"));
        assertEquals(2, r.exitCode(), r.out());
        assertTrue(r.err().contains("feed kev failed") && r.err().contains("503"), r.err());
        assertTrue(r.err().contains("was left as it was"), r.err());
        assertArrayEquals(before, Files.readAllBytes(db));

        // a corrupt export (a new ETag, but not a zip) fails its check and changes nothing either
        server.put("/osv/npm/all.zip", "PK\u0003\u0004 this is not really a zip".getBytes(StandardCharsets.ISO_8859_1));
        CliRun corrupt = CliRun.of(update(db));
        assertEquals(2, corrupt.exitCode(), corrupt.out());
        assertTrue(corrupt.err().contains("feed osv-npm failed"), corrupt.err());
        assertArrayEquals(before, Files.readAllBytes(db));
    }

    @Test
    void rateLimitedAndTruncatedDownloads_areRetried() throws Exception {
        Path db = tmp.resolve("tarsier.db");
        server.fail("/osv/Maven/all.zip", 429, 503);
        server.truncate("/osv/Debian/all.zip", 1);
        CliRun r = CliRun.of(update(db));
        assertEquals(0, r.exitCode(), r.err() + "\n" + server.log());
        assertEquals(1, server.count("/osv/Maven/all.zip", 429));
        assertEquals(1, server.count("/osv/Maven/all.zip", 503));
        assertEquals(1, server.count("/osv/Maven/all.zip", 200));
        assertEquals(2, server.count("/osv/Debian/all.zip", 200), "the cut body was fetched again:\n" + server.log());
    }

    @Test
    void badOptions_exitTwoWithOneLine() {
        CliRun r = CliRun.of("db", "update", "--db", tmp.resolve("x.db").toString(), "--cache-dir", tmp.toString(),
                "--osv-url", "ftp://example.org/osv");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("not an http(s) URL"), r.err());
    }

    private static JsonNode finding(JsonNode report, String id) {
        for (JsonNode f : report.path("findings")) {
            if (f.path("id").asText().equals(id)) {
                return f;
            }
        }
        throw new AssertionError("no finding " + id + " in " + report.path("findings"));
    }

    private static ObjectNode nvdCve(String id, String vector, double score, String severity) {
        ObjectNode cve = JSON.createObjectNode();
        cve.put("id", id).put("sourceIdentifier", "cve@mitre.org").put("published", "2023-12-07T01:15:07.683")
                .put("lastModified", "2024-01-25T14:15:26.570").put("vulnStatus", "Analyzed");
        cve.putArray("descriptions").addObject().put("lang", "en").put("value", "a test description of " + id);
        ObjectNode data = cve.putObject("metrics").putArray("cvssMetricV31").addObject()
                .put("source", "nvd@nist.gov").put("type", "Primary").putObject("cvssData");
        data.put("version", "3.1").put("vectorString", vector).put("baseScore", score).put("baseSeverity", severity);
        return cve;
    }

    private static byte[] zip(List<Path> records, boolean dropSeverity) throws IOException {
        List<byte[]> out = new ArrayList<>();
        for (Path f : records) {
            ObjectNode record = (ObjectNode) JSON.readTree(f.toFile());
            if (dropSeverity) {
                record.remove("severity");
            }
            out.add(JSON.writeValueAsBytes(record));
        }
        return FeedServer.zip(out);
    }
}
