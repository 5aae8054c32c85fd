package dev.tarsier.analyzers.os.rpm;

import dev.tarsier.analyzers.os.rpm.sqlite.SqliteDatabase;
import dev.tarsier.analyzers.os.rpm.sqlite.SqliteWal;
import dev.tarsier.api.Diagnostic;
import dev.tarsier.api.Package;
import dev.tarsier.testkit.AnalyzerRunner;
import dev.tarsier.testkit.MemoryInput;
import dev.tarsier.testkit.RecordingSink;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The SQLite rpmdb path, on databases made by rpm 4.18 (see fixtures/rpm/make-fixtures.sh). */
class RpmSqliteTest {

    private static final Duration NO_HANG = Duration.ofSeconds(10);
    private static final String PATH = "var/lib/rpm/rpmdb.sqlite";
    private final RpmAnalyzer analyzer = new RpmAnalyzer();

    static byte[] resource(String name) {
        try (InputStream in = RpmSqliteTest.class.getResourceAsStream("/fixtures/rpm/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Package> byName(RecordingSink sink) {
        return sink.packages().stream().collect(Collectors.toMap(Package::name, Function.identity()));
    }

    private static List<Diagnostic> warnings(RecordingSink sink) {
        return sink.diagnostics().stream().filter(d -> d.severity() == Diagnostic.Severity.WARNING).toList();
    }

    @Test
    void analyze_rpmMadeSqliteDatabase_listsEveryPackageWithAllFields() {
        RecordingSink sink = AnalyzerRunner.run(analyzer, PATH, resource("rpmdb.sqlite"));
        assertTrue(sink.diagnostics().isEmpty(), () -> sink.diagnostics().toString());
        assertEquals(List.of("hello@1.0-1", "tarsier-epoch@2:3.4.5-6.tst", "tarsier-many-files@1.0-1"),
                sink.nameVersions());
        Map<String, Package> pkgs = byName(sink);
        Package hello = pkgs.get("hello");
        assertEquals(List.of("usr/bin/hello", "usr/share/doc/hello/README"), hello.files());
        assertEquals(List.of("MIT"), hello.licenses());
        assertEquals(Optional.of("Tarsier Tests"), hello.property("vendor"));
        assertEquals("pkg:rpm/hello@1.0-1?arch=noarch", hello.purl().canonicalize());
        Package epoch = pkgs.get("tarsier-epoch");
        assertEquals(Optional.of("tarsier-epoch"), epoch.sourceName());
        assertEquals(Optional.of("2:3.4.5-6.tst"), epoch.sourceVersion());
        assertEquals(Optional.of("tarsier:1.0:20240101:abcdef"), epoch.property("modularitylabel"));
        assertEquals(List.of("GPL-2.0-or-later AND MIT"), epoch.licenses());
        assertEquals("pkg:rpm/redhat/tarsier-epoch@3.4.5-6.tst?arch=noarch&epoch=2", epoch.purl().canonicalize());
        // 400 files plus two directories: the header spans SQLite overflow pages.
        Package many = pkgs.get("tarsier-many-files");
        assertEquals(402, many.files().size());
        assertTrue(many.files().contains("usr/share/tarsier-many-files/a-rather-long-directory-name-to-grow-the-header"
                + "/file-with-a-long-name-400.txt"));
    }

    @Test
    void analyze_rpmMadeSqliteDatabase_equalsWhatRpmQaListedWhenItWasMade() {
        RecordingSink sink = AnalyzerRunner.run(analyzer, PATH, resource("rpmdb.sqlite"));
        Set<String> actual = new TreeSet<>();
        for (Package p : sink.packages()) {
            String evr = p.version();
            String epoch = evr.contains(":") ? evr.substring(0, evr.indexOf(':')) : "(none)";
            String vr = evr.substring(evr.indexOf(':') + 1);
            actual.add(String.join("\t", epoch, p.name(), vr.substring(0, vr.lastIndexOf('-')),
                    vr.substring(vr.lastIndexOf('-') + 1), p.property("arch").orElseThrow(),
                    p.effectiveSourceName() + "-" + vr + ".src.rpm"));
        }
        Set<String> expected = new TreeSet<>(List.of(
                new String(resource("expected.rpm-qa.tsv"), StandardCharsets.UTF_8).strip().split("\n")));
        assertEquals(expected, actual);
    }

    @Test
    void analyze_sameDatabaseUnderSysimage_isRead() {
        RecordingSink sink = AnalyzerRunner.run(analyzer, "usr/lib/sysimage/rpm/rpmdb.sqlite", resource("rpmdb.sqlite"));
        assertEquals(3, sink.packages().size());
    }

    @Test
    void sqliteReader_withCommittedWal_seesTheRowThatOnlyTheLogHolds() throws Exception {
        List<String> problems = new ArrayList<>();
        SqliteWal wal = SqliteWal.parse(resource("wal/rpmdb.sqlite-wal"), problems::add);
        assertTrue(wal.committedFrames() > 0);
        List<Long> withWal = rowids(SqliteDatabase.open(resource("wal/rpmdb.sqlite"), wal, problems::add));
        List<Long> without = rowids(SqliteDatabase.open(resource("wal/rpmdb.sqlite"), null, problems::add));
        assertEquals(List.of(1L, 2L, 3L, 100L), withWal);
        assertEquals(List.of(1L, 2L, 3L), without);
        assertTrue(problems.isEmpty(), problems::toString);
    }

    @Test
    void sqliteReader_walWithABrokenChecksum_keepsOnlyTheFramesBeforeIt() throws Exception {
        byte[] wal = resource("wal/rpmdb.sqlite-wal");
        wal[32 + 24 + 100] ^= 1; // first frame's page data
        List<String> problems = new ArrayList<>();
        SqliteWal parsed = SqliteWal.parse(wal, problems::add);
        assertEquals(0, parsed.committedFrames());
        assertEquals(List.of(1L, 2L, 3L), rowids(SqliteDatabase.open(resource("wal/rpmdb.sqlite"), parsed,
                problems::add)));
    }

    @Test
    void sqliteReader_walWithBadMagic_isIgnoredWithAProblem() {
        byte[] wal = resource("wal/rpmdb.sqlite-wal");
        wal[0] = 0;
        List<String> problems = new ArrayList<>();
        assertEquals(0, SqliteWal.parse(wal, problems::add).committedFrames());
        assertEquals(1, problems.size());
    }

    private static List<Long> rowids(SqliteDatabase db) {
        List<Long> ids = new ArrayList<>();
        assertTrue(db.scanTable("packages", (rowid, values) -> ids.add(rowid)));
        return ids;
    }

    @Test
    void analyze_withWalCompanion_reportsThePackageCommittedOnlyInTheLog() {
        MemoryInput db = MemoryInput.of(PATH, resource("wal/rpmdb.sqlite"));
        RecordingSink without = AnalyzerRunner.run(analyzer, db);
        RecordingSink with = AnalyzerRunner.run(analyzer,
                MemoryInput.of(PATH, resource("wal/rpmdb.sqlite")).withCompanion("-wal", resource("wal/rpmdb.sqlite-wal")));
        assertFalse(without.nameVersions().stream().anyMatch(p -> p.startsWith("tarsier-wal-only@")), without.nameVersions()::toString);
        assertTrue(with.nameVersions().contains("tarsier-wal-only@7.0-1"), with.nameVersions()::toString);
        assertEquals(without.packages().size() + 1, with.packages().size());
        assertTrue(with.diagnostics().isEmpty(), with.diagnostics()::toString);
    }

    @Test
    void analyze_emptyWalCompanion_changesNothing() {
        RecordingSink plain = AnalyzerRunner.run(analyzer, PATH, resource("wal/rpmdb.sqlite"));
        RecordingSink empty = AnalyzerRunner.run(analyzer,
                MemoryInput.of(PATH, resource("wal/rpmdb.sqlite")).withCompanion("-wal", new byte[0]));
        assertEquals(plain.nameVersions(), empty.nameVersions());
        assertTrue(empty.diagnostics().isEmpty(), empty.diagnostics()::toString);
    }

    @Test
    void analyze_badMagic_warnsAndReportsNothing() {
        byte[] db = resource("rpmdb.sqlite");
        db[0] = 'X';
        RecordingSink sink = AnalyzerRunner.run(analyzer, PATH, db);
        assertTrue(sink.packages().isEmpty());
        assertEquals(1, warnings(sink).size());
    }

    @Test
    void analyze_emptyDatabase_isInfoOnly() {
        RecordingSink sink = AnalyzerRunner.run(analyzer, PATH, new byte[0]);
        assertTrue(sink.packages().isEmpty());
        assertEquals(Diagnostic.Severity.INFO, sink.diagnostics().get(0).severity());
    }

    @Test
    void analyze_truncatedAtEveryPage_neverThrowsNorHangsAndKeepsWhatItReads() {
        byte[] db = resource("rpmdb.sqlite");
        assertTimeoutPreemptively(NO_HANG, () -> {
            for (int len = 0; len <= db.length; len += 4096 / 2) {
                RecordingSink sink = AnalyzerRunner.run(analyzer, PATH, Arrays.copyOf(db, len));
                assertTrue(sink.diagnostics().stream().noneMatch(d -> d.severity() == Diagnostic.Severity.ERROR),
                        () -> "length " + sink.diagnostics());
                assertTrue(List.of("hello@1.0-1", "tarsier-epoch@2:3.4.5-6.tst", "tarsier-many-files@1.0-1")
                        .containsAll(sink.nameVersions()));
                if (len < db.length) {
                    assertFalse(sink.diagnostics().isEmpty(), "truncation at " + len + " must be reported");
                }
            }
        });
    }

    @Test
    void analyze_overflowChainLoopingOnItself_warnsAndKeepsTheOtherPackages() {
        byte[] db = resource("wal/rpmdb.sqlite");
        int page = firstOverflowPage(db);
        ByteBuffer.wrap(db).putInt((page - 1) * 4096, page);
        RecordingSink sink = assertTimeoutPreemptively(NO_HANG, () -> AnalyzerRunner.run(analyzer, PATH, db));
        assertEquals(List.of("hello@1.0-1", "tarsier-epoch@2:3.4.5-6.tst"), sink.nameVersions());
        assertTrue(warnings(sink).stream().anyMatch(d -> d.message().contains("loops")), sink.diagnostics()::toString);
    }

    @Test
    void analyze_overflowPointerOutsideTheFile_warnsAndKeepsTheOtherPackages() {
        byte[] db = resource("wal/rpmdb.sqlite");
        int page = firstOverflowPage(db);
        ByteBuffer.wrap(db).putInt((page - 1) * 4096, 0x00ffffff);
        RecordingSink sink = AnalyzerRunner.run(analyzer, PATH, db);
        assertEquals(List.of("hello@1.0-1", "tarsier-epoch@2:3.4.5-6.tst"), sink.nameVersions());
        assertTrue(warnings(sink).stream().anyMatch(d -> d.message().contains("outside")), sink.diagnostics()::toString);
    }

    @Test
    void analyze_btreePageThatPointsToItself_isCutWithAWarning() throws Exception {
        byte[] db = resource("wal/rpmdb.sqlite");
        int root = (int) SqliteDatabase.open(db, null, p -> { }).rootPage("Packages");
        ByteBuffer b = ByteBuffer.wrap(db);
        int at = (root - 1) * 4096;
        b.put(at, (byte) 5).putShort(at + 3, (short) 0).putInt(at + 8, root);
        RecordingSink sink = assertTimeoutPreemptively(NO_HANG, () -> AnalyzerRunner.run(analyzer, PATH, db));
        assertTrue(sink.packages().isEmpty());
        assertTrue(warnings(sink).stream().anyMatch(d -> d.message().contains("twice")), sink.diagnostics()::toString);
    }

    @Test
    void analyze_randomByteFlips_neverThrowNorHang() {
        byte[] original = resource("wal/rpmdb.sqlite");
        Random random = new Random(42);
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            for (int round = 0; round < 300; round++) {
                byte[] db = original.clone();
                for (int i = 0; i < 20; i++) {
                    db[100 + random.nextInt(db.length - 100)] = (byte) random.nextInt(256);
                }
                RecordingSink sink = AnalyzerRunner.run(analyzer, PATH, db);
                assertTrue(sink.diagnostics().stream().noneMatch(d -> d.severity() == Diagnostic.Severity.ERROR),
                        () -> sink.diagnostics().toString());
            }
        });
    }

    /**
     * The overflow pages of the big header: pages that are not b-tree pages (first byte, the high
     * byte of the next-page pointer, is 0 in a small file) and carry its file names.
     */
    private static int firstOverflowPage(byte[] db) {
        byte[] marker = "file-with-a-long-name-".getBytes(StandardCharsets.US_ASCII);
        for (int page = 2; page <= db.length / 4096; page++) {
            int at = (page - 1) * 4096;
            if (db[at] == 0 && indexOf(db, at + 4, at + 4096, marker) >= 0) {
                return page;
            }
        }
        throw new AssertionError("no overflow page found");
    }

    private static int indexOf(byte[] hay, int from, int to, byte[] needle) {
        outer:
        for (int i = from; i + needle.length <= to; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
