package dev.tarsier.core;

import dev.tarsier.api.Diagnostic;
import dev.tarsier.api.Inventory;
import dev.tarsier.api.Package;
import dev.tarsier.testkit.Compression;
import dev.tarsier.testkit.ImageBuilder;
import dev.tarsier.testkit.LayerBuilder;
import dev.tarsier.testkit.StreamedImage;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Layers built to hurt the walker: each is caught with a diagnostic and the rest of the image scans. */
class HostileLayerTest {

    private static final ImageScanner SCANNER = ImageScanner.builder().analyzers(TestAnalyzers.all()).build();

    @TempDir
    Path tmp;

    @AfterAll
    static void close() {
        SCANNER.close();
    }

    private Inventory scan(StreamedImage image, String name) throws Exception {
        Path dir = tmp.resolve(name);
        image.writeOciLayout(dir);
        return SCANNER.inventory(dir.toString());
    }

    private Inventory scan(ImageBuilder image, String name) throws Exception {
        Path dir = tmp.resolve(name);
        image.writeOciLayout(dir);
        return SCANNER.inventory(dir.toString());
    }

    private static Map<String, String> versions(Inventory inv) {
        return inv.packages().stream().collect(Collectors.toMap(Package::name,
                p -> p.version() + "@" + p.location().layer() + ":" + p.location().path(), (a, b) -> a + "|" + b, TreeMap::new));
    }

    private static List<Diagnostic> matching(Inventory inv, String text) {
        return inv.diagnostics().stream().filter(d -> d.message().contains(text)).toList();
    }

    @Test
    void hardlinkToMissingSelectedFile_isDiagnosed() throws Exception {
        Inventory inv = scan(new ImageBuilder().layer(new LayerBuilder()
                .hardlink("var/lib/testdb/status", "var/lib/testdb/status.orig")
                .hardlink("usr/share/status-copy", "var/lib/testdb/status-missing")
                .file("opt/fine.app", "1.0")), "missing-hardlink");
        assertEquals(Map.of("fine", "1.0@0:opt/fine.app"), versions(inv));
        assertTrue(ImageScannerTest.hasDiagnostic(inv, 0, "var/lib/testdb/status",
                "hard link to 'var/lib/testdb/status.orig', which no analyzer reads"), inv.diagnostics().toString());
        // neither side of the link is a path an analyzer reads: nothing depends on it, nothing is said
        assertEquals(List.of(), matching(inv, "status-missing"));
        Inventory toDb = scan(new ImageBuilder().layer(new LayerBuilder()
                .hardlink("usr/share/doc/status", "var/lib/testdb/status")
                .file("opt/fine.app", "1.0")), "missing-db");
        List<Diagnostic> found = matching(toDb, "hard link target 'var/lib/testdb/status' does not exist in the image");
        assertEquals(1, found.size(), toDb.diagnostics().toString());
        assertEquals(Diagnostic.Severity.WARNING, found.get(0).severity());
        assertEquals("usr/share/doc/status", found.get(0).path().orElseThrow());
        assertEquals(0, found.get(0).layer().orElseThrow());
    }

    @Test
    void hardlinkToLowerLayerFile_takesItsPackages() throws Exception {
        Inventory inv = scan(new ImageBuilder()
                .layer(new LayerBuilder().file("var/lib/testdb/status", "zlib 1.2.13\n"))
                .layer(new LayerBuilder().hardlink("opt/copy.app", "opt/missing.app")
                        .hardlink("lib/apk/db/installed", "var/lib/testdb/status")), "lower-hardlink");
        // lib/apk/db/installed is read by the same analyzer: it now holds the dpkg-like content of layer 0
        assertTrue(versions(inv).get("zlib").contains("1.2.13@0:var/lib/testdb/status"), versions(inv).toString());
        assertTrue(ImageScannerTest.hasDiagnostic(inv, 1, "opt/copy.app",
                "hard link target 'opt/missing.app' does not exist in the image"), inv.diagnostics().toString());
        assertEquals(1, matching(inv, "hard link").size(), inv.diagnostics().toString());
    }

