package dev.tarsier.vulndb.internal.nvd;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tarsier.api.Severity;
import dev.tarsier.testkit.SharedData;
import dev.tarsier.vulndb.internal.enrich.CveFacts;
import dev.tarsier.vulndb.internal.enrich.Rating;
import dev.tarsier.vulndb.internal.enrich.FeedRecord;
import dev.tarsier.vulndb.internal.source.CollectingSink;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NvdParserTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The rating the rules of {@link NvdParser} give, written in terms of the answer file's
     * columns: a Primary v4.0 (its source is NVD), else the Primary v3.x, else the Primary v2 with
     * its metric-level severity, else a Secondary v4.0, else the first Secondary v3.x.
     */
    private static Optional<String> expected(Map<String, String> row) {
        if (row.get("vulnStatus").equalsIgnoreCase("rejected")) {
            return Optional.empty();
        }
        if (row.get("nvd_v4_source").equals("nvd@nist.gov")) {
            return Optional.of(row.get("nvd_v4_score") + " " + row.get("nvd_v4_severity"));
        }
        if (!row.get("nvd_v3_primary_score").isEmpty()) {
            return Optional.of(row.get("nvd_v3_primary_score") + " " + row.get("nvd_v3_primary_severity"));
        }
        if (!row.get("nvd_v2_score").isEmpty()) {
            return Optional.of(row.get("nvd_v2_score") + " " + row.get("nvd_v2_severity"));
        }
        if (!row.get("nvd_v4_score").isEmpty()) {
            return Optional.of(row.get("nvd_v4_score") + " " + row.get("nvd_v4_severity"));
        }
        if (!row.get("nvd_v3_secondary").isEmpty()) {
            String[] first = row.get("nvd_v3_secondary").split(";")[0].split("\\|");
            return Optional.of(first[2] + " " + first[3]);
        }
        return Optional.empty();
    }

    /** Score and severity in one comparable string; the answer file writes 10 for 10.0. */
    static String show(Rating r) {
        return r.score() + " " + r.severity();
    }

    static Optional<String> normalise(Optional<String> scoreAndSeverity) {
        return scoreAndSeverity.map(s -> Double.parseDouble(s.split(" ")[0]) + " " + s.split(" ")[1]);
    }

    @Test
    void parse_everyNvdFixtureRecord_givesTheRatingOfTheAnswerFile() {
        Path root = SharedData.fixture("advisories/cve-severity");
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (Map<String, String> row : CollectingSink.tsv(root.resolve("expected-severity.tsv"))) {
            if (row.get("nvd_file").isEmpty()) {
                continue;
            }
            CollectingSink sink = CollectingSink.read(root.resolve(row.get("nvd_file")));
            assertEquals(List.of(), sink.problems, row.get("nvd_file"));
            Optional<Rating> got = Optional.ofNullable(sink.byId().get(row.get("cve"))).flatMap(CveFacts::nvd);
            Optional<String> want = normalise(expected(row));
            if (!want.equals(got.map(NvdParserTest::show))) {
                wrong.add(row.get("cve") + " in " + row.get("nvd_file") + ": want " + want + ", got " + got);
            }
            got.ifPresent(r -> assertEquals(Rating.SOURCE_NVD, r.source()));
            got.ifPresent(r -> assertTrue(r.cvssVector().isPresent(), row.get("cve") + " has its vector"));
            checked++;
        }
        assertEquals(73, checked, "NVD cve objects in the answer file");
        assertEquals(List.of(), wrong);
    }

    @Test
    void parse_rejectedInAnyCase_givesNoFacts() throws IOException {
        String cve = "{\"id\":\"CVE-2020-15415\",\"vulnStatus\":\"%s\",\"metrics\":{\"cvssMetricV31\":[{\"source\":"
                + "\"nvd@nist.gov\",\"type\":\"Primary\",\"cvssData\":{\"version\":\"3.1\",\"vectorString\":"
                + "\"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\",\"baseScore\":9.8,\"baseSeverity\":\"CRITICAL\"}}]}}";
        for (String status : List.of("Rejected", "rejected", "REJECTED")) {
            assertInstanceOf(FeedRecord.Ignored.class, NvdParser.parse(JSON.readTree(String.format(cve, status))));
        }
        FeedRecord analyzed = NvdParser.parse(JSON.readTree(String.format(cve, "Analyzed")));
        assertEquals(Severity.CRITICAL, ((FeedRecord.Facts) analyzed).facts().nvd().orElseThrow().severity());
    }

    @Test
    void parse_publishedScoreDiffersFromVector_keepsThePublishedScoreAndSeverity() throws IOException {
        // The vector scores 9.8; NVD's published numbers are taken as they are.
        FeedRecord r = NvdParser.parse(JSON.readTree("{\"id\":\"CVE-2024-0001\",\"vulnStatus\":\"Analyzed\",\"metrics\":"
                + "{\"cvssMetricV31\":[{\"type\":\"Primary\",\"cvssData\":{\"vectorString\":"
                + "\"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\",\"baseScore\":8.8,\"baseSeverity\":\"HIGH\"}}]}}"));
        Rating rating = ((FeedRecord.Facts) r).facts().nvd().orElseThrow();
        assertEquals(8.8, rating.score());
        assertEquals(Severity.HIGH, rating.severity());
        assertEquals("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", rating.vector());
    }

    @Test
    void parse_primaryV2AndSecondaryV31_prefersThePrimaryMetric() throws IOException {
        FeedRecord r = NvdParser.parse(JSON.readTree("{\"id\":\"CVE-2015-0001\",\"sourceIdentifier\":\"x\",\"metrics\":"
                + "{\"cvssMetricV31\":[{\"type\":\"Secondary\",\"cvssData\":{\"vectorString\":"
                + "\"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\"}}],"
                + "\"cvssMetricV2\":[{\"type\":\"Primary\",\"baseSeverity\":\"MEDIUM\",\"cvssData\":{\"vectorString\":"
                + "\"AV:N/AC:M/Au:N/C:N/I:P/A:N\",\"baseScore\":4.3}}]}}"));
        Rating rating = ((FeedRecord.Facts) r).facts().nvd().orElseThrow();
        assertEquals("AV:N/AC:M/Au:N/C:N/I:P/A:N", rating.vector());
        assertEquals(Severity.MEDIUM, rating.severity());
    }

    @Test
    void parse_metricsOfTheWrongTypeOrNoId_isMalformedNotAnException() throws IOException {
        assertInstanceOf(FeedRecord.Malformed.class,
                NvdParser.parse(JSON.readTree("{\"id\":\"CVE-2024-0001\",\"vulnStatus\":\"x\",\"metrics\":[1]}")));
        assertInstanceOf(FeedRecord.Malformed.class, NvdParser.parse(JSON.readTree("{\"vulnStatus\":\"x\"}")));
        assertInstanceOf(FeedRecord.Ignored.class, NvdParser.parse(JSON.readTree(
                "{\"id\":\"CVE-2024-0001\",\"vulnStatus\":\"x\",\"metrics\":{\"cvssMetricV31\":[{\"type\":\"Primary\","
                        + "\"cvssData\":{\"vectorString\":\"nonsense\"}}]}}")));
    }
}
