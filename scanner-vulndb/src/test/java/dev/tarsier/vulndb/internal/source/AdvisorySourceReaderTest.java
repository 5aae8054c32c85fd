package dev.tarsier.vulndb.internal.source;

import dev.tarsier.vulndb.internal.osv.OsvParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.NoSuchElementException;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AdvisorySourceReaderTest {

    private static String nvdElement(int i) {
        return "{\"cve\":{\"id\":\"CVE-2024-" + (10000 + i) + "\",\"sourceIdentifier\":\"nvd@nist.gov\",\"vulnStatus\":"
                + "\"Analyzed\",\"descriptions\":[{\"lang\":\"en\",\"value\":\"" + "padding ".repeat(100) + "\"}],"
                + "\"metrics\":{\"cvssMetricV31\":[{\"source\":\"nvd@nist.gov\",\"type\":\"Primary\",\"cvssData\":{"
                + "\"version\":\"3.1\",\"vectorString\":\"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\","
                + "\"baseScore\":9.8,\"baseSeverity\":\"CRITICAL\"}}]}}}";
    }

    /** Parts of the generated feed handed out so far. */
    private int produced;

    /** An NVD feed produced on the fly, element by element: the test never holds it whole either. */
    private InputStream generatedFeed(int elements, boolean truncate) {
        Enumeration<InputStream> parts = new Enumeration<>() {
            private int next = -1;

            @Override
            public boolean hasMoreElements() {
                return next <= elements;
            }

            @Override
            public InputStream nextElement() {
                if (!hasMoreElements()) {
                    throw new NoSuchElementException();
                }
                String s;
                if (next == -1) {
                    s = "{\"format\":\"NVD_CVE\",\"version\":\"2.0\",\"vulnerabilities\":[";
                } else if (next == elements) {
                    s = truncate ? "{\"cve\":{\"id\":\"CVE-" : "],\"timestamp\":\"2025-01-01T00:00:00\"}";
                } else {
                    s = (next == 0 ? "" : ",") + nvdElement(next);
                }
                next++;
                produced = next;
                return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
            }
        };
        return new SequenceInputStream(parts);
    }

    @Test
    void readStream_largeNvdFeed_isStreamedElementByElement() throws IOException {
        // About 50 MB of JSON. The first record must reach the sink while most of the feed is still
        // unproduced: proof that the reader does not load the document (or the array) first.
        int n = 50_000;
        int[] producedAtFirstFact = {-1};
        CollectingCount sink = new CollectingCount() {
            @Override
            public void facts(String origin, dev.tarsier.vulndb.internal.enrich.CveFacts f) {
                if (facts == 0) {
                    producedAtFirstFact[0] = produced;
                }
                super.facts(origin, f);
            }
        };
        new AdvisorySourceReader().readStream("feed", "nvdcve-2.0-2024.json", generatedFeed(n, false), sink);
        assertEquals(n, sink.facts);
        assertEquals(0, sink.problems);
        assertTrue(producedAtFirstFact[0] < 1000, "parts produced before the first fact: " + producedAtFirstFact[0]);
    }

    @Test
    void readStream_truncatedFeed_keepsTheCompleteRecordsAndReportsTheRest() throws IOException {
        CollectingSink sink = new CollectingSink();
        new AdvisorySourceReader().readStream("feed", "f.json", generatedFeed(10, true), sink);
        assertEquals(10, sink.facts.size());
        assertEquals(1, sink.results.size());
        assertInstanceOf(OsvParser.Malformed.class, sink.results.get(0));
    }

    @Test
    void read_zipOfGzippedNvdCve5KevAndOsvRecords_recognisesEachByContent(@TempDir Path tmp) throws IOException {
        Path zip = tmp.resolve("mixed.zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
            z.putNextEntry(new ZipEntry("a/nvd.json.gz"));
            GZIPOutputStream gz = new GZIPOutputStream(z);
            gz.write(("{\"resultsPerPage\":1,\"vulnerabilities\":[" + nvdElement(1) + "]}").getBytes(StandardCharsets.UTF_8));
            gz.finish();
            z.putNextEntry(new ZipEntry("b/cve5.json"));
            z.write(("{\"dataType\":\"CVE_RECORD\",\"cveMetadata\":{\"cveId\":\"CVE-2024-1\",\"state\":\"PUBLISHED\"},"
                    + "\"containers\":{\"cna\":{\"metrics\":[{\"cvssV3_1\":{\"vectorString\":"
                    + "\"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\"}}]}}}").replace("CVE-2024-1\"", "CVE-2024-0001\"")
                    .getBytes(StandardCharsets.UTF_8));
            z.putNextEntry(new ZipEntry("c/kev.json"));
            z.write(("{\"catalogVersion\":\"1\",\"dateReleased\":\"d\",\"vulnerabilities\":[{\"cveID\":\"CVE-2024-0002\","
                    + "\"dateAdded\":\"2024-05-01\"}]}").getBytes(StandardCharsets.UTF_8));
            z.putNextEntry(new ZipEntry("d/vunnel-nvd.json"));
            z.write(("{\"schema\":\"x\",\"identifier\":\"nvd:cve-2024-10003\",\"item\":" + nvdElement(3) + "}")
                    .getBytes(StandardCharsets.UTF_8));
            z.putNextEntry(new ZipEntry("e/osv.json"));
            z.write(("{\"id\":\"GHSA-1\",\"modified\":\"2024-01-01T00:00:00Z\",\"affected\":[{\"package\":{\"ecosystem\":"
                    + "\"npm\",\"name\":\"x\"},\"ranges\":[{\"type\":\"SEMVER\",\"events\":[{\"introduced\":\"0\"}]}]}]}")
                    .getBytes(StandardCharsets.UTF_8));
        }
        CollectingSink sink = CollectingSink.read(tmp);
        assertEquals(java.util.List.of("CVE-2024-10001", "CVE-2024-0001", "CVE-2024-0002", "CVE-2024-10003"),
                sink.facts.stream().map(f -> f.facts().id()).toList());
        assertTrue(sink.byId().get("CVE-2024-0001").cna().isPresent());
        assertTrue(sink.byId().get("CVE-2024-0002").kevDateAdded().isPresent());
        assertEquals(1, sink.results.size());
        assertInstanceOf(OsvParser.Parsed.class, sink.results.get(0));
        assertEquals(1, sink.versions.size());
        assertTrue(sink.versions.get(0).origin().endsWith("mixed.zip!/c/kev.json"), sink.versions.toString());
    }

    @Test
    void read_malformedFeedElement_isAProblemAndTheOthersAreKept() throws IOException {
        CollectingSink sink = new CollectingSink();
        String doc = "{\"vulnerabilities\":[{\"cve\":{\"id\":\"nope\",\"vulnStatus\":\"x\"}}," + nvdElement(1)
                + ",{\"cveID\":\"CVE-2024-0002\",\"dateAdded\":\"soon\"}]}";
        new AdvisorySourceReader().readStream("doc", "doc.json",
                new ByteArrayInputStream(doc.getBytes(StandardCharsets.UTF_8)), sink);
        assertEquals(1, sink.facts.size());
        assertEquals(2, sink.problems.size(), sink.problems.toString());
        assertTrue(sink.problems.get(0).startsWith("doc[0]: malformed NVD record"), sink.problems.get(0));
        assertTrue(sink.problems.get(1).startsWith("doc[2]: malformed KEV record"), sink.problems.get(1));
    }

    /** Counts instead of keeping, so that the large-feed test measures the reader's memory only. */
    private static class CollectingCount implements AdvisorySourceReader.Sink {
        int facts;
        int problems;

        @Override
        public void accept(String origin, OsvParser.Result result) {
            problems++;
        }

        @Override
        public void problem(String origin, String message) {
            problems++;
        }

        @Override
        public void facts(String origin, dev.tarsier.vulndb.internal.enrich.CveFacts f) {
            facts++;
        }
    }
}
