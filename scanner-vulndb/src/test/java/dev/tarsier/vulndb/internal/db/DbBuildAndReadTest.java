package dev.tarsier.vulndb.internal.db;

import dev.tarsier.api.Diagnostic;
import dev.tarsier.api.Severity;
import dev.tarsier.vulndb.VulnerabilityDatabase;
import dev.tarsier.vulndb.VulnerabilityDatabaseBuilder;
import dev.tarsier.vulndb.VulnerabilityDatabaseException;
import dev.tarsier.vulndb.internal.osv.OsvAdvisory.EventKind;
import dev.tarsier.vulndb.internal.osv.OsvAdvisory.RangeType;
import dev.tarsier.vulndb.internal.osv.OsvAdvisory;
import dev.tarsier.testkit.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DbBuildAndReadTest {

    private static final Clock FIXED = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);

    static String record(String id, String ecosystem, String name, String events) {
        return "{\"id\":\"" + id + "\",\"modified\":\"2024-01-01T00:00:00Z\",\"aliases\":[\"CVE-" + id.hashCode() % 1000
                + "\"],\"summary\":\"test " + id + "\",\"affected\":[{\"package\":{\"ecosystem\":\"" + ecosystem
                + "\",\"name\":\"" + name + "\"},\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[" + events + "]}]}]}";
    }

    @Test
    void build_ghsaMavenBulk_everyIndexRowIsStoredWithItsEvents() throws IOException {
        Path dir = SharedData.fixture("advisories/osv-ghsa/bulk-maven");
        Path out = Files.createTempFile("tarsier", ".db");
        try {
            VulnerabilityDatabaseBuilder.Result r = new VulnerabilityDatabaseBuilder().source(dir).clock(FIXED).build(out);
            assertEquals(364, r.info().advisories());
            assertEquals(0, r.info().sources().get(0).skipped());
            DbReader reader = DbReader.open(out);
            reader.verify();
            int rows = 0;
            List<String> missing = new ArrayList<>();
            for (String line : Files.readAllLines(dir.resolve("INDEX.tsv"), StandardCharsets.UTF_8)) {
                if (line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t");
                rows++;
                boolean found = false;
                for (DbReader.Entry e : reader.lookup(f[2], f[3])) {
                    if (!reader.advisory(e.advisory()).id().equals(f[0])) {
                        continue;
                    }
                    for (OsvAdvisory.Range range : e.ranges()) {
                        String events = range.events().stream()
                                .map(ev -> ev.kind().name().toLowerCase() + "=" + ev.value())
                                .collect(Collectors.joining(";"));
                        found |= range.type().name().equals(f[4]) && events.equals(f[5]);
                    }
                }
                if (!found) {
                    missing.add(line);
                }
            }
            assertEquals(904, rows);
            assertEquals(List.of(), missing);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    @Test
    void build_nodeWgIndex_storesNodeRuntimeRanges() throws IOException {
        Path index = SharedData.fixture("advisories/nodejs-security-wg/core-index.json");
        Path out = Files.createTempFile("tarsier", ".db");
        try {
            VulnerabilityDatabaseBuilder.Result r = new VulnerabilityDatabaseBuilder().source(index).clock(FIXED).build(out);
            assertEquals(171, r.info().advisories());
            assertEquals(List.of("node-runtime"), r.info().ecosystems());
            List<DbReader.Entry> entries = DbReader.open(out).lookup("node-runtime", "node");
            assertEquals(171, entries.size());
            assertTrue(entries.stream().allMatch(e -> e.ranges().get(0).type() == RangeType.NODE_SEMVER
                    && e.ranges().get(0).events().get(0).kind() == EventKind.VULNERABLE));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    @Test
    void build_zipJsonLinesGzipXzAndArray_allImported(@TempDir Path tmp) throws IOException {
        Path zip = tmp.resolve("all.zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
            z.putNextEntry(new ZipEntry("A-1.json"));
            z.write(record("A-1", "Debian:12", "openssl", "{\"introduced\":\"0\"},{\"fixed\":\"3.0.11-1~deb12u2\"}").getBytes(StandardCharsets.UTF_8));
            z.putNextEntry(new ZipEntry("A-2.json"));
            z.write(record("A-2", "Debian:12", "curl", "{\"introduced\":\"0\"}").getBytes(StandardCharsets.UTF_8));
        }
        Path jsonl = tmp.resolve("more.jsonl.gz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(jsonl))) {
            o.write((record("B-1", "npm", "lodash", "{\"introduced\":\"0\"},{\"fixed\":\"4.17.21\"}") + "\n"
                    + record("B-2", "npm", "minimist", "{\"introduced\":\"0\"},{\"fixed\":\"1.2.6\"}") + "\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        Path xz = tmp.resolve("array.json.xz");
        try (OutputStream o = new XZOutputStream(Files.newOutputStream(xz), new LZMA2Options())) {
            o.write(("[" + record("C-1", "Maven", "org.example:lib", "{\"introduced\":\"1.0\"},{\"fixed\":\"1.5\"}") + ","
                    + record("C-2", "Alpine:v3.19", "busybox", "{\"introduced\":\"0\"},{\"fixed\":\"1.36.1-r16\"}") + "]")
                    .getBytes(StandardCharsets.UTF_8));
        }
        Path out = tmp.resolve("db/tarsier.db");
        VulnerabilityDatabaseBuilder.Result r = new VulnerabilityDatabaseBuilder()
                .source(zip).source(jsonl).source(xz).clock(FIXED).build(out);
        assertEquals(6, r.info().advisories());
        assertEquals(List.of("Alpine:v3.19", "Debian:12", "Maven", "npm"), r.info().ecosystems());
        DbReader reader = DbReader.open(out);
        assertEquals("C-1", reader.advisory(reader.lookup("Maven", "org.example:lib").get(0).advisory()).id());
        assertEquals("1.36.1-r16", reader.lookup("Alpine:v3.19", "busybox").get(0).ranges().get(0).events().get(1).value());
        assertEquals(List.of(), reader.lookup("Debian:11", "openssl"));
        try (VulnerabilityDatabase db = VulnerabilityDatabase.open(out)) {
            assertEquals(Instant.parse("2026-01-02T03:04:05Z"), db.info().builtAt());
            assertEquals(3, db.info().sources().size());
            assertEquals(2, db.info().sources().get(1).imported());
            db.verify();
        }
    }

    @Test
    void build_malformedAndWithdrawnRecords_skippedWithDiagnosticRestImported(@TempDir Path tmp) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("osv"));
        Files.writeString(dir.resolve("good.json"), record("G-1", "npm", "a", "{\"introduced\":\"0\"}"));
        Files.writeString(dir.resolve("broken.json"), "{\"id\": \"X-1\", \"affected\": [");
        Files.writeString(dir.resolve("badrange.json"), "{\"id\":\"X-2\",\"affected\":[{\"package\":{\"ecosystem\":\"npm\","
                + "\"name\":\"b\"},\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":0}]}]}]}");
        Files.writeString(dir.resolve("withdrawn.json"), "{\"id\":\"W-1\",\"withdrawn\":\"2024-01-01T00:00:00Z\","
                + "\"affected\":[{\"package\":{\"ecosystem\":\"npm\",\"name\":\"c\"},\"versions\":[\"1.0.0\"]}]}");
        Files.writeString(dir.resolve("git.json"), "{\"id\":\"G-2\",\"affected\":[{\"package\":{\"ecosystem\":\"npm\","
                + "\"name\":\"d\"},\"ranges\":[{\"type\":\"GIT\",\"repo\":\"x\",\"events\":[{\"introduced\":\"abc\"}]},"
                + "{\"type\":\"SEMVER\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"2.0.0\"}]}]}]}");
        Files.writeString(dir.resolve("README.md"), "not an advisory");
        Path out = tmp.resolve("t.db");
        VulnerabilityDatabaseBuilder.Result r = new VulnerabilityDatabaseBuilder().source(dir).clock(FIXED).build(out);
        assertEquals(2, r.info().advisories());
        assertEquals(2, r.info().sources().get(0).skipped());
        assertEquals(1, r.info().sources().get(0).withdrawn());
        List<String> warnings = r.diagnostics().stream().filter(d -> d.severity() == Diagnostic.Severity.WARNING)
                .map(d -> d.path().orElseThrow() + ": " + d.message()).toList();
        assertEquals(2, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("badrange.json") && warnings.get(0).contains("malformed event"), warnings.toString());
        assertTrue(warnings.get(1).contains("broken.json") && warnings.get(1).contains("not valid JSON"), warnings.toString());
        assertTrue(r.diagnostics().stream().anyMatch(d -> d.severity() == Diagnostic.Severity.INFO
                && d.message().contains("GIT range ignored")));
        DbReader reader = DbReader.open(out);
        assertEquals(List.of(), reader.lookup("npm", "c"));
        assertEquals(RangeType.SEMVER, reader.lookup("npm", "d").get(0).ranges().get(0).type());
    }

    @Test
    void build_sameInputTwice_writesIdenticalFiles(@TempDir Path tmp) throws IOException {
        Path src = tmp.resolve("a.json");
        Files.writeString(src, "[" + record("Z-2", "npm", "x", "{\"introduced\":\"0\"}") + ","
                + record("Z-1", "npm", "y", "{\"introduced\":\"0\"}") + "]");
        new VulnerabilityDatabaseBuilder().source(src).clock(FIXED).build(tmp.resolve("1.db"));
        new VulnerabilityDatabaseBuilder().source(src).clock(FIXED).build(tmp.resolve("2.db"));
        assertArrayEquals(Files.readAllBytes(tmp.resolve("1.db")), Files.readAllBytes(tmp.resolve("2.db")));
    }

    private static Path smallDb(Path tmp) throws IOException {
        Path src = tmp.resolve("s.json");
        Files.writeString(src, record("S-1", "Debian:12", "openssl", "{\"introduced\":\"0\"},{\"fixed\":\"3.0.11-1\"}"));
        Path out = tmp.resolve("s.db");
        new VulnerabilityDatabaseBuilder().source(src).clock(FIXED).build(out);
        return out;
    }

    @Test
    void open_truncatedFile_failsWithClearMessage(@TempDir Path tmp) throws IOException {
        Path db = smallDb(tmp);
        byte[] all = Files.readAllBytes(db);
        Files.write(db, java.util.Arrays.copyOf(all, all.length - 10));
        VulnerabilityDatabaseException e = assertThrows(VulnerabilityDatabaseException.class, () -> VulnerabilityDatabase.open(db));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        Files.write(db, java.util.Arrays.copyOf(all, 20));
        e = assertThrows(VulnerabilityDatabaseException.class, () -> VulnerabilityDatabase.open(db));
        assertTrue(e.getMessage().contains("not a Tarsier vulnerability DB"), e.getMessage());
    }

    @Test
    void open_notADatabase_failsWithClearMessage(@TempDir Path tmp) throws IOException {
        Path f = tmp.resolve("x.db");
        Files.writeString(f, "{\"this\": \"is json, not a database\", \"padding\": \"" + "x".repeat(400) + "\"}");
        VulnerabilityDatabaseException e = assertThrows(VulnerabilityDatabaseException.class, () -> VulnerabilityDatabase.open(f));
        assertTrue(e.getMessage().contains("bad magic"), e.getMessage());
    }

    @Test
    void lookup_corruptedRecord_detectedByChecksum(@TempDir Path tmp) throws IOException {
        Path db = smallDb(tmp);
        byte[] all = Files.readAllBytes(db);
        // The last package record sits right before the CVE sections, here an empty table (one 4-byte
        // end offset) and no data, and the Maven index, here empty too (one 4-byte end offset); flip a
        // byte of its version string.
        int pos = all.length - DbFormat.FOOTER_LENGTH - 4 - 4 - 3;
        all[pos] ^= 0x55;
        Files.write(db, all);
        DbReader reader = DbReader.open(db);
        DbFormatException e = assertThrows(DbFormatException.class, () -> reader.lookup("Debian:12", "openssl"));
        assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
        try (VulnerabilityDatabase v = VulnerabilityDatabase.open(db)) {
            VulnerabilityDatabaseException ve = assertThrows(VulnerabilityDatabaseException.class, v::verify);
            assertTrue(ve.getMessage().contains("SHA-256 mismatch"), ve.getMessage());
        }
    }

    @Test
    void open_corruptedHeader_detected(@TempDir Path tmp) throws IOException {
        Path db = smallDb(tmp);
        byte[] all = Files.readAllBytes(db);
        all[30] ^= 0x01;
        Files.write(db, all);
        VulnerabilityDatabaseException e = assertThrows(VulnerabilityDatabaseException.class, () -> VulnerabilityDatabase.open(db));
        assertTrue(e.getMessage().contains("corrupted DB header"), e.getMessage());
    }

    @Test
    void build_failingSource_leavesPreviousDatabaseIntact(@TempDir Path tmp) throws IOException {
        Path db = smallDb(tmp);
        byte[] before = Files.readAllBytes(db);
        assertThrows(IOException.class, () -> new VulnerabilityDatabaseBuilder().source(tmp.resolve("missing")).build(db));
        assertArrayEquals(before, Files.readAllBytes(db));
        try (var files = Files.list(tmp)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")));
        }
    }

    @Test
    void build_ghsaSeverity_comesFromCvssVectorOrDatabaseSpecific() throws IOException {
        Path dir = SharedData.fixture("advisories/osv-ghsa/bulk-maven");
        Path out = Files.createTempFile("tarsier", ".db");
        try {
            new VulnerabilityDatabaseBuilder().source(dir).build(out);
            DbReader reader = DbReader.open(out);
            int unknown = 0;
            for (int i = 0; i < reader.advisoryCount(); i++) {
                if (reader.advisory(i).severity() == Severity.UNKNOWN) {
                    unknown++;
                }
            }
            // Every reviewed GHSA record carries a severity.
            assertEquals(0, unknown);
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
