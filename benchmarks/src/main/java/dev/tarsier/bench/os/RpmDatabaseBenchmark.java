package dev.tarsier.bench.os;

import dev.tarsier.analyzers.os.rpm.RpmAnalyzer;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The rpm analyzer on real databases from the shared fixtures (Berkeley DB, NDB, SQLite), against
 * the floor of reading the same bytes with {@link InputStream#readAllBytes()} and hashing them
 * with SHA-256. The goal (issue 3) is {@code analyze} within 2x the time of {@code readAndHash}.
 * The {@code packages} counter gives packages per second.
 *
 * <p>Run from the repository root (needs {@code ../shared}):
 * <pre>
 * mvn -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar RpmDatabaseBenchmark -f 1 -wi 2 -i 3
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class RpmDatabaseBenchmark {

    private static final Map<String, String[]> DATABASES = Map.of(
            "bdb-centos7", new String[] {"rpm/centos7-plain/Packages.gz", "var/lib/rpm/Packages"},
            "bdb-centos8", new String[] {"rpm/centos8-modularitylabel/Packages.gz", "var/lib/rpm/Packages"},
            "ndb-sle15", new String[] {"rpm/sle15-bci/Packages.db", "var/lib/rpm/Packages.db"},
            "sqlite-mariner2", new String[] {"rpm/cbl-mariner-2.0/rpmdb.sqlite", "var/lib/rpm/rpmdb.sqlite"});

    /** Which database. */
    @Param({"bdb-centos7", "bdb-centos8", "ndb-sle15", "sqlite-mariner2"})
    public String database;

    private final RpmAnalyzer analyzer = new RpmAnalyzer();
    private byte[] bytes;
    private String path;

    /** Packages reported per invocation, summed by JMH into packages per second. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Counters {
        /** Packages reported. */
        public long packages;
    }

    /** Loads the database once per trial. */
    @Setup(Level.Trial)
    public void load() {
        String[] spec = DATABASES.get(database);
        bytes = BenchInputs.fixture(spec[0]);
        path = spec[1];
    }

    /** Parses the database into packages. */
    @Benchmark
    public void analyze(Counters counters, Blackhole bh) throws IOException {
        BenchInputs.CountingSink sink = new BenchInputs.CountingSink(bh);
        analyzer.analyze(BenchInputs.input(path, bytes), sink);
        counters.packages += sink.packages;
    }

    /** The floor: read the same stream fully and hash it. */
    @Benchmark
    public byte[] readAndHash() throws IOException, NoSuchAlgorithmException {
        try (InputStream in = BenchInputs.input(path, bytes).stream()) {
            return MessageDigest.getInstance("SHA-256").digest(in.readAllBytes());
        }
    }
}
