package dev.tarsier.report;

import dev.tarsier.api.Severity;
import dev.tarsier.vulndb.VulnerabilityDatabase;
import dev.tarsier.vulndb.VulnerabilityDatabaseBuilder;
import dev.tarsier.vulndb.VulnerabilityMatcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Rescan}: state handling, dry runs and the gate helper, on the report fixtures. */
class RescanTest {

    private static final Path ADVISORIES = Path.of("../demo/advisories");

    private static Path stored(Path dir) throws Exception {
        Files.createDirectories(dir);
        for (ReportFormat f : List.of(ReportFormat.JSON, ReportFormat.CYCLONEDX, ReportFormat.SPDX)) {
            try (OutputStream out = Files.newOutputStream(dir.resolve("app." + f.name().toLowerCase() + ".json"))) {
                ReportWriter.write(Report.inventory(ReportFixtures.inventory()), f, out);
            }
        }
        return dir;
    }

    @Test
    void run_secondRunWithTheSameDb_reportsNothingNew_andDryRunsKeepNoState(@TempDir Path tmp) throws Exception {
        Path db = tmp.resolve("all.db");
        new VulnerabilityDatabaseBuilder().source(ADVISORIES).build(db);
        Path dir = stored(tmp.resolve("docs"));
        try (VulnerabilityDatabase database = VulnerabilityDatabase.open(db)) {
            VulnerabilityMatcher matcher = new VulnerabilityMatcher(database);

            Rescan.Result dry = new Rescan(matcher, 2, false).run(dir);
            assertFalse(Files.exists(dir.resolve(Rescan.STATE_DIR)), "a dry run writes nothing");
            assertEquals(3, dry.images().size());
            int findings = dry.images().get(0).findings();
            assertTrue(findings > 0);
            for (Rescan.ImageChanges i : dry.images()) {
                assertTrue(i.firstRun());
                assertEquals(findings, i.added().size(), i.file());
                assertEquals(findings, i.findings(), "the same inventory in three formats: " + i.file());
            }
            assertFalse(dry.newAtLeast(Severity.CRITICAL, Severity.MEDIUM).isEmpty());

            Rescan.Result first = new Rescan(matcher, 1, true).run(dir);
            assertEquals(dry, first, "one thread or two, dry or not: the same answer");
            Rescan.Result second = new Rescan(matcher, 2, true).run(dir);
            for (Rescan.ImageChanges i : second.images()) {
                assertFalse(i.firstRun());
                assertEquals(List.of(), i.added());
                assertEquals(List.of(), i.gone());
            }
            assertTrue(second.newAtLeast(Severity.LOW, Severity.LOW).isEmpty());

            // a damaged state file: that document starts over, the others are unaffected
            Files.writeString(dir.resolve(Rescan.STATE_DIR).resolve("app.json.json.findings.json"), "{\"schemaVersion\": ");
            Rescan.Result third = new Rescan(matcher, 2, true).run(dir);
            Rescan.ImageChanges damaged = third.images().stream().filter(i -> i.file().equals("app.json.json"))
                    .findFirst().orElseThrow();
            assertTrue(damaged.firstRun());
            assertEquals(findings, damaged.added().size());
            assertEquals(2, third.images().stream().filter(i -> !i.firstRun()).count());

            ByteArrayOutputStream json = new ByteArrayOutputStream();
            third.writeJson(json);
            assertTrue(json.toString().contains("\"firstRun\" : true"), json.toString());
        }
    }
}
