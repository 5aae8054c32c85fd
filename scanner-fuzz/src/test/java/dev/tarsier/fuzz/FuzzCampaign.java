package dev.tarsier.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * The fuzzing campaign and the seed export, both off in a plain {@code mvn test}.
 *
 * <ul>
 *   <li>{@code -Dfuzz.targets=all|Class#method,...} (set by {@code fuzz.sh}): for each target, fills
 *       its generated corpus ({@code .cifuzz-corpus/<class>/<method>/}) with the {@link Seeds} and the
 *       real files of {@code ../shared/fixtures} (when present), then fuzzes it for
 *       {@code fuzz.seconds} in a JVM of its own ({@link FuzzMain}, {@code JAZZER_FUZZ=1}, small heap,
 *       per-input timeout) and prints a table of exec counts and findings.</li>
 *   <li>{@code -Dfuzz.exportSeeds=true}: writes the {@link Seeds} as regression inputs under
 *       {@code src/test/resources/<package>/<Class>Inputs/<method>/}.</li>
 * </ul>
 */
class FuzzCampaign {

    static final List<Class<?>> TARGET_CLASSES = List.of(AnalyzerFuzzTest.class, VersionFuzzTest.class,
            VulnDbFuzzTest.class, ReportFuzzTest.class, ImageFuzzTest.class, RegistryFuzzTest.class,
            dev.tarsier.core.internal.cache.LayerCodecFuzzTest.class);

    /** The most a target's JVM may take to start Jazzer and replay its corpus (libFuzzer's INITED) before fuzzing. */
    private static final int STARTUP_SECONDS = 90;

    /**
     * Seeds from real files: target, glob relative to the shared fixtures folder (or, with {@code repo:},
     * to the repository root), size cap.
     */
    private static final List<String[]> FIXTURES = List.of(
            new String[] {"AnalyzerFuzzTest#dpkgStatus", "pkgdb/dpkg/**/status*", "262144"},
            new String[] {"AnalyzerFuzzTest#dpkgStatus", "pkgdb/dpkg/scalibr-edge-cases/*", "262144"},
            new String[] {"AnalyzerFuzzTest#dpkgStatusD", "pkgdb/dpkg/*/var/lib/dpkg/status.d/*", "262144"},
            new String[] {"AnalyzerFuzzTest#dpkgStatusD", "pkgdb/dpkg/*/status.d/*", "262144"},
            new String[] {"AnalyzerFuzzTest#apkInstalled", "pkgdb/apk/**/installed", "262144"},
            new String[] {"AnalyzerFuzzTest#osRelease", "pkgdb/**/os-release", "65536"},
            new String[] {"AnalyzerFuzzTest#rpmBerkeleyDb", "pkgdb/rpm/libuuid/Packages", "4194304"},
            new String[] {"AnalyzerFuzzTest#rpmNdb", "pkgdb/rpm/sle15-bci/Packages.db", "4194304"},
            new String[] {"AnalyzerFuzzTest#rpmSqlite", "pkgdb/rpm/cbl-mariner-2.0/rpmdb.sqlite", "4194304"},
            new String[] {"AnalyzerFuzzTest#rpmSqlite", "repo:analyzers-os/src/test/resources/fixtures/rpm/**rpmdb.sqlite", "4194304"},
            new String[] {"VulnDbFuzzTest#osvRecord", "advisories/osv-more/**.json", "131072"},
            new String[] {"VulnDbFuzzTest#osvRecord", "advisories/debian/osv/*", "131072"},
            new String[] {"VulnDbFuzzTest#osvRecord", "advisories/osv-ghsa/bulk-maven/GHSA-2*.json", "131072"},
            new String[] {"VulnDbFuzzTest#osvRecord", "advisories/nodejs-security-wg/*.json", "262144"},
            new String[] {"VulnDbFuzzTest#nvdFeed", "advisories/cve-severity/nvd/**.json", "262144"},
            new String[] {"VulnDbFuzzTest#cve5Record", "advisories/cve-severity/cve5/**.json", "262144"},
            new String[] {"VulnDbFuzzTest#kevCatalog", "advisories/exploitation/kev/*", "262144"},
            new String[] {"VulnDbFuzzTest#epssCsv", "advisories/exploitation/epss/*", "262144"});

    @Test
    @EnabledIfSystemProperty(named = "fuzz.exportSeeds", matches = "true")
    void exportSeeds() throws IOException {
        Path resources = Path.of("src/test/resources");
        for (Map.Entry<String, Map<String, byte[]>> target : Seeds.all().entrySet()) {
            Path dir = resources.resolve(inputsDir(target.getKey()));
            Files.createDirectories(dir);
            for (Map.Entry<String, byte[]> seed : target.getValue().entrySet()) {
                Files.write(dir.resolve(seed.getKey()), seed.getValue());
            }
        }
    }

    @Test
    @EnabledIfSystemProperty(named = "fuzz.targets", matches = ".+")
    void campaign() throws Exception {
        List<String> targets = targets(System.getProperty("fuzz.targets"));
        int seconds = Integer.parseInt(System.getProperty("fuzz.seconds", "60"));
        int timeout = Integer.parseInt(System.getProperty("fuzz.timeout", "10"));
        String heap = System.getProperty("fuzz.heap", "384m");
        Map<String, Map<String, byte[]>> seeds = Seeds.all();
        Path logs = Files.createDirectories(Path.of("target/fuzz-logs"));
        List<String> rows = new ArrayList<>();
        for (String target : targets) {
            Path corpus = Path.of(".cifuzz-corpus", className(target), target.substring(target.indexOf('#') + 1));
            Files.createDirectories(corpus);
            for (Map.Entry<String, byte[]> seed : seeds.getOrDefault(target, Map.of()).entrySet()) {
                Files.write(corpus.resolve(seed.getKey()), seed.getValue());
            }
            int fixtures = copyFixtures(target, corpus);
            Path log = logs.resolve(target.replace('#', '.') + ".log");
            Path scratch = Files.createDirectories(Path.of(shmOrTmp(), "tarsier-fuzz-" + ProcessHandle.current().pid()));
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx" + heap, "-Xss1m", "-Dfuzz.scratch=" + scratch, "-cp", classPath(), FuzzMain.class.getName(), className(target)
                            + "#" + target.substring(target.indexOf('#') + 1), String.valueOf(seconds), String.valueOf(timeout)));
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().put("JAZZER_FUZZ", "1");
            long start = System.nanoTime();
            Process process = pb.start();
            // Jazzer's JUnit runner puts the @FuzzTest's maxDuration last on libFuzzer's command line, where
            // it wins: the budget is kept by stopping the JVM, whose libFuzzer prints its final stats on SIGTERM.
            long deadline = System.nanoTime() + STARTUP_SECONDS * 1_000_000_000L;
            boolean started = false;
            while (process.isAlive() && System.nanoTime() < deadline) {
                if (!started && Files.readString(log, java.nio.charset.StandardCharsets.ISO_8859_1).contains("INITED")) {
                    started = true;
                    deadline = System.nanoTime() + seconds * 1_000_000_000L;
                }
                process.waitFor(500, java.util.concurrent.TimeUnit.MILLISECONDS);
            }
            boolean stopped = process.isAlive();
            if (stopped) {
                // SIGINT: libFuzzer's "run interrupted" path, which prints the final stats and writes no crash file
                new ProcessBuilder("kill", "-INT", String.valueOf(process.pid())).start().waitFor();
            }
            if (stopped && !process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            }
            try (Stream<Path> files = Files.list(scratch)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(scratch);
            String text = Files.readString(log, java.nio.charset.StandardCharsets.ISO_8859_1);
            if (stopped && text.contains("libFuzzer: fuzz target exited")) {
                // the JVM went down with our signal: the unit libFuzzer saved is no finding
                Matcher unit = Pattern.compile("Test unit written to (\\S+)").matcher(text);
                while (unit.find()) {
                    Files.deleteIfExists(Path.of(unit.group(1)));
                }
                text = text.replace("libFuzzer: fuzz target exited", "stopped by the campaign");
            }
            boolean finding = text
                    .matches("(?s).*(== Java Exception|FuzzTestFindingException|libFuzzer: (deadly signal|timeout|out-of-memory)).*");
            long took = (System.nanoTime() - start) / 1_000_000_000L;
            String out = Files.readString(log, java.nio.charset.StandardCharsets.ISO_8859_1);
            String row = String.format("%-40s %12s execs %5ds %s seeds+%d fixtures %s", target, execs(out), took,
                    seeds.getOrDefault(target, Map.of()).size(), fixtures, finding ? "FINDING (see " + log + ")" : broken(text, stopped) ? "ERROR (see " + log + ")" : "ok");
            System.out.println("FUZZ " + row);
            rows.add(row);
            Files.write(logs.resolve("summary.txt"), rows);
        }
        System.out.println("\nFUZZ RESULTS (" + seconds + " s per target)");
        rows.forEach(r -> System.out.println("FUZZ " + r));
    }

    /** A run that neither fuzzed until stopped nor ended with a passing test: it could not start, or failed otherwise. */
    static boolean broken(String log, boolean stopped) {
        Matcher summary = Pattern.compile("FUZZ-SUMMARY started=(\\d+) failed=(\\d+)").matcher(log);
        if (summary.find()) {
            return !summary.group(2).equals("0") || summary.group(1).equals("0");
        }
        return !stopped || !log.contains("INITED");
    }

    /** The exec count libFuzzer reports at the end ("Done N runs") or, when cut short, its last status line. */
    static String execs(String log) {
        Matcher done = Pattern.compile("(?:Done (\\d+) runs in|stat::number_of_executed_units: (\\d+))").matcher(log);
        String last = "?";
        while (done.find()) {
            last = done.group(1) != null ? done.group(1) : done.group(2);
        }
        if (!last.equals("?")) {
            return last;
        }
        Matcher status = Pattern.compile("(?m)^#(\\d+)\\s").matcher(log);
        while (status.find()) {
            last = status.group(1);
        }
        return last;
    }

    private static int copyFixtures(String target, Path corpus) throws IOException {
        Path shared = Path.of(System.getProperty("fuzz.shared", "../../shared/fixtures"));
        Path repo = Path.of(System.getProperty("tarsier.root", ".."));
        int n = 0;
        for (String[] f : FIXTURES) {
            boolean inRepo = f[1].startsWith("repo:");
            Path root = inRepo ? repo : shared;
            if (!f[0].equals(target) || !Files.isDirectory(root)) {
                continue;
            }
            PathMatcher glob = FileSystems.getDefault().getPathMatcher("glob:" + (inRepo ? f[1].substring(5) : f[1]));
            long cap = Long.parseLong(f[2]);
            List<Path> files;
            try (Stream<Path> walk = Files.walk(root)) {
                files = walk.filter(Files::isRegularFile).filter(p -> glob.matches(root.relativize(p)))
                        .sorted(Comparator.naturalOrder()).limit(60).toList();
            }
            for (Path p : files) {
                byte[] bytes = read(p, cap);
                if (bytes != null) {
                    Files.write(corpus.resolve("fixture-" + root.relativize(p).toString().replace('/', '_')), bytes);
                    n++;
                }
            }
        }
        return n;
    }

    private static byte[] read(Path p, long cap) throws IOException {
        if (Files.size(p) > cap) {
            return null;
        }
        if (!p.toString().endsWith(".gz")) {
            return Files.readAllBytes(p);
        }
        try (InputStream in = new GZIPInputStream(Files.newInputStream(p))) {
            byte[] b = in.readNBytes((int) cap + 1);
            return b.length > cap ? null : b;
        }
    }

    static List<String> targets(String spec) {
        List<String> all = new ArrayList<>();
        for (Class<?> c : TARGET_CLASSES) {
            Arrays.stream(c.getDeclaredMethods()).filter(m -> m.isAnnotationPresent(FuzzTest.class)).map(Method::getName)
                    .sorted().forEach(m -> all.add(c.getSimpleName() + "#" + m));
        }
        if (spec.equals("all")) {
            return all;
        }
        List<String> chosen = new ArrayList<>();
        for (String t : spec.split("[,\\s]+")) {
            List<String> matching = all.stream().filter(a -> a.equals(t) || a.startsWith(t + "#") || a.endsWith("#" + t)).toList();
            if (matching.isEmpty()) {
                throw new IllegalArgumentException("no fuzz target '" + t + "'; targets: " + all);
            }
            chosen.addAll(matching);
        }
        return chosen;
    }

    private static String className(String target) {
        String simple = target.substring(0, target.indexOf('#'));
        return TARGET_CLASSES.stream().filter(c -> c.getSimpleName().equals(simple)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no fuzz test class " + simple)).getName();
    }

    /** Where Jazzer looks for a target's regression inputs, relative to the resources root. */
    static String inputsDir(String target) {
        return className(target).replace('.', '/') + "Inputs/" + target.substring(target.indexOf('#') + 1);
    }

    private static String shmOrTmp() {
        Path shm = Path.of("/dev/shm");
        return Files.isDirectory(shm) && Files.isWritable(shm) ? shm.toString() : System.getProperty("java.io.tmpdir");
    }

    private static String classPath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
    }
}
