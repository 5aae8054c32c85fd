package dev.tarsier.vulndb.internal.match;

import dev.tarsier.api.Finding;
import dev.tarsier.api.Severity;
import dev.tarsier.testkit.SharedData;
import dev.tarsier.vulndb.VulnerabilityDatabase;
import dev.tarsier.vulndb.VulnerabilityDatabaseBuilder;
import dev.tarsier.vulndb.VulnerabilityDatabaseInfo;
import dev.tarsier.vulndb.VulnerabilityMatchResult;
import dev.tarsier.vulndb.VulnerabilityMatcher;
import dev.tarsier.vulndb.internal.db.DbReader;
import dev.tarsier.vulndb.internal.enrich.CveFacts;
import dev.tarsier.vulndb.internal.enrich.Rating;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;

import static dev.tarsier.vulndb.internal.match.Inventories.deb;
import static dev.tarsier.vulndb.internal.match.Inventories.maven;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code db build} over one folder holding real OSV records together with the real NVD, CVE JSON 5,
 * KEV and EPSS fixtures, then the matcher on the result.
 */
class EnrichedBuildTest {

    /** An advisory with no severity of its own for a Maven artifact, with one alias. */
    private static String unrated(String id, String alias, String artifact) {
        return "{\"id\":\"" + id + "\",\"modified\":\"2025-01-01T00:00:00Z\",\"aliases\":[\"" + alias + "\"],"
                + "\"affected\":[{\"package\":{\"ecosystem\":\"Maven\",\"name\":\"org.example:" + artifact + "\"},"
                + "\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"2.0\"}]}]}]}";
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    private static Finding finding(VulnerabilityMatchResult m, String id) {
        return m.findings().stream().filter(x -> x.id().equals(id) || x.aliases().contains(id)).findFirst().orElseThrow();
    }

    @Test
    void build_osvWithCveFeeds_storesFactsOfReferencedCvesOnlyAndTheMatcherUsesThem(@TempDir Path tmp)
            throws IOException {
        Path adv = SharedData.fixture("advisories");
        Path in = tmp.resolve("in");
        copyTree(adv.resolve("debian/osv"), in.resolve("debian"));
        copyTree(adv.resolve("osv-more/ubuntu"), in.resolve("ubuntu"));
        copyTree(adv.resolve("cve-severity/nvd"), in.resolve("nvd"));
        copyTree(adv.resolve("cve-severity/cve5"), in.resolve("cve5"));
        // The catalog only: its JSON Schema beside it is no record and would be reported as malformed.
        Files.createDirectories(in.resolve("kev"));
        Files.copy(adv.resolve("exploitation/kev/known_exploited_vulnerabilities.json"), in.resolve("kev/kev.json"));
        copyTree(adv.resolve("exploitation/epss"), in.resolve("epss"));
        // CVE-2022-34668: NVD and EPSS fixtures; CVE-2021-44228: KEV and CVE5 (CISA-ADP) fixtures.
        Files.writeString(in.resolve("test-0001.json"), unrated("TEST-0001", "CVE-2022-34668", "demo"),
                StandardCharsets.UTF_8);
        Files.writeString(in.resolve("test-0002.json"), unrated("TEST-0002", "CVE-2021-44228", "other"),
                StandardCharsets.UTF_8);
        Path out = tmp.resolve("t.db");

        VulnerabilityDatabaseBuilder.Result r = new VulnerabilityDatabaseBuilder().source(in).build(out);

        VulnerabilityDatabaseInfo.Source source = r.info().sources().get(0);
        // 3 Debian, 6 Ubuntu of which UBUNTU-CVE-2020-36325 is withdrawn, the two test advisories.
        assertEquals(3 + 5 + 2, r.info().advisories());
        assertEquals(1, source.withdrawn());
        assertEquals(0, source.skipped(), r.diagnostics().toString());
        assertTrue(source.feeds().contains(new VulnerabilityDatabaseInfo.FeedVersion("kev", "2025.08.25",
                "2025-08-25T17:04:19.9796Z")), source.feeds().toString());
        assertTrue(source.feeds().contains(new VulnerabilityDatabaseInfo.FeedVersion("epss", "v2023.03.01",
                "2024-10-25T00:00:00+0000")), source.feeds().toString());
        try (VulnerabilityDatabase db = VulnerabilityDatabase.open(out)) {
            assertEquals(source.feeds(), db.info().sources().get(0).feeds());
        }

        DbReader reader = DbReader.open(out);
        // DSA-3029-1's alias: NVD's v2 rating only.
        Rating nvd = reader.cve("CVE-2014-3616").orElseThrow().nvd().orElseThrow();
        assertEquals(4.3, nvd.score());
        assertEquals(Severity.MEDIUM, nvd.severity());
        // Debian's CVE-2024-1013: the CVE record's CNA rating (7.1 HIGH), no NVD metric in the fixtures.
        CveFacts unixodbc = reader.cve("CVE-2024-1013").orElseThrow();
        assertEquals(Severity.HIGH, unixodbc.cna().orElseThrow().severity());
        // Debian's CVE-2024-3847: NVD's secondary v3.1, and CISA-ADP's 9.8.
        CveFacts chromium = reader.cve("CVE-2024-3847").orElseThrow();
        assertEquals(Severity.CRITICAL, chromium.adp().orElseThrow().severity());
        assertTrue(chromium.nvd().isPresent());
        CveFacts log4shell = reader.cve("CVE-2021-44228").orElseThrow();
        assertEquals(LocalDate.parse("2021-12-10"), log4shell.kevDateAdded().orElseThrow());
        CveFacts nvidia = reader.cve("CVE-2022-34668").orElseThrow();
        assertEquals(0.00311, nvidia.epss().orElseThrow().score(), 1e-6, "stored as a float");
        // In the NVD, CVE5, KEV and EPSS fixtures but referred to by no advisory: not stored.
        for (String unreferenced : List.of("CVE-2023-4863", "CVE-2024-5732", "CVE-2024-8088", "CVE-1999-0005")) {
            assertTrue(reader.cve(unreferenced).isEmpty(), unreferenced);
        }

        try (VulnerabilityDatabase db = VulnerabilityDatabase.open(out)) {
            VulnerabilityMatcher matcher = new VulnerabilityMatcher(db);
            VulnerabilityMatchResult m = matcher.match(Inventories.of(null, List.of(maven("org.example", "demo", "1.0"),
                    maven("org.example", "other", "1.0"))));
            Finding nvdRated = finding(m, "CVE-2022-34668");
            assertEquals(java.util.Optional.of(Rating.SOURCE_NVD), nvdRated.severitySource());
            assertEquals(java.util.Optional.of("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"), nvdRated.cvssVector());
            assertEquals(0.00311, nvdRated.epss().orElseThrow().score(), 1e-6);
            Finding exploited = finding(m, "CVE-2021-44228");
            assertEquals(java.util.Optional.of(LocalDate.parse("2021-12-10")), exploited.knownExploitedSince());
            assertEquals(java.util.Optional.of(Rating.SOURCE_CISA_ADP), exploited.severitySource());
            assertEquals(Severity.CRITICAL, exploited.severity());
        }
    }
}
