package dev.tarsier.analyzers.os.rpm;

import dev.tarsier.analyzers.os.rpm.header.RpmHeader;
import dev.tarsier.api.Diagnostic;
import dev.tarsier.testkit.AnalyzerRunner;
import dev.tarsier.testkit.RecordingSink;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Berkeley DB path, on hash databases written by {@link BerkeleyDbFiles}. */
class RpmBerkeleyTest {

    private static final Duration NO_HANG = Duration.ofSeconds(10);
    private static final String PATH = "var/lib/rpm/Packages";
    private final RpmAnalyzer analyzer = new RpmAnalyzer();

    private static List<byte[]> blobs() {
        String[] many = new String[200];
        int[] idx = new int[200];
        for (int i = 0; i < many.length; i++) {
            many[i] = "file-" + i;
        }
        return List.of(
                HeaderBlobs.pkg("bash", "4.2.46", "31.el7", "x86_64").string(RpmHeader.TAG_VENDOR, "CentOS")
                        .strings(RpmHeader.TAG_DIRNAMES, "/usr/bin/").strings(RpmHeader.TAG_BASENAMES, many)
                        .int32(RpmHeader.TAG_DIRINDEXES, idx).build(),
                HeaderBlobs.pkg("gpg-pubkey", "f4a80eb5", "53a7ff4b", "(none)").build(),
                HeaderBlobs.pkg("bind-license", "9.9.4", "73.el7_6", "noarch").int32(RpmHeader.TAG_EPOCH, 32).build(),
                HeaderBlobs.pkg("zlib", "1.2.7", "18.el7", "x86_64").build());
    }

    private static List<String> names(RecordingSink sink) {
        return sink.nameVersions().stream().sorted().toList();
    }

    private static List<Diagnostic> warnings(RecordingSink sink) {
        return sink.diagnostics().stream().filter(d -> d.severity() == Diagnostic.Severity.WARNING).toList();
    }

    @Test
    void analyze_hashDatabase_listsEveryPackageButGpgPubkey() {
        RecordingSink sink = AnalyzerRunner.run(analyzer, PATH, BerkeleyDbFiles.write(blobs()));
        assertTrue(sink.diagnostics().isEmpty(), () -> sink.diagnostics().toString());
        assertEquals(List.of("bash@4.2.46-31.el7", "bind-license@32:9.9.4-73.el7_6", "zlib@1.2.7-18.el7"),
                names(sink));
        assertEquals(200, sink.packages().stream().filter(p -> p.name().equals("bash")).findFirst()
                .orElseThrow().files().size());
    }

    @Test
    void analyze_bigEndianHashDatabase_isReadLikeALittleEndianOne() {
        RecordingSink sink = AnalyzerRunner.run(analyzer, PATH, BerkeleyDbFiles.write(blobs(), ByteOrder.BIG_ENDIAN));
        assertTrue(sink.diagnostics().isEmpty(), () -> sink.diagnostics().toString());
        assertEquals(List.of("bash@4.2.46-31.el7", "bind-license@32:9.9.4-73.el7_6", "zlib@1.2.7-18.el7"),
                names(sink));
    }

    @Test
    void analyze_overflowChainThatLoops_warnsAndKeepsTheOtherPackages() {
        List<byte[]> blobs = blobs();
        byte[] db = BerkeleyDbFiles.write(blobs);
        int first = BerkeleyDbFiles.firstOverflowPage(blobs, 0);
        // The second page of bash's chain points back to the first.
        ByteBuffer.wrap(db).order(ByteOrder.LITTLE_ENDIAN).putInt((first + 1) * BerkeleyDbFiles.PAGE + 16, first);
        RecordingSink sink = assertTimeoutPreemptively(NO_HANG, () -> AnalyzerRunner.run(analyzer, PATH, db));
        assertEquals(List.of("bind-license@32:9.9.4-73.el7_6", "zlib@1.2.7-18.el7"), names(sink));
        assertTrue(warnings(sink).stream().anyMatch(d -> d.message().contains("loops")), sink.diagnostics()::toString);
    }

