package dev.tarsier.bench.walk;

import dev.tarsier.api.spi.Analyzer;
import dev.tarsier.core.internal.discovery.AnalyzerDiscovery;
import dev.tarsier.core.internal.walk.LayerReader;
import dev.tarsier.core.internal.walk.LayerResult;
import dev.tarsier.core.internal.walk.SelectorIndex;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Layer walk throughput: the walker (decompression, tar parsing, selector lookup, and every
 * discovered analyzer on the files it selects) against draining the same gzip layer through a
 * plain {@link GZIPInputStream}. The layer is generated in {@code @Setup} into a temp file and read
 * from disk in both benchmarks, so heap use does not include it.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar LayerWalkBenchmark -f 1 -wi 3 -i 5}
 * (add {@code -jvmArgs -Xmx64m} to check that a 100 MB layer walks in a small fixed heap). With
 * {@code -p goBinaries=/usr/lib/go-1.19/pkg/tool/linux_amd64} the executables of that folder (real
 * Go binaries: Debian's {@code golang-go} tools, 77 MB) are added to the layer under
 * {@code usr/local/bin/}, so that {@code app.binary} finds and reads their build info.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LayerWalkBenchmark {

    /** Uncompressed size of the generated layer, in MiB. */
    @Param({"100"})
    public int sizeMiB;

    /** A folder whose executable files are added to the layer (real Go binaries); empty for none. */
    @Param({""})
    public String goBinaries;

    private Path layer;
    private LayerReader reader;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        layer = Files.createTempFile("tarsier-bench-layer", ".tar.gz");
        writeLayer(layer, (long) sizeMiB << 20, goBinaries.isEmpty() ? null : Path.of(goBinaries));
        List<Analyzer> analyzers = AnalyzerDiscovery.discover(LayerWalkBenchmark.class.getClassLoader()).analyzers();
        reader = new LayerReader(new SelectorIndex(analyzers), 32L << 20);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        Files.deleteIfExists(layer);
    }

    @Benchmark
    public long gunzipDrain() throws IOException {
        long total = 0;
        byte[] buf = new byte[1 << 16];
        try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(layer), 1 << 16), 1 << 16)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                total += n;
            }
        }
        return total;
    }

    @Benchmark
    public void walk(Blackhole bh) throws IOException {
        LayerResult result = reader.read(0, Files.newInputStream(layer), Optional.empty());
        bh.consume(result);
    }

    /**
     * A layer resembling a Debian base plus an application: many small text files, some larger
     * binary-ish files, a dpkg status, package.json files and os-release, compressing about 3:1.
     */
    static void writeLayer(Path file, long targetBytes, Path binaries) throws IOException {
        Random random = new Random(42);
        String[] words = new String[4096];
        for (int i = 0; i < words.length; i++) {
            StringBuilder w = new StringBuilder();
            int len = 2 + random.nextInt(9);
            for (int c = 0; c < len; c++) {
                w.append((char) ('a' + random.nextInt(26)));
            }
            words[i] = w.toString();
        }
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file), 1 << 16);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            put(tar, "etc/os-release", "ID=debian\nVERSION_ID=\"12\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n".getBytes(StandardCharsets.UTF_8), 0644);
            StringBuilder status = new StringBuilder();
            for (int i = 0; i < 400; i++) {
                status.append("Package: pkg").append(i).append("\nStatus: install ok installed\nVersion: 1.").append(i)
                        .append("-1\nArchitecture: amd64\nDescription: ").append(words[i]).append("\n\n");
            }
            put(tar, "var/lib/dpkg/status", status.toString().getBytes(StandardCharsets.UTF_8), 0644);
            if (binaries != null) {
                try (var files = Files.list(binaries)) {
                    for (Path b : files.filter(Files::isRegularFile).filter(Files::isExecutable).sorted().toList()) {
                        put(tar, "usr/local/bin/" + b.getFileName(), Files.readAllBytes(b), 0755);
                    }
                }
            }
            long written = 0;
            int n = 0;
            while (written < targetBytes) {
                byte[] content;
                String path;
                if (n % 50 == 0) {
                    path = "app/node_modules/m" + n + "/package.json";
                    content = ("{\"name\":\"m" + n + "\",\"version\":\"1.0." + n + "\"}").getBytes(StandardCharsets.UTF_8);
                } else if (n % 10 == 0) {
                    path = "usr/lib/x86_64-linux-gnu/lib" + n + ".so";
                    content = new byte[256 * 1024];
                    for (int i = 0; i < content.length; i++) {
                        content[i] = (byte) (random.nextInt(4) == 0 ? random.nextInt(256) : (i & 0x3f));
                    }
                } else {
                    path = "usr/share/doc/p" + (n / 100) + "/file" + n + ".txt";
                    StringBuilder text = new StringBuilder();
                    int size = 2048 + random.nextInt(32 * 1024);
                    while (text.length() < size) {
                        text.append(words[random.nextInt(words.length)]).append(random.nextInt(12) == 0 ? '\n' : ' ');
                    }
                    content = text.toString().getBytes(StandardCharsets.UTF_8);
                }
                put(tar, path, content, n % 10 == 0 ? 0755 : 0644);
                written += content.length + 512;
                n++;
            }
        }
    }

    private static void put(TarArchiveOutputStream tar, String path, byte[] content, int mode) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(path);
        e.setSize(content.length);
        e.setMode(mode);
        tar.putArchiveEntry(e);
        tar.write(content);
        tar.closeArchiveEntry();
    }
}
