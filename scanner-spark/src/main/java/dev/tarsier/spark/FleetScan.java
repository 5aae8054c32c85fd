package dev.tarsier.spark;

import dev.tarsier.api.Diagnostic;
import dev.tarsier.api.Inventory;
import dev.tarsier.core.ImageAccessException;
import dev.tarsier.core.ImagePlan;
import dev.tarsier.core.ImageReference;
import dev.tarsier.core.ImageScanner;
import dev.tarsier.core.LayerAnalysis;
import dev.tarsier.report.Policy;
import dev.tarsier.report.Report;
import dev.tarsier.report.ReportFormat;
import dev.tarsier.report.ReportWriter;
import dev.tarsier.vulndb.VulnerabilityDatabase;
import dev.tarsier.vulndb.VulnerabilityMatchResult;
import dev.tarsier.vulndb.VulnerabilityMatcher;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.SerializableWritable;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.CollectionAccumulator;
import org.apache.spark.util.LongAccumulator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Serial;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.StreamSupport;

import scala.Tuple2;

/**
 * Scans a fleet of images on a Spark cluster, each distinct layer analysed once.
 *
 * <ol>
 * <li><b>Resolve</b>, distributed over the images: each image's manifest and config
 * ({@link ImageScanner#resolve}) give its {@link ImagePlan}.</li>
 * <li><b>Analyse</b>: the plans' layers keyed by diffID, one task per distinct diffID
 * ({@code reduceByKey} keeps one image's reference to it), {@link ImageScanner#analyzeLayer} on the
 * executor; the analyses are kept (memory and disk) for the next step.</li>
 * <li><b>Assemble and match</b>, per image: its layers' analyses joined back to it in layer order,
 * {@link ImageScanner#assemble} (whiteouts applied bottom up, as a single scan does), matched by
 * {@link VulnerabilityMatcher} against the database each executor opened once
 * ({@link DatabaseSource}), the JSON report of {@code tarsier scan --format json} written to
 * {@code OUT/reports/}, and the findings flattened into rows.</li>
 * <li><b>Tables</b>: {@code OUT/findings} (one row per finding, {@link FindingRow#SCHEMA}) as
 * Parquet or JSON lines, and {@code OUT/images} (one row per image, {@link ImageSummary#SCHEMA},
 * JSON lines), both written by Spark.</li>
 * </ol>
 *
 * <p>An image that cannot be resolved, or that has a layer that cannot be read, is not scanned: its
 * row in {@code images} says why, and the other images go on. Run it with {@code spark-submit}
 * ({@link #main}) or from code ({@link #run}); see {@code docs/spark.md}.
 *
 * @since 0.4
 */
public final class FleetScan {

    /** The findings table's formats. */
    public enum TableFormat {
        /** Apache Parquet files. */
        PARQUET,
        /** JSON lines (one object per row). */
        JSONL
    }

    /**
     * What to scan and where to write.
     *
     * @param images image references as {@code tarsier scan} takes them ({@code registry:HOST/REPO:TAG},
     *     {@code oci:PATH:TAG}; local paths must be readable on every executor)
     * @param db the vulnerability database on the driver (broadcast), or on every executor when
     *     {@code dbShared}
     * @param dbShared whether {@code db} is a path every executor can read
     * @param out the output directory, as a Hadoop file system path or URI ({@code /data/out},
     *     {@code hdfs://nn/scans/2026-12-06}, {@code s3a://bucket/scans})
     * @param tableFormat the findings table's format
     * @param settings how executors build their scanner
     * @param partitions tasks per stage; 0: four times Spark's default parallelism
     */
    public record Config(List<String> images, Path db, boolean dbShared, String out, TableFormat tableFormat,
                         ScannerSettings settings, int partitions) {

        public Config {
            images = List.copyOf(images);
            Objects.requireNonNull(db, "db");
            Objects.requireNonNull(out, "out");
            Objects.requireNonNull(tableFormat, "tableFormat");
            Objects.requireNonNull(settings, "settings");
            if (partitions < 0) {
                throw new IllegalArgumentException("partitions must be >= 0: " + partitions);
            }
        }
    }