    @Test
    void analyze_overflowChainLeavingTheFile_warnsAndKeepsTheOtherPackages() {
        List<byte[]> blobs = blobs();
        byte[] db = BerkeleyDbFiles.write(blobs);
        int first = BerkeleyDbFiles.firstOverflowPage(blobs, 0);
        assertTrue(BerkeleyDbFiles.pagesFor(blobs.get(0)) > 3);
        ByteBuffer.wrap(db).order(ByteOrder.LITTLE_ENDIAN).putInt((first + 1) * BerkeleyDbFiles.PAGE + 16, 99999);
        RecordingSink sink = AnalyzerRunner.run(analyzer, PATH, db);
        assertEquals(List.of("bind-license@32:9.9.4-73.el7_6", "zlib@1.2.7-18.el7"), names(sink));
        assertTrue(warnings(sink).stream().anyMatch(d -> d.message().contains("outside")), sink.diagnostics()::toString);
    }

    @Test
    void analyze_corruptHeaderBlob_warnsAndKeepsTheOtherPackages() {
        List<byte[]> blobs = blobs();
        byte[] db = BerkeleyDbFiles.write(blobs);
        int first = BerkeleyDbFiles.firstOverflowPage(blobs, 3);
        // zlib's index count becomes absurd.
        ByteBuffer.wrap(db).putInt(first * BerkeleyDbFiles.PAGE + 26, 0x7fffffff);
        RecordingSink sink = AnalyzerRunner.run(analyzer, PATH, db);
        assertEquals(List.of("bash@4.2.46-31.el7", "bind-license@32:9.9.4-73.el7_6"), names(sink));
        assertTrue(warnings(sink).stream().anyMatch(d -> d.message().startsWith("bad header blob")));
    }

    @Test
    void analyze_truncatedAnywhere_neverThrowsNorHangsAndReportsTheLoss() {
        byte[] db = BerkeleyDbFiles.write(blobs());
        List<String> all = List.of("bash@4.2.46-31.el7", "bind-license@32:9.9.4-73.el7_6", "zlib@1.2.7-18.el7");
        assertTimeoutPreemptively(NO_HANG, () -> {
            for (int len = 0; len < db.length; len += 97) {
                RecordingSink sink = AnalyzerRunner.run(analyzer, PATH, Arrays.copyOf(db, len));
                assertTrue(sink.diagnostics().stream().noneMatch(d -> d.severity() == Diagnostic.Severity.ERROR),
                        () -> sink.diagnostics().toString());
                assertTrue(all.containsAll(names(sink)));
                assertFalse(sink.diagnostics().isEmpty(), "truncation at " + len + " must be reported");
            }
        });
    }

    @Test
    void analyze_encryptedOrWrongPageSize_isRejectedWithAWarning() {
        byte[] encrypted = BerkeleyDbFiles.write(blobs());
        encrypted[24] = 1;
        byte[] badPageSize = BerkeleyDbFiles.write(blobs());
        ByteBuffer.wrap(badPageSize).order(ByteOrder.LITTLE_ENDIAN).putInt(20, 1000);
        for (byte[] db : List.of(encrypted, badPageSize)) {
            RecordingSink sink = AnalyzerRunner.run(analyzer, PATH, db);
            assertTrue(sink.packages().isEmpty());
            assertEquals(1, warnings(sink).size(), sink.diagnostics()::toString);
        }
    }

    @Test
    void analyze_randomByteFlips_neverThrowNorHang() {
        byte[] original = BerkeleyDbFiles.write(blobs());
        Random random = new Random(7);
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            for (int round = 0; round < 500; round++) {
                byte[] db = original.clone();
                for (int i = 0; i < 10; i++) {
                    db[16 + random.nextInt(db.length - 16)] = (byte) random.nextInt(256);
                }
                RecordingSink sink = AnalyzerRunner.run(analyzer, PATH, db);
                assertTrue(sink.diagnostics().stream().noneMatch(d -> d.severity() == Diagnostic.Severity.ERROR),
                        () -> sink.diagnostics().toString());
            }
        });
    }
}
