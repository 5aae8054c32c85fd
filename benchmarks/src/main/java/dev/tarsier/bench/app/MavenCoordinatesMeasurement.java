package dev.tarsier.bench.app;

import dev.tarsier.analyzers.app.jar.JarAnalyzer;
import dev.tarsier.api.Package;
import dev.tarsier.testkit.AnalyzerRunner;
import dev.tarsier.testkit.RecordingSink;
import dev.tarsier.vulndb.VulnerabilityDatabase;
import dev.tarsier.vulndb.VulnerabilityDatabaseBuilder;
import dev.tarsier.vulndb.VulnerabilityMatcher;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A repeatable measurement (not a JMH benchmark) of how exactly the Java archive analyzer finds
 * Maven groupIds, on real jars of a local Maven repository whose path tells their real coordinates
 * ({@code <group path>/<artifactId>/<version>/<artifactId>-<version>.jar}; classifier jars are left
 * out).
 *
 * <p>Per jar: (1) the jar as it is: is the groupId from {@code pom.properties}? (2) the same jar with
 * its {@code META-INF/maven/} entries removed (so that every jar tests the manifest rules, as a
 * manifest-only jar such as Spring's would): which {@code groupSource} does the analyzer report and
 * is the groupId the real one? (3) that package settled by a vulnerability DB built from the given
 * OSV sources ({@link VulnerabilityMatcher#settledPackage}): how many groupIds does the DB index
 * settle, are they right, how many stay guesses. Prints a summary and, with {@code -v}, every jar
 * whose derived groupId is wrong.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.tarsier.bench.app.MavenCoordinatesMeasurement \
 *     [-v] [REPOSITORY (default ~/.m2/repository)] [OSV_SOURCE...]
 * (OSV_SOURCE e.g. ../shared/fixtures/advisories/osv-ghsa/bulk-maven)
 * </pre>
 */
public final class MavenCoordinatesMeasurement {

    private MavenCoordinatesMeasurement() {
    }

    /** One jar's real coordinates. */
    private record Jar(Path file, String group, String artifact) {
    }

    public static void main(String[] args) throws Exception {
        List<String> rest = new ArrayList<>(List.of(args));
        boolean verbose = rest.remove("-v");
        Path repo = rest.isEmpty() ? Path.of(System.getProperty("user.home"), ".m2", "repository") : Path.of(rest.remove(0));
        List<Jar> jars = jars(repo);
        Path dbFile = null;
        VulnerabilityDatabase db = null;
        if (!rest.isEmpty()) {
            dbFile = Files.createTempFile("tarsier-coords", ".db");
            VulnerabilityDatabaseBuilder builder = new VulnerabilityDatabaseBuilder();
            rest.forEach(s -> builder.source(Path.of(s)));
            builder.build(dbFile);
            db = VulnerabilityDatabase.open(dbFile);
        }
        try {
            measure(jars, db, verbose);
        } finally {
            if (db != null) {
                db.close();
            }
            if (dbFile != null) {
                Files.deleteIfExists(dbFile);
            }
        }
    }

    private static void measure(List<Jar> jars, VulnerabilityDatabase db, boolean verbose) throws Exception {
        JarAnalyzer analyzer = new JarAnalyzer();
        VulnerabilityMatcher matcher = db == null ? null : new VulnerabilityMatcher(db);
        int asShipped = 0;
        int withoutPom = 0;
        Map<String, int[]> bySource = new TreeMap<>(); // source -> {count, right}
        Map<String, int[]> shippedWithoutPom = new TreeMap<>();
        Map<String, java.util.Set<String>> distinct = new TreeMap<>();
        int[] index = new int[4]; // settled by the index, right, still a guess, not looked up
        for (Jar jar : jars) {
            byte[] content = Files.readAllBytes(jar.file());
            String name = jar.file().getFileName().toString();
            RecordingSink shipped = AnalyzerRunner.run(analyzer, name, content);
            boolean hasPom = shipped.packages().stream()
                    .anyMatch(p -> p.property(Package.PROPERTY_GROUP_SOURCE).orElse("").equals("pom.properties"));
            asShipped += hasPom ? 1 : 0;
            Optional<Package> derived = AnalyzerRunner.run(analyzer, name, manifestOnly(content)).packages().stream()
                    .findFirst();
            if (derived.isEmpty()) {
                continue;
            }
            Package p = derived.get();
            String source = p.property(Package.PROPERTY_GROUP_SOURCE).orElse("?");
            // the groupId alone: how the file name splits into artifactId and version is another rule
            boolean right = jar.group().equals(p.purl().getNamespace());
            tally(bySource, source, right);
            distinct.computeIfAbsent(source, k -> new java.util.TreeSet<>()).add(jar.group() + ":" + jar.artifact()
                    + (right ? "" : " WRONG"));
            if (!hasPom) {
                withoutPom++;
                tally(shippedWithoutPom, source, right);
            }
            if (verbose && !right) {
                System.out.printf(Locale.ROOT, "wrong  %-42s %-30s -> %s (%s)%n", jar.group(), jar.artifact(),
                        p.purl().getNamespace(), source);
            }
            if (matcher != null) {
                Optional<Package> settled = matcher.settledPackage(p);
                String after = settled.flatMap(s -> s.property(Package.PROPERTY_GROUP_SOURCE)).orElse(Package.GROUP_SOURCE_GUESS);
                if (settled.isEmpty()) {
                    index[3]++;
                } else if (after.equals(Package.GROUP_SOURCE_VULNDB_INDEX)) {
                    index[0]++;
                    boolean ok = jar.group().equals(settled.get().purl().getNamespace());
                    index[1] += ok ? 1 : 0;
                    if (verbose) {
                        System.out.printf(Locale.ROOT, "index  %-42s %-30s -> %s (was %s, %s)%n", jar.group(), jar.artifact(),
                                settled.get().purl().getNamespace(), p.purl().getNamespace(), ok ? "right" : "WRONG");
                    }
                } else if (after.equals(Package.GROUP_SOURCE_GUESS)) {
                    index[2]++;
                }
            }
        }
        System.out.printf(Locale.ROOT, "jars: %d (artifactId-version.jar in a Maven repository layout)%n", jars.size());
        System.out.printf(Locale.ROOT, "as shipped: %d with pom.properties (exact), %d without%n", asShipped, withoutPom);
        System.out.println("every jar with its pom.properties removed, by groupSource (count, right):");
        bySource.forEach((s, c) -> System.out.printf(Locale.ROOT, "  %-40s %5d %5d%n", s, c[0], c[1]));
        System.out.println("the same by distinct groupId:artifactId (count, right):");
        distinct.forEach((s, set) -> System.out.printf(Locale.ROOT, "  %-40s %5d %5d%n", s, set.size(),
                set.stream().filter(x -> !x.endsWith(" WRONG")).count()));
        System.out.println("jars shipped without pom.properties, by groupSource (count, right):");
        shippedWithoutPom.forEach((s, c) -> System.out.printf(Locale.ROOT, "  %-40s %5d %5d%n", s, c[0], c[1]));
        if (db != null) {
            System.out.printf(Locale.ROOT, "DB (%d packages, %d advisories): of the %d jars without pom.properties "
                    + "analyzed, %d settled by the index (%d right), %d looked up as derived, %d left as guesses "
                    + "(never matched)%n", db.info().packages(), db.info().advisories(), bySource.values().stream().mapToInt(c -> c[0]).sum(),
                    index[0], index[1], bySource.values().stream().mapToInt(c -> c[0]).sum() - index[0] - index[3],
                    index[3]);
        }
    }

    private static void tally(Map<String, int[]> counts, String source, boolean right) {
        int[] c = counts.computeIfAbsent(source.startsWith("manifest:") || source.equals("guess") ? source : "other",
                k -> new int[2]);
        c[0]++;
        c[1] += right ? 1 : 0;
    }

    /** The jar with only its manifest (and directories) kept: no pom.properties, no classes. */
    private static byte[] manifestOnly(byte[] jar) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(jar));
             ZipOutputStream zip = new ZipOutputStream(out)) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                if (e.getName().equalsIgnoreCase("META-INF/MANIFEST.MF")) {
                    zip.putNextEntry(new ZipEntry(e.getName()));
                    in.transferTo(zip);
                    zip.closeEntry();
                }
            }
            // an archive with no entry at all is reported as nothing; keep one harmless entry
            zip.putNextEntry(new ZipEntry("META-INF/"));
            zip.closeEntry();
        }
        return out.toByteArray();
    }

    /** The main jars of a Maven repository layout, with the coordinates their paths give. */
    private static List<Jar> jars(Path repo) throws IOException {
        List<Jar> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(repo)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                Path rel = repo.relativize(f);
                int n = rel.getNameCount();
                if (n < 4) {
                    continue;
                }
                String version = rel.getName(n - 2).toString();
                String artifact = rel.getName(n - 3).toString();
                if (!rel.getFileName().toString().equals(artifact + "-" + version + ".jar")) {
                    continue;
                }
                out.add(new Jar(f, rel.subpath(0, n - 3).toString().replace(rel.getFileSystem().getSeparator(), "."),
                        artifact));
            }
        }
        return out;
    }
}
