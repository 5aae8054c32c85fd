package dev.tarsier.analyzers.app.binary;

import dev.tarsier.api.Diagnostic;
import dev.tarsier.api.Package;
import dev.tarsier.testkit.AnalyzerRunner;
import dev.tarsier.testkit.GoBinaries;
import dev.tarsier.testkit.MemoryInput;
import dev.tarsier.testkit.RecordingSink;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.zip.Deflater;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BinaryAnalyzerTest {

    private final BinaryAnalyzer analyzer = new BinaryAnalyzer();

    private static byte[] goBinary() throws IOException {
        Path bin = GoBinaries.hello().orElse(null);
        Assumptions.assumeTrue(bin != null, "no Go toolchain ('go' on the PATH); skipped");
        return Files.readAllBytes(bin);
    }

    private static Map<String, Package> byName(RecordingSink sink) {
        return sink.packages().stream().collect(Collectors.toMap(Package::name, p -> p));
    }

    /** Runs the analyzer; an exception escaping it (an ERROR diagnostic of the runner) fails the test. */
    private RecordingSink run(byte[] content) {
        RecordingSink sink = AnalyzerRunner.run(analyzer, new MemoryInput("usr/local/bin/hello", content, 0755, 0));
        assertTrue(sink.diagnostics().stream().noneMatch(d -> d.severity() == Diagnostic.Severity.ERROR),
                sink.diagnostics().toString());
        return sink;
    }

    @Test
    void analyze_realGoBinary_reportsToolchainMainModuleDepsWithReplacementAndBuildSettings() throws IOException {
        byte[] bin = goBinary();
        String goVersion = GoBinaries.version().orElseThrow();
        MemoryInput input = new MemoryInput("usr/local/bin/hello", bin, 0755, 0);
        RecordingSink sink = AnalyzerRunner.run(analyzer, input);

        Map<String, Package> pkgs = byName(sink);
        assertEquals(4, pkgs.size(), sink.packages().toString());
        Package stdlib = pkgs.get("stdlib");
        String semver = goVersion.substring(2) + (goVersion.chars().filter(c -> c == '.').count() == 1 ? ".0" : "");
        assertEquals(semver, stdlib.version());
        assertEquals("pkg:golang/stdlib@" + semver, stdlib.purl().canonicalize());
        assertEquals("Go", stdlib.ecosystem().orElseThrow());
        assertEquals(goVersion, stdlib.properties().get("go.toolchain"));

        Package main = pkgs.get("example.com/hello");
        assertEquals("", main.version());
        assertEquals("pkg:golang/example.com/hello", main.purl().canonicalize());
        assertEquals("linux", main.properties().get("go.build.GOOS"));
        assertEquals("true", main.properties().get("go.build.-trimpath"));
        assertTrue(main.properties().containsKey("go.build.CGO_ENABLED"));
        assertTrue(main.properties().containsKey("go.build.GOARCH"));
        // (devel) without vcs.revision: said so
        assertTrue(sink.diagnostics().stream().anyMatch(d -> d.message().contains("(devel)")), sink.diagnostics().toString());

        assertEquals("pkg:golang/golang.org/x/net@v0.0.0-20220722155237-a158d28d115b",
                pkgs.get("golang.org/x/net").purl().canonicalize());
        Package lib = pkgs.get("example.org/lib");
        assertEquals("v1.2.0", lib.version());
        assertEquals("example.org/lib@v1.0.0", lib.properties().get("go.replaces"));

        // the build info sits at the start of the data segment: the rest of the file is never read
        assertTrue(input.bytesConsumed() < bin.length, input.bytesConsumed() + " of " + bin.length);
    }

    @Test
    void analyze_positionIndependentGoBinary_findsBuildInfoInTheSecondWritableSegment() throws IOException {
        Path pie = GoBinaries.helloPie().orElse(null);
        Assumptions.assumeTrue(pie != null, "no Go toolchain; skipped");
        RecordingSink sink = run(Files.readAllBytes(pie));
        assertEquals(List.of("example.com/hello", "example.org/lib", "golang.org/x/net", "stdlib"),
                sink.packages().stream().map(Package::name).sorted().toList(), sink.diagnostics().toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"386", "arm", "arm64", "ppc64", "s390x"})
    void analyze_otherArchitectures_32BitAndBigEndian(String goarch) throws IOException {
        Assumptions.assumeTrue(GoBinaries.version().isPresent(), "no Go toolchain; skipped");
        RecordingSink sink = run(Files.readAllBytes(GoBinaries.helloFor(goarch).orElseThrow()));
        assertEquals(List.of("example.com/hello", "example.org/lib", "golang.org/x/net", "stdlib"),
                sink.packages().stream().map(Package::name).sorted().toList(), sink.diagnostics().toString());
        assertEquals(goarch, byName(sink).get("example.com/hello").properties().get("go.build.GOARCH"));
    }

    /**
     * The pointer form (Go 1.13-1.17) inside the real binary: the header's flags say "pointers", its
     * two pointers lead to Go string headers right after it, and those to a version string and a
     * module information written into the read-only segment, before the data segment, as an old
     * linker places them. The file no longer runs (rodata bytes overwritten); only its bytes matter.
     */
    @Test
    void analyze_pointerFormBuildInfo_followsPointersIntoEarlierSegment() throws IOException {
        byte[] bin = pointerForm(goBinary(), "go1.16.15", "path\texample.com/old\nmod\texample.com/old\tv0.3.0\th1:a=\n"
                + "dep\tgolang.org/x/net\tv0.0.0-20210226172049-e18ecbb05110\th1:b=\n");
        RecordingSink sink = run(bin);
        Map<String, Package> pkgs = byName(sink);
        assertEquals("1.16.15", pkgs.get("stdlib").version(), sink.packages() + " " + sink.diagnostics());
        assertEquals("v0.3.0", pkgs.get("example.com/old").version());
        assertEquals("v0.0.0-20210226172049-e18ecbb05110", pkgs.get("golang.org/x/net").version());
        assertEquals(3, pkgs.size());
        assertTrue(sink.diagnostics().isEmpty(), sink.diagnostics().toString());
    }

    /** Rewrites the inline build info of a real Go binary into the pointer form. */
    static byte[] pointerForm(byte[] real, String version, String modinfo) {
        byte[] b = real.clone();
        Elf elf = Elf.header(Arrays.copyOf(b, 64));
        elf.programHeaders(Arrays.copyOfRange(b, (int) elf.phoff, (int) elf.phoff + elf.phnum * elf.phentsize));
        Elf.Segment ro = elf.segments.stream()
                .filter(s -> s.type() == Elf.PT_LOAD && s.flags() == 4).findFirst().orElseThrow();
        int h = GoBinaries.indexOf(b, BinaryAnalyzer.MAGIC, 0);
        byte[] v = version.getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream m = new ByteArrayOutputStream();
        m.writeBytes(GoBuildInfo.START);
        m.writeBytes(modinfo.getBytes(StandardCharsets.UTF_8));
        m.writeBytes(GoBuildInfo.END);
        byte[] mi = m.toByteArray();
        int vAt = (int) ro.offset() + 0x40;
        int mAt = (int) ro.offset() + 0x80;
        System.arraycopy(v, 0, b, vAt, v.length);
        System.arraycopy(mi, 0, b, mAt, mi.length);
        Elf.Segment data = elf.dataSegments().get(0);
        long dataVaddr = data.vaddr() - data.offset();
        ByteBuffer w = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        b[h + 14] = 8;
        b[h + 15] = 0;
        w.putLong(h + 16, dataVaddr + h + 32);
        w.putLong(h + 24, dataVaddr + h + 48);
        w.putLong(h + 32, ro.vaddr() + 0x40);
        w.putLong(h + 40, v.length);
        w.putLong(h + 48, ro.vaddr() + 0x80);
        w.putLong(h + 56, mi.length);
        return b;
    }

    @Test
    void analyze_truncatedOrMutatedGoBinary_neverThrows() throws IOException {
        byte[] bin = goBinary();
        int h = GoBinaries.indexOf(bin, BinaryAnalyzer.MAGIC, 0);
        for (int cut : new int[] {0, 10, 63, 64, 100, 200, 1000, 5000, h - 1, h + 10, h + 20, h + 40, h + 100}) {
            RecordingSink sink = run(Arrays.copyOf(bin, cut));
            assertTrue(sink.packages().isEmpty() || cut > h, "cut " + cut);
        }
        RecordingSink cutInside = run(Arrays.copyOf(bin, h + 40));
        assertTrue(cutInside.diagnostics().stream().anyMatch(d -> d.message().contains("truncated")),
                cutInside.diagnostics().toString());
        Random random = new Random(16);
        for (int i = 0; i < 200; i++) {
            byte[] mutated = Arrays.copyOf(bin, h + 0x200);
            for (int k = 0; k < 8; k++) {
                int at = random.nextBoolean() ? random.nextInt(0x200) : h + random.nextInt(0x130);
                mutated[at] = (byte) random.nextInt(256);
            }
            run(mutated);
        }
    }

    @Test
    void analyze_hugeVarintAndPointers_warn() throws IOException {
        byte[] bin = goBinary();
        int h = GoBinaries.indexOf(bin, BinaryAnalyzer.MAGIC, 0);
        byte[] big = bin.clone();
        big[h + 32] = (byte) 0xff;
        big[h + 33] = (byte) 0xff;
        big[h + 34] = (byte) 0xff;
        big[h + 35] = (byte) 0x7f;
        RecordingSink sink = run(big);
        assertTrue(sink.packages().isEmpty());
        assertEquals(Diagnostic.Severity.WARNING, sink.diagnostics().get(0).severity());

        byte[] wild = pointerForm(bin, "go1.16.15", "mod\tx\tv1.0.0\n");
        ByteBuffer.wrap(wild).order(ByteOrder.LITTLE_ENDIAN).putLong(h + 16, 0x7fff_0000_0000L);
        RecordingSink wildSink = run(wild);
        assertTrue(wildSink.packages().isEmpty());
        assertTrue(wildSink.diagnostics().get(0).message().contains("outside"), wildSink.diagnostics().toString());
    }

    @Test
    void analyze_notElf_readsOnlyTheMagic() throws IOException {
        byte[] script = ("#!/bin/sh\n" + "echo hello\n".repeat(10_000)).getBytes(StandardCharsets.US_ASCII);
        MemoryInput input = new MemoryInput("usr/bin/hello", script, 0755, 0);
        RecordingSink sink = AnalyzerRunner.run(analyzer, input);
        assertTrue(sink.packages().isEmpty());
        assertTrue(sink.diagnostics().isEmpty());
        assertTrue(input.bytesConsumed() <= 64, "read " + input.bytesConsumed());
    }

    @Test
    void analyze_emptyFile_nothing() {
        RecordingSink sink = run(new byte[0]);
        assertTrue(sink.packages().isEmpty());
        assertTrue(sink.diagnostics().isEmpty());
    }

    @Test
    void analyze_elfWithoutGoOrRustData_nothing() throws IOException {
        byte[] java = Files.readAllBytes(javaLauncher());
        RecordingSink sink = run(java);
        assertTrue(sink.packages().isEmpty());
        assertTrue(sink.diagnostics().isEmpty(), sink.diagnostics().toString());
    }

    /**
     * Found by fuzzing (scanner-fuzz, AnalyzerFuzzTest#goRustBinary): e_shnum times e_shentsize, both
     * 16-bit, overflowed an int and the section table read failed with "len < 0".
     */
    @Test
    void analyze_sectionTableSizeOverflowingAnInt_isSkipped() throws IOException {
        byte[] elf = Files.readAllBytes(javaLauncher());
        ByteBuffer header = ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(2, elf[4], "a 64-bit launcher");
        header.putShort(58, (short) 0xffff).putShort(60, (short) Elf.MAX_SECTION_HEADERS).putShort(62, (short) 1);
        RecordingSink sink = run(elf);
        assertTrue(sink.packages().isEmpty());
        assertTrue(sink.diagnostics().isEmpty(), sink.diagnostics().toString());
    }

    @Test
    void selector_takesOnlyUnclaimedExecutables() {
        var s = analyzer.selector();
        assertTrue(s.unclaimedExecutables());
        assertTrue(s.paths().isEmpty() && s.fileNames().isEmpty() && s.suffixes().isEmpty() && s.globs().isEmpty());
        assertTrue(s.matches("usr/local/bin/kubectl", 0755));
        assertTrue(s.matches("app/server", 0100));
        assertFalse(s.matches("usr/local/bin/kubectl", 0644));
        assertFalse(s.matches("usr/local/bin/kubectl"));
        assertEquals(BinaryAnalyzer.MAX_FILE_SIZE, s.maxFileSize());
    }

    // ---- Rust: cargo auditable's .dep-v0, added to a real ELF (the JDK's launcher) with objcopy

    static final String DEPS = """
            {"packages":[
             {"name":"hello","version":"0.1.0","source":"local","dependencies":[1,2],"root":true},
             {"name":"smallvec","version":"0.6.9","source":"crates.io","dependencies":[]},
             {"name":"cc","version":"1.0.83","source":"crates.io","kind":"build"},
             {"name":"sized-chunks","version":"0.6.2","source":"crates.io","kind":"runtime"}
            ]}""";

    static Path javaLauncher() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** A copy of a real ELF with a non-allocated {@code .dep-v0} section, as cargo auditable adds. */
    static byte[] withDepSection(Path dir, byte[] section) throws IOException, InterruptedException {
        Path payload = dir.resolve("dep-v0");
        Files.write(payload, section);
        Path out = dir.resolve("rusty");
        Process p = new ProcessBuilder("objcopy", "--add-section", ".dep-v0=" + payload,
                "--set-section-flags", ".dep-v0=noload,readonly", javaLauncher().toString(), out.toString())
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, log);
        return Files.readAllBytes(out);
    }

    static byte[] zlib(byte[] data) {
        Deflater d = new Deflater();
        d.setInput(data);
        d.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        while (!d.finished()) {
            out.write(buf, 0, d.deflate(buf));
        }
        d.end();
        return out.toByteArray();
    }

    private static void assumeObjcopy() {
        try {
            Process p = new ProcessBuilder("objcopy", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            Assumptions.assumeTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, "objcopy unusable");
        } catch (IOException | InterruptedException e) {
            Assumptions.abort("no objcopy (binutils): " + e);
        }
    }

    @Test
    void analyze_rustDepSection_reportsRuntimeCratesOnly(@TempDir Path dir) throws Exception {
        assumeObjcopy();
        RecordingSink sink = run(withDepSection(dir, zlib(DEPS.getBytes(StandardCharsets.UTF_8))));
        assertTrue(sink.diagnostics().isEmpty(), sink.diagnostics().toString());
        Map<String, Package> pkgs = byName(sink);
        assertEquals(List.of("hello", "sized-chunks", "smallvec"), pkgs.keySet().stream().sorted().toList());
        assertEquals("pkg:cargo/smallvec@0.6.9", pkgs.get("smallvec").purl().canonicalize());
        assertEquals("crates.io", pkgs.get("smallvec").ecosystem().orElseThrow());
        assertEquals("true", pkgs.get("hello").properties().get("cargo.root"));
    }

    @Test
    void analyze_corruptOrBombDepSection_warns(@TempDir Path dir) throws Exception {
        assumeObjcopy();
        byte[] corrupt = zlib(DEPS.getBytes(StandardCharsets.UTF_8));
        corrupt[corrupt.length / 2] ^= 0x55;
        corrupt = Arrays.copyOf(corrupt, corrupt.length - 4);
        RecordingSink bad = run(withDepSection(dir, corrupt));
        assertTrue(bad.packages().isEmpty());
        assertTrue(bad.diagnostics().get(0).message().contains(".dep-v0"), bad.diagnostics().toString());

        byte[] bomb = new byte[CargoAuditable.MAX_JSON + 1];
        Arrays.fill(bomb, (byte) ' ');
        RecordingSink capped = run(withDepSection(dir, zlib(bomb)));
        assertTrue(capped.packages().isEmpty());
        assertTrue(capped.diagnostics().get(0).message().contains("cap"), capped.diagnostics().toString());

        RecordingSink notJson = run(withDepSection(dir, zlib("[1,2]".getBytes(StandardCharsets.UTF_8))));
        assertTrue(notJson.packages().isEmpty());
        assertEquals(1, notJson.diagnostics().size());
    }
}
