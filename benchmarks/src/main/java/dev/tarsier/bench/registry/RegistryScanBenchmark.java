package dev.tarsier.bench.registry;

import dev.tarsier.api.Inventory;
import dev.tarsier.core.ImageScanner;
import dev.tarsier.testkit.Compression;
import dev.tarsier.testkit.ImageBuilder;
import dev.tarsier.testkit.LayerBuilder;
import dev.tarsier.testkit.LocalRegistry;

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
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Scanning the same image from a local registry and from an OCI layout on disk. The image (four
 * gzip layers, {@code sizeMiB} uncompressed in all, with a dpkg status, node packages and filler
 * files) is generated in {@code @Setup}, written as an OCI layout, and pushed with {@code skopeo}
 * to Debian's {@code docker-registry} started on 127.0.0.1 for the trial. Both benchmarks run the
 * full scan (manifest, config, every layer walked in parallel with the discovered analyzers); the
 * registry one adds HTTP, the distribution API and streaming digest verification. The goal is
 * {@code registry <= 1.3 x layout}.
 *
 * <p>Both scans are CPU-bound on two cores, so what the registry adds is CPU, not latency. Each
 * trial prints, after its results, the CPU per scan of the scanner's JVM and of the
 * {@code docker-registry} process (from {@code /proc/<pid>/stat}, measured iterations only): the
 * scanner's own CPU is within about 12% for both sources, and the rest is the registry server on the
 * same cores, about 20 ms of CPU per scan whatever the size, chiefly because distribution's blob
 * reader allocates a 4 MiB buffer for every blob GET (even the 1 KiB config). At 16 MiB that
 * alone is most of the difference.
 *
 * <p>Needs {@code docker-registry} and {@code skopeo} on PATH. Run:
 * {@code java -jar benchmarks/target/benchmarks.jar RegistryScanBenchmark -f 1 -wi 3 -i 5}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RegistryScanBenchmark {

    /** USER_HZ of /proc/PID/stat, 100 on every Linux architecture the JDK runs on. */
    private static final long CLOCK_TICKS = 100;

    /** Uncompressed size of the image, in MiB, spread over four layers. */
    @Param({"64"})
    public int sizeMiB;

    private Path work;
    private LocalRegistry registry;
    private ImageScanner scanner;
    private ImageScanner cachingScanner;
    private int opsInIteration;
    private long scannerCpuAtStart;
    private long registryCpuAtStart;
    private long measuredOps;
    private long scannerCpu;
    private long registryCpu;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        work = Files.createTempDirectory("tarsier-bench-registry");
        Path layout = work.resolve("layout");
        image(sizeMiB).writeOciLayout(layout);
        registry = LocalRegistry.start(Files.createDirectories(work.resolve("registry")), Optional.empty(),
                Optional.empty(), Optional.empty());
        LocalRegistry started = registry;
        // the registry must not outlive the benchmark JVM, even when a trial fails
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                started.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        registry.push(layout, "1.0", "bench/app:1.0");
        scanner = ImageScanner.builder().insecureRegistries(List.of(registry.hostPort()))
                .dockerConfigDir(Files.createDirectories(work.resolve("docker"))).build();
        cachingScanner = ImageScanner.builder().insecureRegistries(List.of(registry.hostPort()))
                .dockerConfigDir(work.resolve("docker")).layerCache(64).build();
    }

    @TearDown(Level.Trial)
    public void tearDown(BenchmarkParams params) throws Exception {
        if (measuredOps > 0) {
            System.out.printf("%n%s: CPU per scan in measured iterations: scanner JVM %.1f ms, docker-registry %.1f ms"
                    + " (%d scans)%n", params.getBenchmark().replaceAll(".*\\.", ""), scannerCpu / (double) measuredOps,
                    registryCpu / (double) measuredOps, measuredOps);
        }
        if (scanner != null) {
            scanner.close();
        }
        if (cachingScanner != null) {
            cachingScanner.close();
        }
        if (registry != null) {
            registry.close();
        }
        try (Stream<Path> files = Files.walk(work)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Setup(Level.Iteration)
    public void startCounting() throws IOException {
        opsInIteration = 0;
        scannerCpuAtStart = cpuMillis(ProcessHandle.current().pid());
        registryCpuAtStart = cpuMillis(registry.pid());
    }

    /** Adds a measured iteration's CPU to the trial's, which {@link #tearDown} prints per scan. */
    @TearDown(Level.Iteration)
    public void stopCounting(IterationParams iteration) throws IOException {
        if (iteration.getType() == IterationType.MEASUREMENT) {
            measuredOps += opsInIteration;
            scannerCpu += cpuMillis(ProcessHandle.current().pid()) - scannerCpuAtStart;
            registryCpu += cpuMillis(registry.pid()) - registryCpuAtStart;
        }
    }

    @Benchmark
    public Inventory layout() throws Exception {
        opsInIteration++;
        return scanner.inventory("oci:" + work.resolve("layout") + ":1.0");
    }

    @Benchmark
    public Inventory registry() throws Exception {
        opsInIteration++;
        return scanner.inventory("registry:" + registry.hostPort() + "/bench/app:1.0");
    }

    /**
     * A rescan by a scanner with {@code layerCache}: the manifest and config are fetched, every
     * layer's analysis comes from the cache (the first warm-up call filled it).
     */
    @Benchmark
    public Inventory registryCachedLayers() throws Exception {
        opsInIteration++;
        return cachingScanner.inventory("registry:" + registry.hostPort() + "/bench/app:1.0");
    }

    /** User plus system CPU of a process so far, in ms, from {@code /proc/PID/stat} (Linux). */
    private static long cpuMillis(long pid) throws IOException {
        Path stat = Path.of("/proc/" + pid + "/stat");
        if (!Files.exists(stat)) {
            return 0;
        }
        // fields after the command name, which ends with ") "; utime and stime are fields 14 and 15
        String[] fields = Files.readString(stat).split("\\) ", 2)[1].split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 1000 / CLOCK_TICKS;
    }

    /** Four gzip layers of text-like files, with package metadata the real analyzers find. */
    static ImageBuilder image(int sizeMiB) {
        Random random = new Random(42);
        ImageBuilder image = new ImageBuilder();
        long perLayer = ((long) sizeMiB << 20) / 4;
        for (int l = 0; l < 4; l++) {
            LayerBuilder layer = new LayerBuilder();
            if (l == 0) {
                layer.file("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n");
                StringBuilder status = new StringBuilder();
                for (int i = 0; i < 400; i++) {
                    status.append("Package: pkg").append(i).append("\nStatus: install ok installed\nVersion: 1.").append(i)
                            .append("-1\nArchitecture: amd64\n\n");
                }
                layer.file("var/lib/dpkg/status", status.toString());
            }
            long written = 0;
            for (int n = 0; written < perLayer; n++) {
                if (n % 50 == 0) {
                    layer.file("app" + l + "/node_modules/m" + n + "/package.json",
                            "{\"name\":\"m" + n + "\",\"version\":\"1.0." + n + "\"}");
                    continue;
                }
                byte[] content = new byte[16 << 10];
                for (int i = 0; i < content.length; i++) {
                    // text-like bytes compress about 3:1, as binaries and libraries roughly do
                    content[i] = (byte) ('a' + (random.nextInt(8) == 0 ? random.nextInt(26) : i % 13));
                }
                layer.file("usr/share/l" + l + "/f" + n + ".dat", content);
                written += content.length;
            }
            image.layer(layer, Compression.GZIP);
        }
        return image.tag("bench/app:1.0");
    }

}
