package dev.tarsier.testkit;

import dev.tarsier.testkit.TestFiles.Read;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LayerBuilderTest {

    private static final String LONG_DIR = "usr/lib/python3.12/site-packages/"
            + "a-really-long-distribution-name-that-goes-on-1.2.3.dist-info/";

    @Test
    void bytes_everyEntryKind_readsBackWithTypesModesAndTargets() throws IOException {
        byte[] tar = new LayerBuilder()
                .dir("bin")
                .file("/etc/os-release", "ID=alpine\n")
                .executable("bin/busybox", new byte[] {1, 2, 3})
                .file("usr/bin/passwd", new byte[] {9}, 04755)
                .symlink("bin/sh", "/bin/busybox")
                .hardlink("bin/ash", "bin/busybox")
                .bytes();

        List<Read> entries = TestFiles.entries(tar);

        assertEquals(List.of("bin/", "etc/os-release", "bin/busybox", "usr/bin/passwd",
                "bin/sh", "bin/ash"), entries.stream().map(Read::name).toList());
        assertEquals(List.of((byte) '5', (byte) '0', (byte) '0', (byte) '0', (byte) '2',
                (byte) '1'), entries.stream().map(Read::type).toList());
        assertEquals(List.of(0755, 0644, 0755, 04755, 0777, 0644),
                entries.stream().map(Read::mode).toList());
        assertEquals("ID=alpine\n", entries.get(1).text());
        assertArrayEquals(new byte[] {1, 2, 3}, entries.get(2).content());
        assertEquals("/bin/busybox", entries.get(4).linkName());
        assertEquals("bin/busybox", entries.get(5).linkName());
    }

    @Test
    void bytes_calledTwice_isByteIdenticalWithFixedOwnerAndMtime() {
        LayerBuilder layer = new LayerBuilder().dir("etc").file("etc/hostname", "box\n")
                .file(LONG_DIR + "METADATA", "Name: x\n");

        byte[] first = layer.bytes();

        assertArrayEquals(first, layer.bytes());
        List<byte[]> headers = TestFiles.rawHeaders(first);
        assertTrue(headers.size() >= 4, "pax header + 3 entries");
        long mtime = LayerBuilder.MTIME.getEpochSecond();
        for (byte[] h : headers) {
            assertEquals(mtime, Long.parseLong(TestFiles.field(h, 136, 12).trim(), 8));
            assertEquals(0, Long.parseLong(TestFiles.field(h, 108, 8).trim(), 8), "uid");
            assertEquals(0, Long.parseLong(TestFiles.field(h, 116, 8).trim(), 8), "gid");
        }
        // Go's archive/tar layout: entries then exactly two zero records, no block padding.
        assertEquals(0, first.length % 512);
    }

    @Test
    void bytes_longNameByDefault_isWrittenAsPaxPathRecord() throws IOException {
        String name = LONG_DIR + "RECORD";
        String target = LONG_DIR + "METADATA";
        byte[] tar = new LayerBuilder().file(name, "x").symlink(LONG_DIR + "link", target)
                .bytes();

        List<byte[]> headers = TestFiles.rawHeaders(tar);
        assertEquals('x', (char) headers.get(0)[156], "pax extended header first");
        List<Read> entries = TestFiles.entries(tar);
        assertEquals(name, entries.get(0).name());
        assertEquals(LONG_DIR + "link", entries.get(1).name());
        assertEquals(target, entries.get(1).linkName());
        String pax = new String(tar, 512, 512, StandardCharsets.UTF_8);
        assertTrue(pax.contains(" path=" + name + "\n"), pax);
    }

    @Test
    void bytes_gnuLongNames_writesLongLinkPseudoEntries() throws IOException {
        String name = LONG_DIR + "RECORD";
        byte[] tar = new LayerBuilder().longNames(LayerBuilder.LongNames.GNU)
                .file(name, "x").hardlink(LONG_DIR + "RECORD2", name).bytes();

        List<byte[]> headers = TestFiles.rawHeaders(tar);
        assertEquals("././@LongLink", TestFiles.field(headers.get(0), 0, 100));
        assertEquals('L', (char) headers.get(0)[156]);
        assertTrue(headers.stream().anyMatch(h -> h[156] == 'K'), "GNU long link name");
        List<Read> entries = TestFiles.entries(tar);
        assertEquals(List.of(name, LONG_DIR + "RECORD2"),
                entries.stream().map(Read::name).toList());
        assertEquals(name, entries.get(1).linkName());
    }

    @Test
    void whiteoutAndOpaque_writeOciMarkerNames() throws IOException {
        byte[] tar = new LayerBuilder()
                .whiteout("etc/apk/world")
                .whiteout("/var/cache/")
                .whiteout("top")
                .opaque("usr/share/doc")
                .bytes();

        List<Read> entries = TestFiles.entries(tar);

        assertEquals(List.of("etc/apk/.wh.world", "var/.wh.cache", ".wh.top",
                "usr/share/doc/.wh..wh..opq"), entries.stream().map(Read::name).toList());
        assertTrue(entries.stream().allMatch(e -> e.type() == '0' && e.size() == 0));
    }

    @Test
    void rawEntry_hostileNames_areKeptVerbatim() throws IOException {
        byte[] tar = new LayerBuilder()
                .rawEntry("../../etc/passwd", "root:x:0:0\n".getBytes(StandardCharsets.UTF_8))
                .rawEntry("/abs/path", new byte[] {1})
                .rawEntry("./etc/group", new byte[0])
                .rawEntry("loop/a", '2', new byte[0], 0777, "b")
                .file("etc/ok", "fine")
                .bytes();

        List<Read> entries = TestFiles.entries(tar);

        List<byte[]> headers = TestFiles.rawHeaders(tar);
        assertEquals(List.of("../../etc/passwd", "/abs/path", "./etc/group", "loop/a", "etc/ok"),
                headers.stream().map(h -> TestFiles.field(h, 0, 100)).toList());
        assertEquals("root:x:0:0\n", entries.get(0).text());
        assertEquals((byte) '2', entries.get(3).type());
        assertEquals("b", entries.get(3).linkName());
        assertEquals("fine", entries.get(4).text());
    }

    @Test
    void rawEntry_nameOver100Bytes_isRejectedAtTheCallSite() {
        LayerBuilder layer = new LayerBuilder();
        assertThrows(IllegalArgumentException.class,
                () -> layer.rawEntry("x".repeat(101), new byte[0]));
    }

    @Test
    void hugeSizeHeader_claimsEightGibiAndTheStreamEndsEarly() throws IOException {
        byte[] tar = new LayerBuilder().file("etc/before", "kept").hugeSizeHeader("big.bin")
                .bytes();

        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            assertEquals("etc/before", in.getNextEntry().getName());
            TarArchiveEntry big = in.getNextEntry();
            assertEquals("big.bin", big.getName());
            assertEquals(8L << 30, big.getSize());
            assertThrows(IOException.class, in::readAllBytes);
        }
        assertTrue(tar.length < 8 * 1024, "only a few KiB actually written");
    }

    @Test
    void dotSlashPrefix_prefixesNamesAndHardlinkTargetsAndAddsRootEntry() throws IOException {
        byte[] tar = new LayerBuilder().dotSlashPrefix(true)
                .file("etc/passwd", "root").hardlink("etc/passwd-", "etc/passwd")
                .symlink("etc/mtab", "/proc/mounts").bytes();

        List<Read> entries = TestFiles.entries(tar);

        assertEquals(List.of("./", "./etc/passwd", "./etc/passwd-", "./etc/mtab"),
                entries.stream().map(Read::name).toList());
        assertEquals("./etc/passwd", entries.get(2).linkName());
        assertEquals("/proc/mounts", entries.get(3).linkName());
    }

    @Test
    void bytes_emptyLayer_isTwoZeroRecords() {
        assertArrayEquals(new byte[1024], new LayerBuilder().bytes());
    }
}
