package dev.tarsier.vulndb.internal.cve5;

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

class Cve5ParserTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Optional<String> show(Optional<Rating> r) {
        return r.map(x -> (x.fromCvss() ? x.score() + " " : "") + x.severity() + " " + x.source());
    }

    private static Optional<String> cvss(String score, String severity, String source) {
        return score.isEmpty() ? Optional.empty() : Optional.of(Double.parseDouble(score) + " " + severity + " " + source);
    }

    @Test
    void parse_everyCve5FixtureRecord_givesTheCnaAndCisaAdpRatingsOfTheAnswerFile() {
        Path root = SharedData.fixture("advisories/cve-severity");
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (Map<String, String> row : CollectingSink.tsv(root.resolve("expected-severity.tsv"))) {
            if (row.get("cve5_file").isEmpty()) {
                continue;
            }
            CollectingSink sink = CollectingSink.read(root.resolve(row.get("cve5_file")));
            assertEquals(List.of(), sink.problems);
            CveFacts facts = sink.byId().getOrDefault(row.get("cve"), CveFacts.of(row.get("cve")));
            // A CVSS metric first; without one, the CNA's severity word ("other" content).
            Optional<String> cna = cvss(row.get("cna_score"), row.get("cna_severity"), Rating.SOURCE_CNA)
                    .or(() -> Optional.of(row.get("cna_other")).filter(o -> !o.isEmpty())
                            .map(o -> Severity.parse(o) + " " + Rating.SOURCE_CNA));
            Optional<String> adp = cvss(row.get("adp_cisa_v3_score"), row.get("adp_cisa_v3_severity"),
                    Rating.SOURCE_CISA_ADP);
            if (!cna.equals(show(facts.cna())) || !adp.equals(show(facts.adp()))) {
                wrong.add(row.get("cve") + ": want " + cna + "/" + adp + ", got " + show(facts.cna()) + "/"
                        + show(facts.adp()));
            }
            checked++;
        }
        assertEquals(26, checked);
        assertEquals(List.of(), wrong);
    }

    @Test
    void parse_rejectedRecord_givesNoFacts() throws IOException {
        assertInstanceOf(FeedRecord.Ignored.class, Cve5Parser.parse(JSON.readTree(
                "{\"dataType\":\"CVE_RECORD\",\"cveMetadata\":{\"cveId\":\"CVE-2024-0069\",\"state\":\"REJECTED\"},"
                        + "\"containers\":{\"cna\":{\"rejectedReasons\":[]}}}")));
    }

    @Test
    void parse_otherMetricWithASeverityWord_isATextualCnaRating() throws IOException {
        FeedRecord r = Cve5Parser.parse(JSON.readTree("{\"dataType\":\"CVE_RECORD\",\"cveMetadata\":{\"cveId\":"
                + "\"CVE-2023-0286\",\"state\":\"PUBLISHED\"},\"containers\":{\"cna\":{\"metrics\":[{\"format\":\"other\","
                + "\"other\":{\"type\":\"https://www.openssl.org/policies/secpolicy.html\",\"content\":{\"text\":\"High\","
                + "\"value\":\"High\"}}}]}}}"));
        Rating cna = ((FeedRecord.Facts) r).facts().cna().orElseThrow();
        assertEquals(Severity.HIGH, cna.severity());
        assertEquals(false, cna.fromCvss());
    }

    @Test
    void parse_containersOfTheWrongTypeOrNoId_isMalformed() throws IOException {
        assertInstanceOf(FeedRecord.Malformed.class, Cve5Parser.parse(JSON.readTree(
                "{\"dataType\":\"CVE_RECORD\",\"cveMetadata\":{\"cveId\":\"CVE-2024-1\"},\"containers\":{}}")));
        assertInstanceOf(FeedRecord.Malformed.class, Cve5Parser.parse(JSON.readTree(
                "{\"dataType\":\"CVE_RECORD\",\"cveMetadata\":{\"cveId\":\"CVE-2024-0001\"},\"containers\":{\"adp\":5}}")));
    }
}
