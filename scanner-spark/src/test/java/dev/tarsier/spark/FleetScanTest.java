package dev.tarsier.spark;

import dev.tarsier.api.Diagnostic;
import dev.tarsier.api.Finding;
import dev.tarsier.api.Inventory;
import dev.tarsier.api.PackageKind;
import dev.tarsier.core.ImageScanner;
import dev.tarsier.report.Policy;
import dev.tarsier.report.Report;
import dev.tarsier.report.ReportFormat;
import dev.tarsier.report.ReportWriter;
import dev.tarsier.testkit.LocalRegistry;
import dev.tarsier.vulndb.VulnerabilityDatabase;
import dev.tarsier.vulndb.VulnerabilityDatabaseBuilder;
import dev.tarsier.vulndb.VulnerabilityMatchResult;
import dev.tarsier.vulndb.VulnerabilityMatcher;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fleet scans on {@code local[2]} against Debian's real registry holding a dozen images that share
 * base layers: each distinct layer is analysed once, and every image's report, packages and findings
 * are those of a single scan of it ({@link ImageScanner#inventory} and {@link VulnerabilityMatcher}).
 * One Spark session for the class; skipped when {@code docker-registry} or {@code skopeo} is absent.
 */
class FleetScanTest {

    private static final int IMAGES = 12;

    @TempDir
    static Path tmp;
    private static LocalRegistry registry;
    private static SparkSession spark;
    private static TestFleet fleet;
    private static Path db;
    /** Per image reference: the JSON report of a single scan, and its findings as table rows. */
    private static final Map<String, byte[]> SINGLE_REPORTS = new HashMap<>();
    private static final Map<String, List<String>> SINGLE_ROWS = new HashMap<>();
    private static final Map<String, Inventory> SINGLE_INVENTORIES = new HashMap<>();

    @BeforeAll
    static void startRegistryPushFleetAndScanEachImageAlone() throws Exception {
        LocalRegistry.assumeInstalled();
        registry = LocalRegistry.start(Files.createDirectories(tmp.resolve("registry")), Optional.empty(),
                Optional.empty(), Optional.empty());
        fleet = TestFleet.build(IMAGES, 0);
        fleet.push(registry, tmp);
        db = tmp.resolve("demo.db");
        new VulnerabilityDatabaseBuilder().source(Path.of("../demo/advisories")).build(db);
        try (ImageScanner scanner = settings().newScanner(); VulnerabilityDatabase database = VulnerabilityDatabase.open(db)) {
            for (String ref : fleet.references(registry)) {
                Inventory inventory = scanner.inventory(ref);
                VulnerabilityMatchResult matched = new VulnerabilityMatcher(database).match(inventory);
                List<Diagnostic> diagnostics = new ArrayList<>(inventory.diagnostics());
                diagnostics.addAll(matched.diagnostics());
                Inventory reported = inventory.withDiagnostics(diagnostics);
                Report report = Report.scan(reported, matched.findings(),
                        Policy.builder().build().evaluate(reported, matched.findings()));
                ByteArrayOutputStream json = new ByteArrayOutputStream();
                ReportWriter.write(report, ReportFormat.JSON, json);
                SINGLE_REPORTS.put(ref, json.toByteArray());
                SINGLE_INVENTORIES.put(ref, inventory);
                SINGLE_ROWS.put(ref, matched.findings().stream().map(f -> row(ref, inventory, f)).toList());
            }
        }
        spark = SparkSession.builder().master("local[2]").appName("tarsier-test")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "4")
                .getOrCreate();
    }

    @AfterAll
    static void stop() throws Exception {
        if (spark != null) {
            spark.stop();
        }
        if (registry != null) {
            registry.close();
        }
    }

    private static ScannerSettings settings() throws Exception {
        return ScannerSettings.defaults().withInsecureRegistries(List.of(registry.hostPort()))
                .withDockerConfigDir(Files.createDirectories(tmp.resolve("no-docker-config")).toString());
    }

    private static String row(String image, Inventory inventory, Finding f) {
        int layer = f.pkg().location().layer();
        return String.join(" | ", image, f.pkg().name(), f.pkg().version(), f.id(), f.severity().name(),
                String.join(", ", f.fixedVersions()), f.pkg().kind() == PackageKind.OS ? "os" : "app",
                Integer.toString(layer), inventory.image().layer(layer).diffId());
    }

    private static String row(Row r) {
        return String.join(" | ", r.getAs("image"), r.getAs("package"), r.getAs("version"), r.getAs("vulnerability"),
                r.getAs("severity"), r.getAs("fixed_version"), r.getAs("class"),
                Integer.toString(r.<Integer>getAs("layer")), r.getAs("layer_diff_id"));
    }

    private static List<String> sorted(Stream<String> rows) {
        return rows.sorted().toList();
    }

    @Test
    void run_analysesEachDistinctLayerOnce_andEveryImageEqualsItsSingleScan() throws Exception {
        List<String> images = new ArrayList<>(fleet.references(registry));
        String missing = "registry:" + registry.hostPort() + "/fleet/missing:1.0";
        images.add(missing);
        Path out = tmp.resolve("out-parquet");
        FleetScan.Result result = FleetScan.run(spark, new FleetScan.Config(images, db, false, out.toString(),
                FleetScan.TableFormat.PARQUET, settings(), 4));

        // each distinct layer analysed exactly once
        List<String> references = fleet.layerReferences();
        Set<String> distinct = new TreeSet<>(references);
        assertEquals(IMAGES * 3, references.size());
        assertEquals(2 + 3 + IMAGES, distinct.size(), "two bases, three runtimes, one layer of each image's own");
        assertEquals(references.size(), result.layerReferences());
        assertEquals(distinct.size(), result.distinctLayers());
        assertEquals(distinct.size(), result.layersAnalysed());
        assertEquals(distinct, new TreeSet<>(result.analysedDiffIds()));
        assertEquals(distinct.size(), new HashSet<>(result.analysedDiffIds()).size());
        assertEquals((double) distinct.size() / references.size(), result.dedupRatio(), 1e-9);
        assertEquals(1, result.databaseOpens(), "one executor JVM opens the database once");

        // every image: the report a single scan writes, byte for byte
        assertEquals(IMAGES + 1, result.images().size());
        assertEquals(IMAGES, result.scanned());
        ImageSummary notFound = result.images().get(IMAGES);
        assertEquals(missing, notFound.image());
        assertTrue(notFound.error().orElseThrow().contains("404"), notFound.error().orElseThrow());
        for (ImageSummary s : result.images().subList(0, IMAGES)) {
            assertEquals(Optional.empty(), s.error(), s.image());
            Inventory single = SINGLE_INVENTORIES.get(s.image());
            assertEquals(single.image().digest(), s.digest().orElseThrow());
            assertEquals(single.packages().size(), s.packages());
            assertEquals(SINGLE_ROWS.get(s.image()).size(), s.findings());
            Path report = Path.of(s.report().orElseThrow());
            assertTrue(report.startsWith(out.resolve("reports")), report.toString());
            assertArrayEquals(SINGLE_REPORTS.get(s.image()), Files.readAllBytes(report),
                    s.image() + ": the fleet's report differs from a single scan's:\n"
                            + Files.readString(report));
        }

        // the table: one row per finding of every image, as the single scans found them
        List<String> expected = sorted(SINGLE_ROWS.values().stream().flatMap(List::stream));
        List<String> table = sorted(spark.read().parquet(out.resolve("findings").toString()).collectAsList().stream()
                .map(FleetScanTest::row));
        assertEquals(expected, table);
        assertEquals(expected.size(), result.findingRows());
        assertTrue(expected.size() > IMAGES, "the fleet has findings: " + expected);

        // what the shared layers and the whiteouts mean for the findings
        Map<String, Set<String>> findingsByImage = table.stream().collect(Collectors.groupingBy(
                r -> r.split(" \\| ")[0], Collectors.mapping(r -> r.split(" \\| ")[1] + " " + r.split(" \\| ")[3],
                        Collectors.toCollection(TreeSet::new))));
        List<String> refs = fleet.references(registry);
        assertTrue(findingsByImage.get(refs.get(0)).contains("curl CVE-2023-46218"), "base a has the old curl");
        assertTrue(findingsByImage.get(refs.get(0)).contains("lodash CVE-2021-23337"), "runtime 0 has the old lodash");
        assertFalse(findingsByImage.get(refs.get(1)).contains("lodash CVE-2021-23337"), "image 1 deletes lodash (whiteout)");
        assertFalse(findingsByImage.get(refs.get(1)).contains("curl CVE-2023-46218"), "base b has the fixed curl");
        assertFalse(findingsByImage.getOrDefault(refs.get(3), Set.of()).contains("lodash CVE-2021-23337"),
                "image 3 hides node_modules (opaque directory)");
        assertTrue(findingsByImage.get(refs.get(5)).contains("curl CVE-2023-46218"),
                "runtime 2's dpkg status brings the old curl back on base b");
        assertEquals(List.of(), table.stream().filter(r -> r.contains(" | lodash | ") && r.contains(refs.get(8)))
                .toList(), "runtime 1 has the fixed lodash");

        // the images table
        List<Row> summaryRows = spark.read().json(out.resolve("images").toString()).collectAsList();
        assertEquals(IMAGES + 1, summaryRows.size());
    }

    @Test
    void main_scansEveryTagOfTheRegistryCatalog_intoJsonLines() throws Exception {
        Path out = tmp.resolve("out-jsonl");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int code = FleetScanCommand.run(new String[] {"--registry", "http://" + registry.hostPort(),
            "--insecure-registry", registry.hostPort(), "--docker-config", settings().dockerConfigDir().orElseThrow(),
            "--db", db.toString(), "--db-shared", "--out", out.toString(), "--table-format", "jsonl", "--partitions", "4"},
                new PrintStream(stdout, true, StandardCharsets.UTF_8), new PrintStream(stderr, true, StandardCharsets.UTF_8));
        String err = stderr.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, err);
        assertTrue(stdout.toString(StandardCharsets.UTF_8).contains(IMAGES + " images, " + IMAGES + " scanned, "
                + (IMAGES * 3) + " layer references, " + (5 + IMAGES) + " distinct layers analysed"),
                stdout.toString(StandardCharsets.UTF_8));
        List<String> table;
        try (Stream<Path> files = Files.list(out.resolve("findings"))) {
            table = files.filter(f -> f.getFileName().toString().endsWith(".json")).flatMap(f -> {
                try {
                    return Files.readAllLines(f).stream();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
        assertEquals(SINGLE_ROWS.values().stream().mapToInt(List::size).sum(), table.size());
        assertTrue(table.stream().allMatch(l -> l.startsWith("{\"image\":\"registry:" + registry.hostPort() + "/fleet/app-")),
                table.toString());
        try (Stream<Path> reports = Files.list(out.resolve("reports"))) {
            assertEquals(IMAGES, reports.count());
        }
        assertTrue(spark.sparkContext().isStopped() == false, "the command leaves a session it did not create running");
    }

    @Test
    void main_badUsage_exits2WithAOneLineReason() {
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(stderr, true, StandardCharsets.UTF_8);
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertEquals(2, FleetScanCommand.run(new String[] {"--db", db.toString(), "--out", "x"}, out, err));
        assertTrue(stderr.toString(StandardCharsets.UTF_8).startsWith(
                "tarsier-spark: give exactly one of --images FILE and --registry HOST"), stderr.toString());
        stderr.reset();
        assertEquals(2, FleetScanCommand.run(new String[] {"--images", "list", "--db", tmp.resolve("none.db").toString(),
            "--out", "x"}, out, err));
        assertTrue(stderr.toString(StandardCharsets.UTF_8).startsWith("tarsier-spark: no vulnerability database at"),
                stderr.toString());
        stderr.reset();
        assertEquals(2, FleetScanCommand.run(new String[] {"--images", "list", "--db", db.toString(), "--out", "x",
            "--table-format", "csv"}, out, err));
        assertTrue(stderr.toString(StandardCharsets.UTF_8).contains("--table-format is parquet or jsonl: csv"));
        stderr.reset();
        assertEquals(2, FleetScanCommand.run(new String[] {"--images", tmp.resolve("no-list").toString(), "--db",
            db.toString(), "--out", "x"}, out, err));
        assertTrue(stderr.toString(StandardCharsets.UTF_8).startsWith("tarsier-spark: cannot list the images:"),
                stderr.toString());
    }
}
