package dev.tarsier.vulndb.internal.kev;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tarsier.testkit.SharedData;
import dev.tarsier.vulndb.internal.enrich.CveFacts;
import dev.tarsier.vulndb.internal.enrich.FeedRecord;
import dev.tarsier.vulndb.internal.source.AdvisorySourceReader;
import dev.tarsier.vulndb.internal.source.CollectingSink;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class KevParserTest {

    @Test
    void read_wholeCatalog_givesItsVersionAndTheInKevAnswerOfEveryCheckedCve() throws IOException {
        Path dir = SharedData.fixture("advisories/exploitation");
        CollectingSink sink = CollectingSink.read(dir.resolve("kev/known_exploited_vulnerabilities.json"));
        String header = Files.readAllLines(dir.resolve("expected-kev.tsv"), StandardCharsets.UTF_8).get(0);
        assertEquals("# title=CISA Catalog of Known Exploited Vulnerabilities\tcatalogVersion=2025.08.25\t"
                + "dateReleased=2025-08-25T17:04:19.9796Z\tcount=1404\tvulnerabilities=1404", header);
        assertEquals(List.of(new CollectingSink.Version(dir.resolve("kev/known_exploited_vulnerabilities.json").toString(),
                AdvisorySourceReader.KIND_KEV, "2025.08.25", "2025-08-25T17:04:19.9796Z")), sink.versions);
        assertEquals(1404, sink.facts.size());
        assertEquals(List.of(), sink.problems);
        Map<String, CveFacts> byId = sink.byId();
        List<Map<String, String>> rows = CollectingSink.tsv(dir.resolve("expected-kev.tsv"));
        assertEquals(94, rows.size());
        for (Map<String, String> row : rows) {
            CveFacts f = byId.get(row.get("cve"));
            String got = f == null ? "no" : "yes " + f.kevDateAdded().orElseThrow();
            String want = row.get("in_kev").equals("yes") ? "yes " + row.get("dateAdded") : "no";
            assertEquals(want, got, row.get("cve"));
        }
    }

    @Test
    void parse_entryWithABadDate_isMalformed() throws IOException {
        ObjectMapper json = new ObjectMapper();
        assertInstanceOf(FeedRecord.Malformed.class,
                KevParser.parse(json.readTree("{\"cveID\":\"CVE-2021-44228\",\"dateAdded\":\"12/10/2021\"}")));
        assertInstanceOf(FeedRecord.Malformed.class,
                KevParser.parse(json.readTree("{\"cveID\":\"log4shell\",\"dateAdded\":\"2021-12-10\"}")));
    }
}