    /**
     * What a fleet scan did.
     *
     * @param images one summary per image, in the order given (an image given twice is scanned once)
     * @param layerReferences layers of all resolved images together
     * @param distinctLayers distinct diffIDs among them
     * @param layersAnalysed layer analyses run (equal to {@code distinctLayers} unless a task was retried)
     * @param analysedDiffIds the diffIDs analysed, one entry per analysis
     * @param databaseOpens databases opened on executors (one per executor JVM)
     * @param findingRows rows written to the findings table
     * @param seconds wall time of the scan, from the first resolve to the last table file
     */
    public record Result(List<ImageSummary> images, long layerReferences, long distinctLayers, long layersAnalysed,
                         List<String> analysedDiffIds, long databaseOpens, long findingRows, double seconds) {

        public Result {
            images = List.copyOf(images);
            analysedDiffIds = List.copyOf(analysedDiffIds);
        }

        /** Distinct layers analysed per layer reference: 1.0 when no layer is shared, lower the more are. */
        public double dedupRatio() {
            return layerReferences == 0 ? 1.0 : (double) layersAnalysed / layerReferences;
        }

        /** Images scanned. */
        public long scanned() {
            return images.stream().filter(ImageSummary::scanned).count();
        }
    }

    /** A layer to analyse: one image's reference to it. */
    private record LayerTask(ImagePlan plan, int index) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        /** The task of the two kept for a diffID: the same whatever order the shuffle delivers them in. */
        static LayerTask first(LayerTask a, LayerTask b) {
            int c = a.plan.reference().compareTo(b.plan.reference());
            return c < 0 || c == 0 && a.index <= b.index ? a : b;
        }
    }

    /** A layer's analysis ({@link LayerAnalysis#toBytes()}), or why there is none. */
    private record LayerOutcome(byte[] analysis, String error) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
    }

    /** A resolved image, or why it could not be. */
    private record Resolved(String image, ImagePlan plan, String error) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
    }

    /** One image's outcome: its {@link ImageSummary#SCHEMA} row and its findings. */
    private record ImageOutcome(Row summary, List<FindingRow> rows) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
    }

    /** The largest database broadcast from the driver (one Java array). */
    private static final long MAX_BROADCAST_DB = Integer.MAX_VALUE - 8;

    private FleetScan() {
    }

    /**
     * Runs a fleet scan on the session's cluster.
     *
     * @throws IOException when the database cannot be read on the driver or the outputs cannot be written
     */
    public static Result run(SparkSession spark, Config config) throws IOException {
        long start = System.nanoTime();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        int partitions = config.partitions() > 0 ? config.partitions() : 4 * jsc.defaultParallelism();
        LongAccumulator analysed = jsc.sc().longAccumulator("tarsier.layersAnalysed");
        CollectionAccumulator<String> analysedIds = jsc.sc().collectionAccumulator("tarsier.analysedDiffIds");
        LongAccumulator dbOpens = jsc.sc().longAccumulator("tarsier.databaseOpens");
        DatabaseSource db = config.dbShared() ? DatabaseSource.shared(config.db().toString())
                : DatabaseSource.broadcast(jsc.broadcast(databaseBytes(config.db())), config.db().getFileName().toString());
        ScannerSettings settings = config.settings();
        Broadcast<SerializableWritable<Configuration>> hadoop =
                jsc.broadcast(new SerializableWritable<>(jsc.hadoopConfiguration()));
        String reports = config.out().replaceAll("/+$", "") + "/reports";

        // 1. resolve every image
        List<String> unique = List.copyOf(new LinkedHashSet<>(config.images()));
        JavaRDD<Resolved> resolved = jsc.parallelize(unique, Math.max(1, Math.min(partitions, unique.size())))
                .map(image -> resolve(settings, image))
                .persist(StorageLevel.MEMORY_AND_DISK());
        JavaPairRDD<String, ImagePlan> plans = resolved.filter(r -> r.plan() != null)
                .mapToPair(r -> new Tuple2<>(r.image(), r.plan()));

        // 2. analyse each distinct layer once
        JavaPairRDD<String, LayerOutcome> analyses = layerUses(plans)
                .reduceByKey(LayerTask::first, partitions)
                .mapValues(task -> analyse(settings, task, analysed, analysedIds))
                .persist(StorageLevel.MEMORY_AND_DISK());

        // 3. each image's analyses back to it (the plan travels with its layers: no join with the
        //    plans), in layer order; assemble, match, report
        JavaRDD<ImageOutcome> scanned = layerUses(plans)
                .join(analyses, partitions)
                .mapToPair(t -> new Tuple2<>(t._2()._1().plan().reference(), t._2()))
                .groupByKey(partitions)
                .map(t -> scan(settings, db, dbOpens, hadoop, reports, t._2()))
                .union(plans.filter(p -> p._2().layerCount() == 0)
                        .map(p -> scan(settings, db, dbOpens, hadoop, reports, p._2(), List.of())))
                .union(resolved.filter(r -> r.plan() == null)
                        .map(r -> new ImageOutcome(ImageSummary.row(r.image(), null, 0, 0, 0, null, r.error()), List.of())))
                // the unions add the (mostly empty) partitions of the resolve step; a table file per task is enough
                .coalesce(partitions)
                .persist(StorageLevel.MEMORY_AND_DISK());

        // 4. the tables
        String out = config.out().replaceAll("/+$", "");
        Dataset<Row> findings = spark.createDataFrame(scanned.flatMap(o -> o.rows().stream().map(FindingRow::toRow).iterator()),
                FindingRow.SCHEMA);
        if (config.tableFormat() == TableFormat.PARQUET) {
            findings.write().mode(SaveMode.Overwrite).parquet(out + "/findings");
        } else {
            findings.write().mode(SaveMode.Overwrite).json(out + "/findings");
        }
        Dataset<Row> images = spark.createDataFrame(scanned.map(ImageOutcome::summary), ImageSummary.SCHEMA);
        images.coalesce(1).write().mode(SaveMode.Overwrite).json(out + "/images");

        List<ImageSummary> summaries = scanned.map(ImageOutcome::summary).collect().stream().map(ImageSummary::of).toList();
        List<ImageSummary> ordered = new ArrayList<>();
        for (String image : unique) {
            summaries.stream().filter(s -> s.image().equals(image)).findFirst().ifPresent(ordered::add);
        }
        long rows = scanned.map(o -> (long) o.rows().size()).fold(0L, Long::sum);
        long references = ordered.stream().mapToLong(ImageSummary::layers).sum();
        long distinct = analyses.count();
        double seconds = (System.nanoTime() - start) / 1e9;
        scanned.unpersist(false);
        analyses.unpersist(false);
        resolved.unpersist(false);
        return new Result(ordered, references, distinct, analysed.value(), analysedIds.value(), dbOpens.value(), rows,
                seconds);
    }

    /** The database file's bytes, for the broadcast; a file too large for one array is refused with advice. */
    private static byte[] databaseBytes(Path db) throws IOException {
        long size = Files.size(db);
        if (size > MAX_BROADCAST_DB) {
            throw new IOException(db + " is " + size + " bytes, too large to broadcast; put it where every executor "
                    + "can read it and use --db-shared");
        }
        return Files.readAllBytes(db);
    }

    private static Resolved resolve(ScannerSettings settings, String image) throws InterruptedException {
        try {
            return new Resolved(image, ExecutorState.scanner(settings).resolve(ImageReference.parse(image)), null);
        } catch (ImageAccessException | RuntimeException e) {
            return new Resolved(image, null, message(e));
        }
    }

    private static LayerOutcome analyse(ScannerSettings settings, LayerTask task, LongAccumulator analysed,
                                        CollectionAccumulator<String> analysedIds) throws InterruptedException {
        analysed.add(1);
        analysedIds.add(task.plan().image().layer(task.index()).diffId());
        try {
            return new LayerOutcome(ExecutorState.scanner(settings).analyzeLayer(task.plan(), task.index()).toBytes(), null);
        } catch (ImageAccessException | RuntimeException e) {
            return new LayerOutcome(null, "layer " + task.index() + " (" + task.plan().image().layer(task.index()).diffId()
                    + "): " + message(e));
        }
    }

    /** Every layer of every image, keyed by diffID. */
    private static JavaPairRDD<String, LayerTask> layerUses(JavaPairRDD<String, ImagePlan> plans) {
        return plans.flatMapToPair(p -> {
            List<Tuple2<String, LayerTask>> uses = new ArrayList<>();
            for (int i = 0; i < p._2().layerCount(); i++) {
                uses.add(new Tuple2<>(p._2().image().layer(i).diffId(), new LayerTask(p._2(), i)));
            }
            return uses.iterator();
        });
    }

    /** Scans one image from its layers' analyses, given with the image's references to them in any order. */
    private static ImageOutcome scan(ScannerSettings settings, DatabaseSource dbSource, LongAccumulator dbOpens,
                                     Broadcast<SerializableWritable<Configuration>> hadoop, String reports,
                                     Iterable<Tuple2<LayerTask, LayerOutcome>> layers) {
        List<Tuple2<LayerTask, LayerOutcome>> ordered = StreamSupport.stream(layers.spliterator(), false)
                .sorted(Comparator.comparingInt(t -> t._1().index())).toList();
        return scan(settings, dbSource, dbOpens, hadoop, reports, ordered.get(0)._1().plan(),
                ordered.stream().map(Tuple2::_2).toList());
    }

    private static ImageOutcome scan(ScannerSettings settings, DatabaseSource dbSource, LongAccumulator dbOpens,
                                     Broadcast<SerializableWritable<Configuration>> hadoop, String reports,
                                     ImagePlan plan, List<LayerOutcome> layers) {
        String image = plan.reference();
        Optional<String> digest = Optional.of(plan.image().digest());
        try {
            List<LayerAnalysis> analyses = new ArrayList<>();
            for (LayerOutcome layer : layers) {
                if (layer.error() != null) {
                    return failed(image, plan, layer.error());
                }
                analyses.add(LayerAnalysis.fromBytes(layer.analysis()));
            }
            Inventory inventory = ExecutorState.scanner(settings).assemble(plan, analyses);
            VulnerabilityDatabase db = ExecutorState.database(dbSource, dbOpens);
            VulnerabilityMatchResult matched = new VulnerabilityMatcher(db).match(inventory);
            List<Diagnostic> diagnostics = new ArrayList<>(inventory.diagnostics());
            diagnostics.addAll(matched.diagnostics());
            Inventory withMatchDiagnostics = inventory.withDiagnostics(diagnostics);
            byte[] json = jsonReport(withMatchDiagnostics, matched);
            String path = reports + "/" + reportName(image);
            org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(path);
            FileSystem fs = file.getFileSystem(hadoop.value().value());
            fs.setWriteChecksum(false);
            try (FSDataOutputStream o = fs.create(file, true)) {
                o.write(json);
            }
            return new ImageOutcome(ImageSummary.row(image, digest.get(), plan.layerCount(), inventory.packages().size(),
                    matched.findings().size(), path, null), FindingRow.of(image, inventory, matched.findings()));
        } catch (IOException | RuntimeException e) {
            return failed(image, plan, message(e));
        }
    }

    /**
     * The JSON report of {@code tarsier scan --format json} without policy options: the default
     * policy's verdict, and the matcher's diagnostics after the inventory's.
     */
    static byte[] jsonReport(Inventory inventory, VulnerabilityMatchResult matched) throws IOException {
        Report report = Report.scan(inventory, matched.findings(), Policy.builder().build().evaluate(inventory,
                matched.findings()));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ReportWriter.write(report, ReportFormat.JSON, bytes);
        return bytes.toByteArray();
    }

    private static ImageOutcome failed(String image, ImagePlan plan, String error) {
        return new ImageOutcome(ImageSummary.row(image, plan.image().digest(), plan.layerCount(), 0, 0, null, error),
                List.of());
    }

    /**
     * The report's file name: the reference with every character outside {@code [A-Za-z0-9._-]}
     * replaced by {@code _}, then 12 hex digits of its SHA-256 (two references that differ only in
     * replaced characters get two files).
     */
    static String reportName(String image) {
        String readable = image.replaceFirst("^registry:", "").replaceAll("[^A-Za-z0-9._-]", "_");
        if (readable.length() > 150) {
            readable = readable.substring(0, 150);
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(image.getBytes(StandardCharsets.UTF_8));
            return readable + "-" + HexFormat.of().formatHex(hash, 0, 6) + ".json";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    private static String message(Exception e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }

    /**
     * The {@code spark-submit} entry point; {@code --help} lists the arguments. Exit codes: 0 the
     * scan ran (images that could not be scanned are listed, with why, in {@code OUT/images}), 2 bad
     * usage or unreadable input (database, image list, registry catalog), 3 internal error.
     */
    public static void main(String[] args) {
        int code = FleetScanCommand.run(args, System.out, System.err);
        if (code != 0) {
            System.exit(code);
        }
    }

    static void printResult(Result r, PrintStream out) {
        out.printf(Locale.ROOT, "tarsier-spark: %d images, %d scanned, %d layer references, %d distinct layers analysed "
                        + "(dedup ratio %.3f), %d finding rows, %.1f s%n", r.images().size(), r.scanned(),
                r.layerReferences(), r.layersAnalysed(), r.dedupRatio(), r.findingRows(), r.seconds());
        r.images().stream().filter(s -> !s.scanned())
                .forEach(s -> out.println("tarsier-spark: not scanned: " + s.image() + ": " + s.error().orElse("")));
    }
}
