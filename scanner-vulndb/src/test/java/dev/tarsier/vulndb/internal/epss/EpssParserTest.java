package dev.tarsier.vulndb.internal.epss;

import dev.tarsier.testkit.SharedData;
import dev.tarsier.vulndb.internal.enrich.CveFacts;
import dev.tarsier.vulndb.internal.source.AdvisorySourceReader;
import dev.tarsier.vulndb.internal.source.CollectingSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EpssParserTest {

    @Test
    void read_bothRealSamples_giveEveryRowAndTheModelOfTheAnswerFile() {
        Path dir = SharedData.fixture("advisories/exploitation");
        List<Map<String, String>> rows = CollectingSink.tsv(dir.resolve("expected-epss.tsv"));
        assertEquals(34, rows.size());
        for (String file : List.of("claircore-data.csv", "vunnel-example-1.csv")) {
            CollectingSink sink = CollectingSink.read(dir.resolve("epss").resolve(file));
            assertEquals(List.of(), sink.problems);
            List<Map<String, String>> mine = rows.stream().filter(r -> r.get("file").equals(file)).toList();
            assertEquals(mine.size(), sink.facts.size(), file);
            assertEquals(1, sink.versions.size());
            assertEquals(AdvisorySourceReader.KIND_EPSS, sink.versions.get(0).kind());
            assertEquals(mine.get(0).get("model_version"), sink.versions.get(0).version());
            assertEquals(mine.get(0).get("score_date"), sink.versions.get(0).date());
            Map<String, CveFacts> byId = sink.byId();
            for (Map<String, String> row : mine) {
                CveFacts.Epss e = byId.get(row.get("cve")).epss().orElseThrow();
                assertEquals(Double.parseDouble(row.get("epss")), e.score(), row.get("cve"));
                assertEquals(Double.parseDouble(row.get("percentile")), e.percentile(), row.get("cve"));
            }
        }
    }

    @Test
    void read_gzippedFileWithoutCommentAndWithBadRows_keepsTheGoodRowsAndReportsTheBadOnes(@TempDir Path tmp)
            throws IOException {
        Path f = tmp.resolve("epss_scores-2025-03-14.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(f))) {
            out.write(("cve,epss,percentile\nCVE-2024-0001,0.5,0.9\nCVE-2024-0002,1.5,0.9\nnot-a-cve,0.1,0.1\n"
                    + "CVE-2024-0003,0.1\nCVE-2024-0004,abc,0.2\n" + "x".repeat(10_000) + "\r\nCVE-2024-0005,0.01,0.02\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
        }
        CollectingSink sink = CollectingSink.read(tmp);
        assertEquals(List.of("CVE-2024-0001", "CVE-2024-0005"), sink.facts.stream().map(x -> x.facts().id()).toList());
        assertEquals(5, sink.problems.size(), sink.problems.toString());
        assertTrue(sink.problems.get(0).contains(".csv.gz:3: malformed EPSS record"), sink.problems.get(0));
        assertEquals(List.of(), sink.versions);
    }

    @Test
    void looksLikeEpss_recognisesTheCommentOrTheHeaderOnly() {
        assertTrue(EpssParser.looksLikeEpss("#model_version:v2025.03.14,score_date:x".getBytes(StandardCharsets.US_ASCII)));
        assertTrue(EpssParser.looksLikeEpss("cve,epss,percentile\n".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(false, EpssParser.looksLikeEpss("{\"id\":1}".getBytes(StandardCharsets.US_ASCII)));
    }
}
