package dev.tarsier.bench.vuln;

import dev.tarsier.api.Inventory;
import dev.tarsier.vulndb.VulnerabilityDatabase;
import dev.tarsier.vulndb.VulnerabilityDatabaseException;
import dev.tarsier.vulndb.VulnerabilityMatchResult;
import dev.tarsier.vulndb.VulnerabilityMatcher;
import dev.tarsier.vulndb.internal.db.DbReader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The DB against a generated corpus of 100,000 advisories with 300,000 affected-package entries
 * ({@link GeneratedAdvisories}): opening the file, one advisory lookup (hit and miss), and the full
 * match of a 1,000-package inventory (goals: open ≤ 100 ms, full match ≤ 5 ms). Setup prints the
 * size of the gzipped OSV input and of the DB (goal: DB ≤ 1.5 × input).
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar DatabaseBenchmark -f 1 -wi 2 -i 3 -w 1s -r 1s}
 * (the first run generates and compiles the corpus into {@code $TMPDIR/tarsier-bench-vuln-v1}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DatabaseBenchmark {

    private GeneratedAdvisories.Corpus corpus;
    private VulnerabilityDatabase db;
    private VulnerabilityMatcher matcher;
    private DbReader reader;
    private Inventory inventory;
    private String hitName;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        corpus = GeneratedAdvisories.corpus();
        db = VulnerabilityDatabase.open(corpus.db());
        matcher = new VulnerabilityMatcher(db);
        reader = DbReader.open(corpus.db());
        inventory = GeneratedAdvisories.inventory();
        for (int i = 0; hitName == null; i++) {
            String name = GeneratedAdvisories.packageName(3, i);
            if (!reader.lookup("Maven", name).isEmpty()) {
                hitName = name;
            }
        }
        long in = Files.size(corpus.osvGz());
        long out = Files.size(corpus.db());
        VulnerabilityMatchResult r = matcher.match(inventory);
        System.out.printf("%nDB: %d advisories, %d affected entries, %d packages; gzipped OSV input %d bytes, "
                        + "DB %d bytes (%.2f x); full match: %d findings, %d diagnostics%n",
                db.info().advisories(), db.info().affectedEntries(), db.info().packages(), in, out, (double) out / in,
                r.findings().size(), r.diagnostics().size());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        db.close();
    }

    @Benchmark
    public VulnerabilityDatabase open() throws VulnerabilityDatabaseException {
        return VulnerabilityDatabase.open(corpus.db());
    }

    @Benchmark
    public List<DbReader.Entry> lookupHit() throws IOException {
        return reader.lookup("Maven", hitName);
    }

    @Benchmark
    public List<DbReader.Entry> lookupMiss() throws IOException {
        return reader.lookup("Maven", "org.nothing:absent");
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public VulnerabilityMatchResult fullMatch() throws VulnerabilityDatabaseException {
        return matcher.match(inventory);
    }
}