    @Test
    void gzipTrailingGarbage_isAWarningAndTheLayerScans() throws Exception {
        byte[] tar = new LayerBuilder().file("opt/a.app", "1.0").bytes();
        Inventory inv = scan(new StreamedImage()
                .layer(Compression.GZIP, out -> out.write(tar), "this is not gzip".getBytes(StandardCharsets.US_ASCII)),
                "trailing");
        assertEquals(Map.of("a", "1.0@0:opt/a.app"), versions(inv));
        List<Diagnostic> found = matching(inv, "is followed by 16 bytes that are not a gzip member (trailing garbage)");
        assertEquals(1, found.size(), inv.diagnostics().toString());
        assertEquals(Diagnostic.Severity.WARNING, found.get(0).severity());
        assertEquals(0, found.get(0).layer().orElseThrow());
    }

    @Test
    void gzipZeroPadding_isIgnoredLikeGnuGzip() throws Exception {
        byte[] tar = new LayerBuilder().file("opt/a.app", "1.0").bytes();
        Inventory inv = scan(new StreamedImage().layer(Compression.GZIP, out -> out.write(tar), new byte[4096]), "zeros");
        assertEquals(Map.of("a", "1.0@0:opt/a.app"), versions(inv));
        assertEquals(List.of(), inv.diagnostics());
    }

    @Test
    void multiMemberGzip_isReadWhole() throws Exception {
        byte[] tar = new LayerBuilder().file("opt/a.app", "1.0").file("opt/b.app", "2.0").bytes();
        // split inside the second entry, as parallel compressors (pigz --independent, igzip) do
        ByteArrayOutputStream blob = new ByteArrayOutputStream();
        int[] cuts = {0, 700, 1500, tar.length};
        for (int i = 0; i + 1 < cuts.length; i++) {
            try (GZIPOutputStream member = new GZIPOutputStream(new NonClosing(blob))) {
                member.write(Arrays.copyOfRange(tar, cuts[i], cuts[i + 1]));
            }
        }
        Inventory inv = scan(new StreamedImage().rawLayer(Compression.GZIP, out -> out.write(blob.toByteArray())),
                "members");
        assertEquals(Map.of("a", "1.0@0:opt/a.app", "b", "2.0@0:opt/b.app"), versions(inv));
        assertEquals(List.of(), inv.diagnostics());
    }

    @Test
    void corruptGzipCrc_isAnError() throws Exception {
        byte[] gz = Compression.GZIP.compress(new LayerBuilder().file("opt/a.app", "1.0").bytes());
        gz[gz.length - 8] ^= 1;
        Inventory inv = scan(new StreamedImage().rawLayer(Compression.GZIP, out -> out.write(gz)), "crc");
        assertEquals(1, matching(inv, "fails its CRC check").size(), inv.diagnostics().toString());
    }

    @Test
    void hugePaxHeader_isDroppedAndTheNextEntriesScan() throws Exception {
        long attribute = 3L << 20; // past the 1 MiB cap
        Inventory inv = scan(new StreamedImage().layer(Compression.GZIP, out -> {
            out.write(new LayerBuilder().file("opt/before.app", "1.0").bytes(), 0, 1024); // header + data, no end
            String record = paxRecord("comment", (int) attribute);
            out.write(StreamedImage.tarHeader("PaxHeaders/huge", 'x', record.length()));
            writeRepeated(out, record);
            out.write(StreamedImage.tarPadding(record.length()));
            out.write(new LayerBuilder().file("opt/after.app", "2.0").bytes());
        }), "pax");
        assertEquals(Map.of("before", "1.0@0:opt/before.app", "after", "2.0@0:opt/after.app"), versions(inv));
        long size = paxRecord("comment", (int) attribute).length();
        List<Diagnostic> found = matching(inv, "PAX extended header 'PaxHeaders/huge' of " + size
                + " bytes exceeds the cap of 1048576 bytes; dropped unread");
        assertEquals(1, found.size(), inv.diagnostics().toString());
        assertEquals("opt/after.app", found.get(0).path().orElseThrow());
        assertEquals(Diagnostic.Severity.WARNING, found.get(0).severity());
    }

