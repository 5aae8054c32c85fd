package dev.tarsier.spark;

import dev.tarsier.api.Inventory;
import dev.tarsier.core.ImageScanner;
import dev.tarsier.testkit.LocalRegistry;
import dev.tarsier.vulndb.VulnerabilityDatabase;
import dev.tarsier.vulndb.VulnerabilityDatabaseBuilder;
import dev.tarsier.vulndb.VulnerabilityMatcher;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * How a fleet scan's wall time scales with images and local cores, and its layer dedup ratio: the
 * {@link TestFleet} (two bases of {@code tarsier.bench.filler} extra files each, three runtimes, one
 * layer per image) in Debian's real registry, scanned by {@link FleetScan} on {@code local[1]} and
 * {@code local[2]} for each image count, after a warm-up run per session; beside it, the same images
 * scanned one after the other by one {@link ImageScanner} without a layer cache ({@code tarsier scan}
 * per image). Not run by the build (the surefire configuration excludes {@code *Benchmark}); run by
 * hand, which prints a Markdown table and writes it to {@code target/fleet-benchmark.md}:
 *
 * <pre>
 * mvn -B -q -o -pl scanner-spark -am test -Dtest=FleetScanBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dtarsier.bench.images=12,24,48 -Dtarsier.bench.cores=1,2 -Dtarsier.bench.filler=4000 -Dtarsier.bench.repeat=2
 * </pre>
 *
 * Each cell is the best of {@code repeat} runs (the machine is shared; the best run is the least
 * disturbed one).
 */
class FleetScanBenchmark {

    @TempDir
    Path tmp;

    private static List<Integer> ints(String property, String defaults) {
        return Arrays.stream(System.getProperty(property, defaults).split(",")).map(String::strip)
                .map(Integer::parseInt).toList();
    }

    @Test
    void measure() throws Exception {
        LocalRegistry.assumeInstalled();
        List<Integer> counts = ints("tarsier.bench.images", "12,24,48");
        List<Integer> cores = ints("tarsier.bench.cores", "1,2");
        int filler = Integer.getInteger("tarsier.bench.filler", 4000);
        int repeat = Integer.getInteger("tarsier.bench.repeat", 2);
        int most = counts.stream().mapToInt(Integer::intValue).max().orElseThrow();
        try (LocalRegistry registry = LocalRegistry.start(Files.createDirectories(tmp.resolve("registry")),
                Optional.empty(), Optional.empty(), Optional.empty())) {
            TestFleet fleet = TestFleet.build(most, filler);
            fleet.push(registry, tmp);
            Path db = tmp.resolve("demo.db");
            new VulnerabilityDatabaseBuilder().source(Path.of("../demo/advisories")).build(db);
            ScannerSettings settings = ScannerSettings.defaults().withInsecureRegistries(List.of(registry.hostPort()))
                    .withDockerConfigDir(Files.createDirectories(tmp.resolve("no-docker-config")).toString());
            List<String> refs = fleet.references(registry);
            List<String> lines = new ArrayList<>();
            lines.add("| images | layer refs | distinct layers analysed | dedup ratio | one scanner, image by image (s) | "
                    + String.join(" | ", cores.stream().map(c -> "Spark local[" + c + "] (s)").toList()) + " |");
            lines.add("|---|---|---|---|---|" + "---|".repeat(cores.size()));
            double[][] spark = new double[counts.size()][cores.size()];
            long[][] shape = new long[counts.size()][2];
            for (int c = 0; c < cores.size(); c++) {
                SparkSession session = SparkSession.builder().master("local[" + cores.get(c) + "]").appName("bench")
                        .config("spark.ui.enabled", "false")
                        .config("spark.driver.host", "127.0.0.1")
                        .config("spark.driver.bindAddress", "127.0.0.1")
                        .getOrCreate();
                try {
                    run(session, refs.subList(0, 4), db, settings, tmp.resolve("warm-" + c));
                    for (int n = 0; n < counts.size(); n++) {
                        double best = Double.MAX_VALUE;
                        for (int r = 0; r < repeat; r++) {
                            FleetScan.Result result = run(session, refs.subList(0, counts.get(n)), db, settings,
                                    tmp.resolve("out-" + c + "-" + n + "-" + r));
                            assertEquals(counts.get(n), (int) result.scanned());
                            best = Math.min(best, result.seconds());
                            shape[n][0] = result.layerReferences();
                            shape[n][1] = result.layersAnalysed();
                        }
                        spark[n][c] = best;
                    }
                } finally {
                    session.stop();
                }
            }
            for (int n = 0; n < counts.size(); n++) {
                double single = Double.MAX_VALUE;
                for (int r = 0; r < repeat; r++) {
                    single = Math.min(single, singleScans(refs.subList(0, counts.get(n)), db, settings));
                }
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "| %d | %d | %d | %.3f | %.1f |",
                        counts.get(n), shape[n][0], shape[n][1], (double) shape[n][1] / shape[n][0], single));
                for (int c = 0; c < cores.size(); c++) {
                    line.append(String.format(Locale.ROOT, " %.1f |", spark[n][c]));
                }
                lines.add(line.toString());
            }
            lines.add("");
            lines.add(String.format(Locale.ROOT, "filler files per base: %d; best of %d runs; %d available processors; %s",
                    filler, repeat, Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.version")));
            String table = String.join("\n", lines) + "\n";
            System.out.print(table);
            Files.writeString(Path.of("target", "fleet-benchmark.md"), table, StandardCharsets.UTF_8);
        }
    }

    private static FleetScan.Result run(SparkSession session, List<String> images, Path db, ScannerSettings settings,
                                        Path out) throws Exception {
        return FleetScan.run(session, new FleetScan.Config(images, db, false, out.toString(), FleetScan.TableFormat.PARQUET,
                settings, 0));
    }

    /** Seconds to scan the images one after the other with one scanner (its default layer parallelism). */
    private static double singleScans(List<String> images, Path db, ScannerSettings settings) throws Exception {
        long start = System.nanoTime();
        try (ImageScanner scanner = ImageScanner.builder().insecureRegistries(settings.insecureRegistries())
                .dockerConfigDir(Path.of(settings.dockerConfigDir().orElseThrow())).build();
             VulnerabilityDatabase database = VulnerabilityDatabase.open(db)) {
            for (String image : images) {
                Inventory inventory = scanner.inventory(image);
                FleetScan.jsonReport(inventory, new VulnerabilityMatcher(database).match(inventory));
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }
}
