package dev.tarsier.spark;

import dev.tarsier.core.ImageAccessException;
import dev.tarsier.core.ImageScanner;

import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * The arguments of {@link FleetScan#main}: which images, which database, where to write. Parsed by
 * hand, so that the job jar needs no command-line library.
 */
final class FleetScanCommand {

    static final String USAGE = """
            Usage: spark-submit --class dev.tarsier.spark.FleetScan tarsier-spark.jar
                     (--images FILE | --registry HOST[:PORT] [--repositories NAME,...])
                     --db DB [--db-shared] --out DIR [--table-format parquet|jsonl]
                     [--insecure-registry HOST[:PORT]]... [--docker-config DIR] [--registry-ca FILE]
                     [--platform OS/ARCH[/VARIANT]] [--layer-cache DIR] [--partitions N] [--master URL]

              --images FILE          image references, one per line (registry:HOST/REPO:TAG, as for
                                     'tarsier scan'); blank lines and lines starting with # are skipped
              --registry HOST        every tag of every repository of this registry (GET /v2/_catalog,
                                     /v2/NAME/tags/list), or of --repositories only
              --db DB                compiled vulnerability database on the driver: broadcast to the
                                     executors; with --db-shared, a path every executor can read
              --out DIR              output directory (local path, hdfs://, s3a://...): reports/,
                                     findings/ (the table), images/ (one row per image)
              --table-format F       parquet (default) or jsonl
              --insecure-registry H  registry reached over plain HTTP or unverified TLS (repeatable)
              --docker-config DIR    directory of config.json with registry credentials, on the driver
                                     and every executor (default $DOCKER_CONFIG or ~/.docker)
              --registry-ca FILE     extra CA bundle (PEM) for registries, on the driver and executors
              --layer-cache DIR      persistent layer cache on each executor's local disk
              --partitions N         tasks per stage (default: 4 x Spark's default parallelism)
              --master URL           Spark master when not run by spark-submit (e.g. local[2])

            Exit codes: 0 the scan ran (images that could not be scanned are listed in OUT/images with
            why), 2 bad usage or unreadable input, 3 internal error.
            """;

    private FleetScanCommand() {
    }

    /** Thrown for bad usage: the message is one line. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /** Parsed arguments. */
    record Arguments(Path images, String registry, List<String> repositories, Path db, boolean dbShared, String out,
                     FleetScan.TableFormat tableFormat, ScannerSettings settings, int partitions, String master) {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Arguments a;
        try {
            a = parse(args);
        } catch (UsageException e) {
            err.println("tarsier-spark: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        if (a == null) {
            out.print(USAGE);
            return 0;
        }
        try {
            if (!Files.isRegularFile(a.db())) {
                err.println("tarsier-spark: no vulnerability database at " + a.db());
                return 2;
            }
            List<String> images;
            try {
                images = images(a);
            } catch (IOException | ImageAccessException e) {
                err.println("tarsier-spark: cannot list the images: " + e.getMessage());
                return 2;
            }
            if (images.isEmpty()) {
                err.println("tarsier-spark: no images to scan");
                return 2;
            }
            boolean running = SparkSession.getDefaultSession().isDefined();
            SparkSession.Builder builder = SparkSession.builder().appName("tarsier fleet scan");
            if (a.master() != null) {
                builder.master(a.master());
            }
            SparkSession spark = builder.getOrCreate();
            try {
                FleetScan.Result result = FleetScan.run(spark, new FleetScan.Config(images, a.db(), a.dbShared(), a.out(),
                        a.tableFormat(), a.settings(), a.partitions()));
                FleetScan.printResult(result, out);
            } finally {
                if (!running) {
                    spark.stop();
                }
            }
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("tarsier-spark: interrupted");
            return 3;
        } catch (IOException e) {
            err.println("tarsier-spark: " + e.getMessage());
            return 2;
        } catch (RuntimeException e) {
            err.println("tarsier-spark: internal error: " + e);
            e.printStackTrace(err);
            return 3;
        }
    }

    /** The arguments, or null when help was asked for. */
    static Arguments parse(String[] args) throws UsageException {
        Path images = null;
        String registry = null;
        List<String> repositories = new ArrayList<>();
        Path db = null;
        boolean dbShared = false;
        String out = null;
        FleetScan.TableFormat format = FleetScan.TableFormat.PARQUET;
        ScannerSettings settings = ScannerSettings.defaults();
        List<String> insecure = new ArrayList<>();
        int partitions = 0;
        String master = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "-h", "--help" -> {
                    return null;
                }
                case "--db-shared" -> dbShared = true;
                case "--images" -> images = Path.of(value(args, ++i, arg));
                case "--registry" -> registry = value(args, ++i, arg).replaceFirst("^https?://", "").replaceAll("/+$", "");
                case "--repositories" -> repositories.addAll(list(value(args, ++i, arg)));
                case "--db" -> db = Path.of(value(args, ++i, arg));
                case "--out" -> out = value(args, ++i, arg);
                case "--table-format" -> format = switch (value(args, ++i, arg).toLowerCase(Locale.ROOT)) {
                    case "parquet" -> FleetScan.TableFormat.PARQUET;
                    case "jsonl", "json" -> FleetScan.TableFormat.JSONL;
                    default -> throw new UsageException("--table-format is parquet or jsonl: " + args[i]);
                };
                case "--insecure-registry" -> insecure.addAll(list(value(args, ++i, arg)));
                case "--docker-config" -> settings = settings.withDockerConfigDir(value(args, ++i, arg));
                case "--registry-ca" -> settings = settings.withRegistryCaFile(value(args, ++i, arg));
                case "--platform" -> settings = settings.withPlatform(value(args, ++i, arg));
                case "--layer-cache" -> settings = settings.withLayerCache(value(args, ++i, arg),
                        ScannerSettings.DEFAULT_LAYER_CACHE_BYTES);
                case "--partitions" -> {
                    String v = value(args, ++i, arg);
                    try {
                        partitions = Integer.parseInt(v);
                    } catch (NumberFormatException e) {
                        partitions = -1;
                    }
                    if (partitions < 1) {
                        throw new UsageException("--partitions is a positive number: " + v);
                    }
                }
                case "--master" -> master = value(args, ++i, arg);
                default -> throw new UsageException("unknown argument: " + arg);
            }
        }
        if ((images == null) == (registry == null)) {
            throw new UsageException("give exactly one of --images FILE and --registry HOST");
        }
        if (!repositories.isEmpty() && registry == null) {
            throw new UsageException("--repositories needs --registry");
        }
        if (db == null) {
            throw new UsageException("--db is required");
        }
        if (out == null) {
            throw new UsageException("--out is required");
        }
        try {
            settings.withInsecureRegistries(insecure).newScanner().close();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        return new Arguments(images, registry, repositories, db, dbShared, out, format,
                settings.withInsecureRegistries(insecure), partitions, master);
    }

    /** The image references: the file's lines, or the registry's tags. */
    static List<String> images(Arguments a) throws IOException, ImageAccessException, InterruptedException {
        if (a.images() != null) {
            LinkedHashSet<String> refs = new LinkedHashSet<>();
            for (String line : Files.readAllLines(a.images(), StandardCharsets.UTF_8)) {
                String ref = line.strip();
                if (!ref.isEmpty() && !ref.startsWith("#")) {
                    refs.add(ref);
                }
            }
            return List.copyOf(refs);
        }
        List<String> refs = new ArrayList<>();
        try (ImageScanner scanner = a.settings().newScanner()) {
            List<String> repositories = a.repositories().isEmpty() ? scanner.repositories(a.registry()) : a.repositories();
            for (String repository : repositories.stream().sorted().toList()) {
                for (String tag : scanner.tags(a.registry() + "/" + repository).stream().sorted().toList()) {
                    refs.add("registry:" + a.registry() + "/" + repository + ":" + tag);
                }
            }
        }
        return refs;
    }

    private static String value(String[] args, int i, String option) throws UsageException {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new UsageException(option + " needs a value");
        }
        return args[i];
    }

    private static List<String> list(String value) {
        return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