    @Test
    void smallPaxHeader_stillApplies() throws Exception {
        String deep = "opt/" + "d/".repeat(80) + "deep.app";
        Inventory inv = scan(new ImageBuilder().layer(new LayerBuilder()
                .longNames(LayerBuilder.LongNames.PAX).file(deep, "3.0").file("opt/x.app", "1")), "small-pax");
        assertEquals("3.0@0:" + deep, versions(inv).get("deep"));
        assertEquals(List.of(), inv.diagnostics());
    }

    @Test
    void symlinkChainThroughLayers_resolves_andLoopsThroughLayersAreCapped() throws Exception {
        LayerBuilder l0 = new LayerBuilder()
                .file("var/lib/testdb/status", "nodejs 18.19.0\n")
                .file("var/lib/testdb/info/nodejs.list", "/a/node\n")
                .executable("usr/bin/node", "18.19.0".getBytes())
                .symlink("a", "b")
                .symlink("loop/x", "y");
        LayerBuilder l1 = new LayerBuilder().symlink("b", "/c/").symlink("loop/y", "../loop/z");
        LayerBuilder l2 = new LayerBuilder().symlink("c", "usr/./bin").symlink("loop/z", "/loop/x");
        LayerBuilder l3 = new LayerBuilder();
        for (int i = 0; i < 45; i++) {
            l3.symlink("chain/" + i, String.valueOf(i + 1));
        }
        l3.file("chain/45/node", "not a binary");
        Inventory inv = scan(new ImageBuilder().layer(l0).layer(l1).layer(l2).layer(l3), "chains");
        // a -> b -> /c/ -> usr/bin through three layers: the OS package's /a/node is usr/bin/node, so
        // the binary found there is the OS package's and is not reported again
        assertEquals("nodejs", inv.ownerOf("a/node").orElseThrow().name());
        assertEquals(List.of("nodejs"), inv.packages().stream().map(Package::name).toList());
        for (String looping : List.of("loop/x", "loop/y", "loop/z")) {
            assertEquals(1, inv.diagnostics().stream().filter(d -> d.path().orElse("").equals(looping)
                    && d.message().startsWith("symbolic link loop")).count(), inv.diagnostics().toString());
        }
        // 45 hops from chain/0, 41 from chain/4: over the Linux limit of 40; chain/5 is 40 hops from the file
        assertTrue(ImageScannerTest.hasDiagnostic(inv, 3, "chain/0", "more than 40 hops"), inv.diagnostics().toString());
        assertTrue(ImageScannerTest.hasDiagnostic(inv, 3, "chain/4", "more than 40 hops"), inv.diagnostics().toString());
        assertFalse(ImageScannerTest.hasDiagnostic(inv, 3, "chain/5", "more than 40 hops"), inv.diagnostics().toString());
    }

    @Test
    void millionsOfBadNames_keepAThousandDiagnostics() throws Exception {
        int bad = 20_000;
        Inventory inv = scan(new StreamedImage().layer(Compression.GZIP, out -> {
            for (int i = 0; i < bad; i++) {
                out.write(StreamedImage.tarHeader("../escape/" + i, '0', 0));
            }
            out.write(new LayerBuilder().file("opt/a.app", "1.0").bytes());
        }), "many-bad");
        assertEquals(Map.of("a", "1.0@0:opt/a.app"), versions(inv));
        assertEquals(1000, matching(inv, "escapes the image root").size());
        assertEquals(1, matching(inv, (bad - 1000) + " more diagnostics about this layer were dropped").size(),
                inv.diagnostics().subList(1000, inv.diagnostics().size()).toString());
    }

