package dev.tarsier.cli;

import dev.tarsier.testkit.Compression;
import dev.tarsier.testkit.LayerBuilder;
import dev.tarsier.testkit.StreamedImage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code tarsier inventory} under {@code -Xmx64m}, in its own JVM, on images built to hurt it (issue
 * 14, "Hostile inputs"). Every image is generated here, the large ones as streams into their blob
 * files; each run must exit 0 with the expected diagnostic in the report, within a time limit, and
 * never with "failed unexpectedly" (an escaped exception) or an OutOfMemoryError.
 */
class HostileImagesEndToEndTest {

    @TempDir
    Path tmp;

    record Run(int code, String out, String err, long millis) {
    }

    private Run inventory(Path image, String... more) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "inventory", "oci:" + image, "--format", "json", "--no-cache"));
        command.addAll(List.of(more));
        Path out = tmp.resolve("out.json");
        Path err = tmp.resolve("err.txt");
        long start = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        boolean done = p.waitFor(180, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        assertTrue(done, "tarsier inventory did not finish in 180 s");
        Run run = new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8), (System.nanoTime() - start) / 1_000_000);
        assertFalse(run.err().contains("failed unexpectedly"), run.err());
        assertFalse(run.err().contains("OutOfMemoryError") || run.out().contains("OutOfMemoryError"), run.err());
        assertFalse(run.err().contains("StackOverflowError") || run.out().contains("StackOverflowError"), run.err());
        return run;
    }

    private Run inventoryOk(StreamedImage image, String name) throws IOException, InterruptedException {
        Path dir = tmp.resolve(name);
        image.writeOciLayout(dir);
        Run run = inventory(dir);
        assertEquals(0, run.code(), run.err() + run.out());
        return run;
    }

    private static StreamedImage oneLayer(Compression compression, StreamedImage.Content tar) {
        return new StreamedImage().layer(compression, tar);
    }

    @Test
    void hardlinkToMissingDpkgStatus_isAWarning() throws Exception {
        byte[] tar = new LayerBuilder()
                .file("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n")
                .hardlink("usr/share/doc/dpkg/status", "var/lib/dpkg/status")
                .hardlink("var/lib/dpkg/status", "var/backups/dpkg.status.0").bytes();
        Run run = inventoryOk(oneLayer(Compression.GZIP, out -> out.write(tar)), "hardlink");
        assertTrue(run.out().contains("hard link target 'var/lib/dpkg/status' does not exist in the image"), run.out());
        assertTrue(run.out().contains("hard link to 'var/backups/dpkg.status.0', which no analyzer reads"), run.out());
    }

    @Test
    void symlinkLoopsAndLongChainsThroughLayers_areCapped() throws Exception {
        LayerBuilder chain = new LayerBuilder();
        for (int i = 0; i < 60; i++) {
            chain.symlink("chain/" + i, String.valueOf(i + 1));
        }
        byte[] l0 = new LayerBuilder().symlink("loop/a", "b").bytes();
        byte[] l1 = new LayerBuilder().symlink("loop/b", "/loop/c").bytes();
        byte[] l2 = new LayerBuilder().symlink("loop/c", "../loop/a").bytes();
        byte[] l3 = chain.bytes();
        Run run = inventoryOk(new StreamedImage().layer(Compression.GZIP, out -> out.write(l0))
                .layer(Compression.GZIP, out -> out.write(l1)).layer(Compression.GZIP, out -> out.write(l2))
                .layer(Compression.GZIP, out -> out.write(l3)), "symlinks");
        assertTrue(run.out().contains("\"path\" : \"loop/a\"") || run.out().contains("\"path\":\"loop/a\""), run.out());
        assertTrue(run.out().contains("symbolic link loop (or more than 40 hops"), run.out());
        assertTrue(run.out().contains("chain/0"), run.out());
    }

    @Test
    void zipBombInsideAJar_isCappedAndTheScanGoesOn() throws Exception {
        ByteArrayOutputStream jar = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(jar)) {
            zip.setLevel(Deflater.BEST_COMPRESSION);
            zip.putNextEntry(new ZipEntry("META-INF/maven/org.example/bomb/pom.properties"));
            zip.write("groupId=org.example\nartifactId=bomb\nversion=1.0\n".getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry("zeros.bin"));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 64; i++) {
                zip.write(zeros); // 64 MiB that deflate to about 64 KiB
            }
            zip.putNextEntry(new ZipEntry("after.txt"));
            zip.write("never read".getBytes(StandardCharsets.UTF_8));
        }
        byte[] tar = new LayerBuilder().file("app/bomb-1.0.jar", jar.toByteArray())
                .file("app/node_modules/left-pad/package.json", "{\"name\":\"left-pad\",\"version\":\"1.3.0\"}").bytes();
        Run run = inventoryOk(oneLayer(Compression.GZIP, out -> out.write(tar)), "zipbomb");
        assertTrue(run.out().contains("entry zeros.bin inflates more than 100 times its compressed size (zip bomb?)"), run.out());
        assertTrue(run.out().contains("pkg:maven/org.example/bomb@1.0"), run.out());
        assertTrue(run.out().contains("pkg:npm/left-pad@1.3.0"), run.out());
    }

    @Test
    void jarsNestedAHundredDeep_stopAtTheDepthCap() throws Exception {
        byte[] inner = jar("level-100.jar", null);
        for (int level = 99; level >= 1; level--) {
            inner = jar("level-" + (level + 1) + ".jar", inner);
        }
        byte[] outer = inner;
        Run run = inventoryOk(oneLayer(Compression.GZIP, out -> out.write(new LayerBuilder()
                .file("app/level-1.jar", outer).bytes())), "nested");
        assertTrue(run.out().contains("archive nested deeper than 8 levels; not read"), run.out());
        assertTrue(run.out().contains("pkg:maven/org.example/level-1@1"), run.out());
        assertFalse(run.out().contains("level-10@"), run.out());
    }

    /** A jar with a pom.properties naming it, and {@code nested} stored as {@code lib/<name>} when given. */
    private static byte[] jar(String nestedName, byte[] nested) throws IOException {
        String artifact = nested == null ? "level-100" : "level-" + (Integer.parseInt(nestedName.replaceAll("\\D", "")) - 1);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("META-INF/maven/org.example/" + artifact + "/pom.properties"));
            zip.write(("groupId=org.example\nartifactId=" + artifact + "\nversion=1\n").getBytes(StandardCharsets.UTF_8));
            if (nested != null) {
                ZipEntry e = new ZipEntry("lib/" + nestedName);
                e.setMethod(ZipEntry.STORED);
                e.setSize(nested.length);
                CRC32 crc = new CRC32();
                crc.update(nested);
                e.setCrc(crc.getValue());
                zip.putNextEntry(e);
                zip.write(nested);
            }
        }
        return bytes.toByteArray();
    }

    @Test
    void paxHeaderOf64MiB_isDroppedInBoundedMemory() throws Exception {
        int value = 64 << 20;
        String head = "comment=";
        int body = head.length() + value + 2; // " " and "\n"
        int length = body + String.valueOf(body).length();
        length += String.valueOf(length).length() - String.valueOf(body).length();
        long recordLength = length;
        String prefix = length + " " + head;
        Run run = inventoryOk(oneLayer(Compression.GZIP, out -> {
            out.write(StreamedImage.tarHeader("PaxHeaders.0/app", 'x', recordLength));
            out.write(prefix.getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[1 << 20];
            java.util.Arrays.fill(chunk, (byte) 'a');
            for (int i = 0; i < 64; i++) {
                out.write(chunk);
            }
            out.write('\n');
            out.write(StreamedImage.tarPadding(recordLength));
            out.write(new LayerBuilder().file("app/node_modules/left-pad/package.json",
                    "{\"name\":\"left-pad\",\"version\":\"1.3.0\"}").bytes());
        }), "pax");
        assertTrue(run.out().contains("PAX extended header 'PaxHeaders.0/app' of " + recordLength
                + " bytes exceeds the cap of 1048576 bytes; dropped unread"), run.out());
        assertTrue(run.out().contains("pkg:npm/left-pad@1.3.0"), run.out());
    }

    /** Entries of one directory, streamed: nothing per entry may stay in memory. */
    static final int DIRECTORY_ENTRIES = 1_000_000;

    @Test
    void directoryOfAMillionEntries_isStreamedInBoundedMemory() throws Exception {
        Run run = inventoryOk(new StreamedImage().layer(Compression.GZIP, out -> {
            out.write(StreamedImage.tarHeader("big/", '5', 0));
            for (int i = 0; i < DIRECTORY_ENTRIES; i++) {
                out.write(StreamedImage.tarHeader("big/f" + i, '0', 0));
            }
            out.write(new LayerBuilder().file("app/node_modules/left-pad/package.json",
                    "{\"name\":\"left-pad\",\"version\":\"1.3.0\"}").bytes());
        }), "million");
        assertTrue(run.out().contains("pkg:npm/left-pad@1.3.0"), run.out());
        assertFalse(run.out().contains("\"warnings\" : [ {"), run.out());
        System.out.println("directory of " + DIRECTORY_ENTRIES + " entries: inventory -Xmx64m took " + run.millis() + " ms");
    }

    @Test
    void gzipLayerWithTrailingGarbage_isAWarning() throws Exception {
        byte[] tar = new LayerBuilder().file("app/node_modules/left-pad/package.json",
                "{\"name\":\"left-pad\",\"version\":\"1.3.0\"}").bytes();
        Run run = inventoryOk(new StreamedImage().layer(Compression.GZIP, out -> out.write(tar),
                "GARBAGE AFTER THE GZIP STREAM".getBytes(StandardCharsets.US_ASCII)), "trailing");
        assertTrue(run.out().contains("gzip stream of 1 member is followed by 29 bytes that are not a gzip member"
                + " (trailing garbage); ignored"), run.out());
        assertTrue(run.out().contains("pkg:npm/left-pad@1.3.0"), run.out());
    }

    @Test
    void layerInflatingPastTheRatioCap_isStopped() throws Exception {
        // a file claiming 64 GiB of zeros; its deflate stream repeats one flushed 1 MiB block, so the
        // blob is a few MiB and the walk meets the ratio cap after 1 GiB
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        byte[] block = flushed(deflater, new byte[1 << 20]);
        byte[] first = flushed(deflater, StreamedImage.tarHeader("opt/zeros", '0', 64L << 30));
        deflater.end();
        Run run = inventoryOk(new StreamedImage().rawLayer(Compression.GZIP, out -> {
            out.write(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff});
            out.write(first);
            for (int i = 0; i < 2048; i++) { // 2 GiB of zeros if read to the end
                out.write(block);
            }
            out.write(new byte[] {3, 0}); // final empty block; no trailer: the cap comes first
        }), "ratio");
        assertTrue(run.out().contains("layer inflates more than 250 times its compressed size"), run.out());
        assertTrue(run.out().contains("gzip bomb?); the rest of the layer was not read"), run.out());
        System.out.println("ratio cap: inventory -Xmx64m took " + run.millis() + " ms");
    }

    @Test
    void zstdLayerAskingForA128MiBWindow_isRefusedInBoundedMemory() throws Exception {
        // windowLog 27: zstd's own decoder limit, and an OutOfMemoryError under -Xmx64m if allocated;
        // then 20,000 RLE blocks of 128 KiB zeros (2.5 GiB from 80 KB)
        Run run = inventoryOk(new StreamedImage().rawLayer(Compression.ZSTD, out -> {
            out.write(new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd, 0, (byte) ((27 - 10) << 3)});
            for (int i = 0; i < 20_000; i++) {
                int header = 131072 << 3 | 1 << 1 | (i == 19_999 ? 1 : 0);
                out.write(new byte[] {(byte) header, (byte) (header >> 8), (byte) (header >> 16), 0});
            }
        }).layer(Compression.GZIP, out -> out.write(new LayerBuilder().file("app/node_modules/left-pad/package.json",
                "{\"name\":\"left-pad\",\"version\":\"1.3.0\"}").bytes())), "zstd-window");
        assertTrue(run.out().contains("zstd frame 1 needs a window of 134217728 bytes, more than the cap of 16777216 bytes"),
                run.out());
        assertTrue(run.out().contains("pkg:npm/left-pad@1.3.0"), run.out());
    }

    @Test
    void osvRecordNestedTenThousandDeep_failsTheBuildClearly() throws Exception {
        String deep = "[".repeat(10_000) + "]".repeat(10_000);
        Path feed = Files.createDirectories(tmp.resolve("feed"));
        Files.writeString(feed.resolve("GHSA-deep.json"), "{\"id\":\"GHSA-deep\",\"modified\":\"2024-01-01T00:00:00Z\","
                + "\"affected\":" + deep + "}");
        Ran r = tarsier("db", "build", "--out", tmp.resolve("deep.db").toString(), feed.toString());
        assertFalse(r.err().contains("failed unexpectedly"), r.err());
        assertTrue(r.err().contains("nesting depth"), r.code() + ": " + r.err());
    }

    @Test
    void sbomNestedTenThousandDeep_isRefusedWithOneLine() throws Exception {
        Path sbom = tmp.resolve("deep.cdx.json");
        Files.writeString(sbom, "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"components\":"
                + "[".repeat(10_000) + "]".repeat(10_000) + "}");
        Ran r = tarsier("inventory", "sbom:" + sbom);
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("nesting depth"), r.err());
    }

    @Test
    void vexAndIgnoreFilesNestedTenThousandDeep_areRefusedWithOneLine() throws Exception {
        Path db = tmp.resolve("demo.db");
        assertEquals(0, tarsier("db", "build", "--out", db.toString(), "../demo/advisories").code());
        String deep = "[".repeat(10_000) + "]".repeat(10_000);
        Path vex = tmp.resolve("deep.vex.json");
        Files.writeString(vex, "{\"@context\":\"https://openvex.dev/ns/v0.2.0\",\"statements\":" + deep + "}");
        Path ignore = tmp.resolve("deep.ignore.json");
        Files.writeString(ignore, "{\"ignore\":" + deep + "}");
        for (String[] option : List.of(new String[] {"--vex", vex.toString()}, new String[] {"--ignore-file", ignore.toString()})) {
            Ran r = tarsier("scan", "../demo/demo-image.tar", "--db", db.toString(), option[0], option[1]);
            assertEquals(2, r.code(), option[0] + ": " + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().contains("nesting depth"), r.err());
        }
    }

    record Ran(int code, String err) {
    }

    /** Runs the CLI under -Xmx64m and waits; standard output is discarded. */
    private static Ran tarsier(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertFalse(err.contains("StackOverflowError") || err.contains("OutOfMemoryError") || err.contains("internal error"), err);
        return new Ran(p.exitValue(), err);
    }

    private static byte[] flushed(Deflater deflater, byte[] data) {
        deflater.setInput(data);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[1 << 16];
        int n;
        do {
            n = deflater.deflate(buffer, 0, buffer.length, Deflater.FULL_FLUSH);
            out.write(buffer, 0, n);
        } while (n == buffer.length || !deflater.needsInput());
        return out.toByteArray();
    }

    @Test
    void jsonNestedTenThousandDeep_isRefusedClearly() throws Exception {
        String deep = "[".repeat(10_000) + "]".repeat(10_000);
        byte[] tar = new LayerBuilder()
                .file("app/node_modules/deep/package.json", "{\"name\":\"deep\",\"version\":\"1.0.0\",\"x\":" + deep + "}")
                .file("app/package-lock.json", "{\"lockfileVersion\":3,\"packages\":" + deep + "}")
                .file("app/node_modules/left-pad/package.json", "{\"name\":\"left-pad\",\"version\":\"1.3.0\"}").bytes();
        Run run = inventoryOk(oneLayer(Compression.GZIP, out -> out.write(tar)), "deep-json");
        assertTrue(run.out().contains("pkg:npm/left-pad@1.3.0"), run.out());
        assertTrue(run.out().contains("invalid package.json: ") && run.out().contains("nested deeper than 64 levels"), run.out());
        assertTrue(run.out().contains("invalid lockfile: ") && run.out().contains("nested deeper than 512 levels"), run.out());

        // the image's own config nested 10,000 deep: the image cannot be read, exit 2 with one line
        Path dir = tmp.resolve("deep-config");
        new StreamedImage().layer(Compression.GZIP, out -> out.write(tar)).writeOciLayout(dir);
        Path index = dir.resolve("index.json");
        Files.writeString(index, Files.readString(index).replace("\"schemaVersion\":2",
                "\"schemaVersion\":2,\"annotations\":{\"x\":" + deep.replace("[", "{\"a\":[").replace("]", "]}") + "}"));
        Run config = inventory(dir);
        assertEquals(2, config.code(), config.err() + config.out());
        assertEquals(1, config.err().strip().lines().count(), config.err());
        assertTrue(config.err().contains("nesting depth"), config.err());
    }
}
