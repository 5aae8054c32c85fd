package dev.tarsier.analyzers.os.rpm;

import dev.tarsier.api.Diagnostic;
import dev.tarsier.testkit.AnalyzerRunner;
import dev.tarsier.testkit.RecordingSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RpmAnalyzerTest {

    private final RpmAnalyzer analyzer = new RpmAnalyzer();

    @ParameterizedTest
    @ValueSource(strings = {"var/lib/rpm/Packages", "var/lib/rpm/Packages.db", "var/lib/rpm/rpmdb.sqlite",
        "usr/lib/sysimage/rpm/Packages", "usr/lib/sysimage/rpm/Packages.db", "usr/lib/sysimage/rpm/rpmdb.sqlite"})
    void selector_matchesRpmDatabasesInBothLocations(String path) {
        assertTrue(analyzer.selector().matches(path));
    }

    @ParameterizedTest
    @ValueSource(strings = {"var/lib/rpm/Name", "var/lib/rpm/Basenames", "var/lib/rpm/__db.001",
        "var/lib/rpm/rpmdb.sqlite-shm", "var/lib/rpm/.rpm.lock", "Packages", "rpmdb.sqlite",
        "opt/var/lib/rpm/Packages", "var/lib/rpm/sub/Packages", "var/lib/rpm/Packages.gz"})
    void selector_rejectsIndexesLocksAndOtherPlaces(String path) {
        assertFalse(analyzer.selector().matches(path));
    }

    @Test
    void selector_capsDatabasesAt512MiB() {
        assertEquals(512L << 20, analyzer.selector().maxFileSize());
        assertEquals(RpmAnalyzer.MAX_DATABASE_SIZE, analyzer.selector().maxFileSize());
    }

    @Test
    void analyze_unknownFormat_warnsOnce() {
        RecordingSink sink = AnalyzerRunner.run(analyzer, "var/lib/rpm/Packages", "not a database at all".repeat(40));
        assertTrue(sink.packages().isEmpty());
        assertEquals(1, sink.diagnostics().size());
        assertEquals(Diagnostic.Severity.WARNING, sink.diagnostics().get(0).severity());
    }

    @Test
    void analyze_manyBadBlobs_listsTheFirstProblemsThenOneSummary() {
        List<byte[]> blobs = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            blobs.add(new byte[] {0, 0, 0, 0, 0, 0, 0, 0}); // il = 0: not a header
        }
        blobs.add(HeaderBlobs.pkg("zlib", "1.2.7", "18.el7", "x86_64").build());
        RecordingSink sink = AnalyzerRunner.run(analyzer, "var/lib/rpm/Packages.db", RpmNdbTest.write(blobs));
        assertEquals(List.of("zlib@1.2.7-18.el7"), sink.nameVersions());
        assertEquals(RpmAnalyzer.MAX_REPORTED_PROBLEMS + 1, sink.diagnostics().size());
        assertTrue(sink.diagnostics().get(RpmAnalyzer.MAX_REPORTED_PROBLEMS).message().contains("50 in all"));
    }

    @Test
    void walLog_isACompanionOfTheDatabase_notAFileOfItsOwn() {
        assertFalse(analyzer.selector().matches("var/lib/rpm/rpmdb.sqlite-wal"));
        assertFalse(analyzer.selector().matches("usr/lib/sysimage/rpm/rpmdb.sqlite-wal"));
        assertEquals(java.util.Set.of("-wal"), analyzer.companionSuffixes());
    }
}
