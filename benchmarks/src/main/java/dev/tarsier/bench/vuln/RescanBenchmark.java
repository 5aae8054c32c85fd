package dev.tarsier.bench.vuln;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;

import dev.tarsier.api.Image;
import dev.tarsier.api.Inventory;
import dev.tarsier.api.Layer;
import dev.tarsier.api.Location;
import dev.tarsier.api.OperatingSystem;
import dev.tarsier.api.Package;
import dev.tarsier.api.PackageKind;
import dev.tarsier.report.Report;
import dev.tarsier.report.ReportFormat;
import dev.tarsier.report.ReportWriter;
import dev.tarsier.report.Rescan;
import dev.tarsier.vulndb.VulnerabilityDatabase;
import dev.tarsier.vulndb.VulnerabilityMatcher;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code tarsier rescan} of a directory of stored inventories against the generated 100,000-advisory
 * DB ({@link GeneratedAdvisories}): {@code documents} images of 300 packages each (135 deb binary
 * packages, 120 Maven artifacts, 44 npm packages and the node runtime, at seeded random versions),
 * two thirds stored as Tarsier JSON inventory reports and one third as CycloneDX 1.6, written in
 * {@code @Setup}. One operation reads every document, matches it, compares with the previous run's
 * state and writes the new state: the nightly job after {@code db update} (goal: 1,000 documents in
 * seconds). The first (warm-up) operation also writes the initial state, so measured operations are
 * the steady state in which nothing changed but everything is read, matched and rewritten.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar RescanBenchmark -f 1 -wi 2 -i 5}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class RescanBenchmark {

    @Param({"1000"})
    int documents;

    @Param({"2"})
    int parallelism;

    private Path dir;
    private VulnerabilityDatabase db;
    private Rescan rescan;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        db = VulnerabilityDatabase.open(GeneratedAdvisories.corpus().db());
        rescan = new Rescan(new VulnerabilityMatcher(db), parallelism, true);
        dir = Files.createTempDirectory("tarsier-bench-rescan");
        long bytes = 0;
        Instant created = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < documents; i++) {
            boolean cdx = i % 3 == 2;
            Path file = dir.resolve(String.format("image-%04d.%s.json", i, cdx ? "cdx" : "inventory"));
            try (OutputStream out = Files.newOutputStream(file)) {
                ReportWriter.write(Report.inventory(inventory(i)).withCreated(created),
                        cdx ? ReportFormat.CYCLONEDX : ReportFormat.JSON, out);
            }
            bytes += Files.size(file);
        }
        System.out.printf("%n%d documents, %d MB in %s%n", documents, bytes >> 20, dir);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        db.close();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Benchmark
    public Rescan.Result rescan() throws IOException, InterruptedException {
        return rescan.run(dir);
    }

    /** One image: seeded by its number, so every run of the benchmark stores the same documents. */
    public static Inventory inventory(int seed) {
        Random r = new Random(seed);
        List<Package> pkgs = new ArrayList<>();
        for (int i = 0; i < 135; i++) {
            String source = GeneratedAdvisories.packageName(0, r.nextInt(GeneratedAdvisories.POOL[0]));
            String v = GeneratedAdvisories.version(0, 1 + r.nextInt(5), r.nextInt(20), r.nextInt(30));
            String name = i % 3 == 0 ? source : source + "-bin" + i;
            pkgs.add(Package.builder("deb", name, v).purl(purl("deb", "debian", name, v)).kind(PackageKind.OS)
                    .sourceName(source).sourceVersion(v).location(new Location(0, "var/lib/dpkg/status")).build());
        }
        for (int i = 0; i < 120; i++) {
            String[] ga = GeneratedAdvisories.packageName(3, r.nextInt(GeneratedAdvisories.POOL[3])).split(":");
            String v = GeneratedAdvisories.version(3, 1 + r.nextInt(5), r.nextInt(20), r.nextInt(30));
            pkgs.add(Package.builder("maven", ga[1], v).purl(purl("maven", ga[0], ga[1], v)).ecosystem("Maven")
                    .location(new Location(1, "app/lib/" + ga[1] + "-" + v + "-" + i + ".jar")).build());
        }
        for (int i = 0; i < 44; i++) {
            String n = GeneratedAdvisories.packageName(4, r.nextInt(GeneratedAdvisories.POOL[4]));
            String v = GeneratedAdvisories.version(4, 1 + r.nextInt(5), r.nextInt(20), r.nextInt(30));
            pkgs.add(Package.builder("npm", n, v).purl(purl("npm", null, n, v)).ecosystem("npm")
                    .location(new Location(2, "app/node_modules/" + n + "-" + i + "/package.json")).build());
        }
        pkgs.add(Package.builder(Package.TYPE_BINARY, "node", "18.12.0").purl(purl("generic", null, "node", "18.12.0"))
                .ecosystem("Node.js").location(new Location(2, "usr/local/bin/node")).build());
        Image image = new Image("docker-archive:image-" + seed + ".tar", String.format("sha256:%064x", seed),
                Optional.of("linux/amd64"), List.of(), List.of(
                new Layer(0, "sha256:0", Optional.empty(), Optional.of("ADD rootfs.tar /")),
                new Layer(1, "sha256:1", Optional.empty(), Optional.of("COPY lib/ /app/lib/")),
                new Layer(2, "sha256:2", Optional.empty(), Optional.of("COPY app/ /app/"))));
        return new Inventory(image, Optional.of(OperatingSystem.of("debian", "12")), pkgs, List.of());
    }

    private static PackageURL purl(String type, String ns, String name, String version) {
        try {
            return new PackageURL(type, ns, name, version, null, null);
        } catch (MalformedPackageURLException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
