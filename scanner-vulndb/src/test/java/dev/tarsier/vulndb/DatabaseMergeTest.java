package dev.tarsier.vulndb;

import dev.tarsier.api.Finding;
import dev.tarsier.api.Inventory;
import dev.tarsier.api.OperatingSystem;
import dev.tarsier.vulndb.internal.match.Inventories;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Compiled databases as sources ({@code db update} merges one partial DB per feed): the merge
 * copies advisories without decoding them, keeps the later {@code modified}, keeps CVE facts only
 * for CVEs the advisories refer to whatever the order of the sources, carries the source list over,
 * and matches exactly as a database built from the JSON directly.
 */
class DatabaseMergeTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path tmp;

    private static String debian(String id, String cve, String modified, String fixed) {
        return "{\"id\": \"" + id + "\", \"modified\": \"" + modified + "\", \"upstream\": [\"" + cve + "\"],"
                + "\"affected\": [{\"package\": {\"ecosystem\": \"Debian:12\", \"name\": \"curl\"},"
                + "\"ranges\": [{\"type\": \"ECOSYSTEM\", \"events\": [{\"introduced\": \"0\"}, {\"fixed\": \"" + fixed + "\"}]}],"
                + "\"ecosystem_specific\": {\"urgency\": \"not yet assigned\"}}]}";
    }

    private static String nvd(String... cves) {
        StringBuilder b = new StringBuilder("{\"format\": \"NVD_CVE\", \"version\": \"2.0\", \"vulnerabilities\": [");
        for (int i = 0; i < cves.length; i++) {
            b.append(i == 0 ? "" : ",").append("{\"cve\": {\"id\": \"").append(cves[i])
                    .append("\", \"sourceIdentifier\": \"cve@mitre.org\", \"vulnStatus\": \"Analyzed\", \"metrics\": ")
                    .append("{\"cvssMetricV31\": [{\"source\": \"nvd@nist.gov\", \"type\": \"Primary\", \"cvssData\": ")
                    .append("{\"version\": \"3.1\", \"vectorString\": \"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\", ")
                    .append("\"baseScore\": 9.8, \"baseSeverity\": \"CRITICAL\"}}]}}}");
        }
        return b.append("]}").toString();
    }

    private static Inventory curl(String version) {
        return Inventories.of(new OperatingSystem("debian", "12", Optional.of("bookworm"), Optional.of("Debian 12"),
                List.of()), List.of(Inventories.deb("curl", version, "curl", version)));
    }

    private static List<Finding> match(Path db, Inventory inventory) throws Exception {
        try (VulnerabilityDatabase d = VulnerabilityDatabase.open(db)) {
            return new VulnerabilityMatcher(d).match(inventory).findings();
        }
    }

    @Test
    void mergedPartials_matchLikeADirectBuild_andKeepOnlyReferencedFacts() throws Exception {
        Path osv = Files.createDirectories(tmp.resolve("osv"));
        Files.writeString(osv.resolve("a.json"), debian("DEBIAN-CVE-2023-46218", "CVE-2023-46218", "2024-01-01T00:00:00Z", "7.88.1-10+deb12u5"));
        Path nvdFile = Files.writeString(tmp.resolve("nvd.json"), nvd("CVE-2023-46218", "CVE-2023-99999"));

        Path advisories = tmp.resolve("osv.db");
        new VulnerabilityDatabaseBuilder().clock(CLOCK).source(osv, "https://osv.example/Debian/all.zip", CLOCK.instant())
                .build(advisories);
        Path facts = tmp.resolve("nvd.db");
        VulnerabilityDatabaseBuilder.Result nvdOnly = new VulnerabilityDatabaseBuilder().clock(CLOCK).keepAllCveFacts()
                .source(nvdFile).build(facts);
        assertEquals(2, nvdOnly.info().cves(), "a partial DB of one feed keeps every CVE");

        // facts first on purpose: the builder merges advisories before facts-only databases
        Path merged = tmp.resolve("merged.db");
        VulnerabilityDatabaseInfo info = new VulnerabilityDatabaseBuilder().clock(CLOCK).source(facts).source(advisories)
                .build(merged).info();
        assertEquals(1, info.advisories());
        assertEquals(1, info.cves(), "CVE-2023-99999 is referred to by no advisory");
        assertTrue(info.sources().stream().anyMatch(s -> s.url().equals(Optional.of("https://osv.example/Debian/all.zip"))),
                "the partial's own source list is carried over: " + info.sources());

        Path direct = tmp.resolve("direct.db");
        new VulnerabilityDatabaseBuilder().clock(CLOCK).source(osv).source(nvdFile).build(direct);
        List<Finding> fromMerged = match(merged, curl("7.88.1-10+deb12u4"));
        assertEquals(match(direct, curl("7.88.1-10+deb12u4")), fromMerged);
        assertEquals(1, fromMerged.size());
        assertEquals(Optional.of("nvd"), fromMerged.get(0).severitySource());
        assertEquals(Optional.of("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"), fromMerged.get(0).cvssVector());
    }

    @Test
    void mergedPartials_laterModifiedWins_inEitherOrder() throws Exception {
        Path older = Files.createDirectories(tmp.resolve("older"));
        Files.writeString(older.resolve("a.json"), debian("DEBIAN-CVE-2023-46218", "CVE-2023-46218", "2024-01-01T00:00:00Z", "7.88.1-10+deb12u5"));
        Path newer = Files.createDirectories(tmp.resolve("newer"));
        Files.writeString(newer.resolve("a.json"), debian("DEBIAN-CVE-2023-46218", "CVE-2023-46218", "2024-06-01T00:00:00Z", "7.88.1-10+deb12u6"));
        Path olderDb = tmp.resolve("older.db");
        Path newerDb = tmp.resolve("newer.db");
        new VulnerabilityDatabaseBuilder().clock(CLOCK).source(older).build(olderDb);
        new VulnerabilityDatabaseBuilder().clock(CLOCK).source(newer).build(newerDb);
        for (List<Path> order : List.of(List.of(olderDb, newerDb), List.of(newerDb, olderDb))) {
            Path merged = tmp.resolve("merged.db");
            VulnerabilityDatabaseBuilder b = new VulnerabilityDatabaseBuilder().clock(CLOCK);
            order.forEach(b::source);
            b.build(merged);
            List<Finding> f = match(merged, curl("7.88.1-10+deb12u5"));
            assertEquals(1, f.size(), "the newer record's fix (u6) applies, whatever the order: " + order);
            assertEquals(List.of("7.88.1-10+deb12u6"), f.get(0).fixedVersions());
        }
    }
}
