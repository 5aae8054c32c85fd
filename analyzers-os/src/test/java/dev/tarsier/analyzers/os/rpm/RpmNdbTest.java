package dev.tarsier.analyzers.os.rpm;

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

/** The NDB path, on {@code Packages.db} files laid out as rpm's {@code rpmpkg.c} writes them. */
class RpmNdbTest {

    private static final String PATH = "usr/lib/sysimage/rpm/Packages.db";
    private static final int SLOT_AREA = 4096;
    private final RpmAnalyzer analyzer = new RpmAnalyzer();

    private static final List<byte[]> BLOBS = List.of(
            HeaderBlobs.pkg("bash", "4.4", "19.6.1", "x86_64").string(1011, "SUSE LLC <https://www.suse.com/>").build(),
            HeaderBlobs.pkg("gpg-pubkey", "39db7c82", "5f68629b", "(none)").build(),
            HeaderBlobs.pkg("libzstd1", "1.4.4", "1.6.1", "x86_64").build());

    /** One slot page; blobs follow it, each padded to 16-byte blocks with room for rpm's 12-byte tail. */
    static byte[] write(List<byte[]> blobs) {
        int size = SLOT_AREA;
        for (byte[] b : blobs) {
            size += blocks(b) * 16;
        }
        ByteBuffer f = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        f.put(0, "RpmP".getBytes()).putInt(4, 0).putInt(8, 1).putInt(12, 1).putInt(16, blobs.size() + 1);
        int offset = SLOT_AREA;
        for (int i = 0; i < SLOT_AREA / 16 - 2; i++) {
            int slot = 32 + i * 16;
            f.put(slot, "Slot".getBytes());
            if (i < blobs.size()) {
                byte[] b = blobs.get(i);
                f.putInt(slot + 4, i + 1).putInt(slot + 8, offset / 16).putInt(slot + 12, blocks(b));
                f.put(offset, "BlbS".getBytes()).putInt(offset + 4, i + 1).putInt(offset + 8, 0)
                        .putInt(offset + 12, b.length).put(offset + 16, b);
                offset += blocks(b) * 16;
            }
        }
        return f.array();
    }

    private static int blocks(byte[] blob) {
        return (16 + blob.length + 12 + 15) / 16;
    }

    private static List<Diagnostic> warnings(RecordingSink sink) {
        return sink.diagnostics().stream().filter(d -> d.severity() == Diagnostic.Severity.WARNING).toList();
    }

    private static List<String> names(RecordingSink sink) {
        return sink.nameVersions().stream().sorted().toList();
    }

    @Test
    void analyze_ndbDatabase_listsEveryPackageButGpgPubkey() {
        RecordingSink sink = AnalyzerRunner.run(analyzer, PATH, write(BLOBS));
        assertTrue(sink.diagnostics().isEmpty(), () -> sink.diagnostics().toString());
        assertEquals(List.of("bash@4.4-19.6.1", "libzstd1@1.4.4-1.6.1"), names(sink));
        assertEquals("pkg:rpm/suse/bash@4.4-19.6.1?arch=x86_64", sink.packages().stream()
                .filter(p -> p.name().equals("bash")).findFirst().orElseThrow().purl().canonicalize());
    }

    @Test
    void analyze_slotWithBadMagicOrBlobOutsideTheFile_warnsAndKeepsTheOthers() {
        byte[] badSlot = write(BLOBS);
        badSlot[32] = 'X';
        byte[] outside = write(BLOBS);
        ByteBuffer.wrap(outside).order(ByteOrder.LITTLE_ENDIAN).putInt(32 + 8, 0x0fffffff);
        byte[] badBlob = write(BLOBS);
        badBlob[SLOT_AREA] = 'X';
        byte[] tooLong = write(BLOBS);
        ByteBuffer.wrap(tooLong).order(ByteOrder.LITTLE_ENDIAN).putInt(SLOT_AREA + 12, 1 << 20);
        for (byte[] db : List.of(badSlot, outside, badBlob, tooLong)) {
            RecordingSink sink = AnalyzerRunner.run(analyzer, PATH, db);
            assertEquals(List.of("libzstd1@1.4.4-1.6.1"), names(sink));
            assertEquals(1, warnings(sink).size(), sink.diagnostics()::toString);
        }
    }

    @Test
    void analyze_unsupportedVersionOrNoSlotPages_isRejectedWithAWarning() {
        byte[] version = write(BLOBS);
        version[4] = 9;
        byte[] noPages = write(BLOBS);
        ByteBuffer.wrap(noPages).order(ByteOrder.LITTLE_ENDIAN).putInt(12, 0);
        for (byte[] db : List.of(version, noPages)) {
            RecordingSink sink = AnalyzerRunner.run(analyzer, PATH, db);
            assertTrue(sink.packages().isEmpty());
            assertEquals(1, warnings(sink).size(), sink.diagnostics()::toString);
        }
    }

    @Test
    void analyze_truncatedAnywhere_neverThrowsAndReportsTheLoss() {
        byte[] db = write(BLOBS);
        for (int len = 4; len < db.length; len += 61) {
            RecordingSink sink = AnalyzerRunner.run(analyzer, PATH, Arrays.copyOf(db, len));
            assertTrue(sink.diagnostics().stream().noneMatch(d -> d.severity() == Diagnostic.Severity.ERROR),
                    () -> sink.diagnostics().toString());
            assertTrue(List.of("bash@4.4-19.6.1", "libzstd1@1.4.4-1.6.1").containsAll(names(sink)));
            assertFalse(sink.diagnostics().isEmpty(), "truncation at " + len + " must be reported");
        }
    }

    @Test
    void analyze_randomByteFlips_neverThrowNorHang() {
        byte[] original = write(BLOBS);
        Random random = new Random(11);
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            for (int round = 0; round < 500; round++) {
                byte[] db = original.clone();
                for (int i = 0; i < 10; i++) {
                    db[4 + random.nextInt(db.length - 4)] = (byte) random.nextInt(256);
                }
                RecordingSink sink = AnalyzerRunner.run(analyzer, PATH, db);
                assertTrue(sink.diagnostics().stream().noneMatch(d -> d.severity() == Diagnostic.Severity.ERROR),
                        () -> sink.diagnostics().toString());
            }
        });
    }
}