    @Test
    void zstdFrameWithAHugeWindow_isRefusedBeforeTheDecoderAllocatesIt() throws Exception {
        // frame header: magic, descriptor 0 (no single segment), window descriptor 27 << 3 - 80
        // (windowLog 27 = 128 MiB), then one RLE block of 16 zero bytes, last
        byte[] frame = {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd, 0, (byte) ((27 - 10) << 3), (byte) 0x83, 0, 0, 0};
        Inventory inv = scan(new StreamedImage().rawLayer(Compression.ZSTD, out -> out.write(frame))
                .layer(Compression.GZIP, out -> out.write(new LayerBuilder().file("opt/a.app", "1.0").bytes())), "zstd");
        assertEquals(Map.of("a", "1.0@1:opt/a.app"), versions(inv));
        List<Diagnostic> found = matching(inv, "zstd frame 1 needs a window of 134217728 bytes, more than the cap of 16777216");
        assertEquals(1, found.size(), inv.diagnostics().toString());
        assertEquals(0, found.get(0).layer().orElseThrow());
    }

    @Test
    void zstdSeveralFrames_areFollowed() throws Exception {
        byte[] tar = new LayerBuilder().file("opt/a.app", "1.0").file("opt/b.app", "2.0").bytes();
        byte[] first = Compression.ZSTD.compress(Arrays.copyOfRange(tar, 0, 1000));
        byte[] second = Compression.ZSTD.compress(Arrays.copyOfRange(tar, 1000, tar.length));
        Inventory inv = scan(new StreamedImage().rawLayer(Compression.ZSTD, out -> {
            out.write(first);
            out.write(second);
        }), "zstd-frames");
        assertEquals(Map.of("a", "1.0@0:opt/a.app", "b", "2.0@0:opt/b.app"), versions(inv));
        assertEquals(List.of(), inv.diagnostics());
    }

    @Test
    void hugePaxHeaderInTheOuterArchive_refusesTheSeekableArchive_andIsDroppedFromACompressedOne() throws Exception {
        Path plain = tmp.resolve("plain.tar");
        new ImageBuilder().layer(new LayerBuilder().file("opt/a.app", "1.0")).writeDockerArchive(plain);
        String record = paxRecord("comment", 3 << 20);
        ByteArrayOutputStream hostile = new ByteArrayOutputStream();
        hostile.write(StreamedImage.tarHeader("PaxHeaders/outer", 'x', record.length()));
        hostile.write(record.getBytes(StandardCharsets.US_ASCII));
        hostile.write(StreamedImage.tarPadding(record.length()));
        hostile.write(java.nio.file.Files.readAllBytes(plain));
        Path seekable = tmp.resolve("hostile.tar");
        java.nio.file.Files.write(seekable, hostile.toByteArray());
        ImageAccessException e = org.junit.jupiter.api.Assertions.assertThrows(ImageAccessException.class,
                () -> SCANNER.inventory("docker-archive:" + seekable));
        assertTrue(e.getMessage().contains("PAX extended header 'PaxHeaders/outer' of " + record.length()
                + " bytes exceeds the cap of 1048576 bytes; the archive is not read"), e.getMessage());

        Path compressed = tmp.resolve("hostile.tar.gz");
        java.nio.file.Files.write(compressed, Compression.GZIP.compress(hostile.toByteArray()));
        Inventory inv = SCANNER.inventory("docker-archive:" + compressed);
        assertEquals(Map.of("a", "1.0@0:opt/a.app"), versions(inv));
        assertEquals(1, matching(inv, "archive: PAX extended header 'PaxHeaders/outer' of " + record.length()
                + " bytes exceeds the cap of 1048576 bytes; dropped unread").size(), inv.diagnostics().toString());
    }

    /** One PAX record {@code "<len> key=value\n"} whose value is {@code valueLength} 'a's. */
    static String paxRecord(String key, int valueLength) {
        int body = key.length() + 2 + valueLength + 1;
        int len = body + String.valueOf(body).length();
        if (String.valueOf(len).length() != String.valueOf(body).length()) {
            len++;
        }
        return len + " " + key + "=" + "a".repeat(valueLength) + "\n";
    }

    private static void writeRepeated(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.US_ASCII));
    }

    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
