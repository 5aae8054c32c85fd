package dev.tarsier.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DbCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = new CommandLine(new DbCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    private static Path source(Path tmp) throws IOException {
        Path s = tmp.resolve("a.json");
        Files.writeString(s, "[{\"id\":\"GHSA-1\",\"aliases\":[\"CVE-1\"],\"affected\":[{\"package\":{\"ecosystem\":\"npm\","
                + "\"name\":\"lodash\"},\"ranges\":[{\"type\":\"SEMVER\",\"events\":[{\"introduced\":\"0\"},"
                + "{\"fixed\":\"4.17.21\"}]}]}]},{\"id\":\"BROKEN\",\"affected\":{}}]");
        return s;
    }

    @Test
    void build_thenInfo_reportsCountsAndVerifies(@TempDir Path tmp) throws IOException {
        Path db = tmp.resolve("t.db");
        assertEquals(0, run("build", "--out", db.toString(), source(tmp).toString()));
        assertTrue(out.toString().contains("1 advisories, 1 packages, 1 affected entries"), out.toString());
        assertTrue(out.toString().contains("skipped 1 malformed records"), out.toString());
        assertTrue(err.toString().contains("warning:") && err.toString().contains("BROKEN"), err.toString());
        out.getBuffer().setLength(0);
        assertEquals(0, run("info", db.toString()));
        String info = out.toString();
        assertTrue(info.contains("format version:  3"), info);
        assertTrue(info.contains("advisories:      1"), info);
        assertTrue(info.contains("ecosystems:      npm"), info);
        assertTrue(info.contains("checksums:       ok"), info);
        assertTrue(info.contains("a.json: 2 records (1 advisories imported, 0 withdrawn, 1 skipped, 0 CVE records)"), info);
    }

    @Test
    void info_corruptedDatabase_exitsTwoWithOneLine(@TempDir Path tmp) throws IOException {
        Path db = tmp.resolve("t.db");
        assertEquals(0, run("build", "--out", db.toString(), source(tmp).toString()));
        byte[] b = Files.readAllBytes(db);
        Files.write(db, java.util.Arrays.copyOf(b, b.length / 2));
        err.getBuffer().setLength(0);
        assertEquals(2, run("info", db.toString()));
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
        assertTrue(err.toString().startsWith("tarsier db info: ") && err.toString().contains("truncated"), err.toString());
    }

    @Test
    void info_missingFile_exitsTwo(@TempDir Path tmp) {
        assertEquals(2, run("info", tmp.resolve("nope.db").toString()));
        assertTrue(err.toString().contains("no such file"), err.toString());
    }

    @Test
    void build_missingSource_exitsTwoAndWritesNothing(@TempDir Path tmp) {
        Path db = tmp.resolve("t.db");
        assertEquals(2, run("build", "--out", db.toString(), tmp.resolve("missing.json").toString()));
        assertTrue(err.toString().contains("no such file or directory"), err.toString());
        assertTrue(Files.notExists(db));
    }

    @Test
    void build_withoutOut_isUsageError() {
        assertEquals(2, run("build", "x.json"));
        assertEquals(2, run());
    }
}
