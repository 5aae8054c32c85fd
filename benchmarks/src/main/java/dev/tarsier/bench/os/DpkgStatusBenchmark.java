package dev.tarsier.bench.os;

import dev.tarsier.analyzers.os.dpkg.DpkgAnalyzer;
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
import java.util.concurrent.TimeUnit;

/**
 * The dpkg analyzer on {@code var/lib/dpkg/status} of a full Debian 12 system (745 packages, from
 * the shared fixtures) and of Ubuntu 18.04 (91 packages), against reading and hashing the same
 * bytes. The {@code packages} counter gives packages per second.
 *
 * <p>Run from the repository root (needs {@code ../shared}):
 * <pre>
 * mvn -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar DpkgStatusBenchmark -f 1 -wi 2 -i 3
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class DpkgStatusBenchmark {

    /** Which status file. */
    @Param({"local-debian12-bookworm", "trivy-ubuntu18.04"})
    public String fixture;

    private final DpkgAnalyzer analyzer = new DpkgAnalyzer();
    private byte[] bytes;

    /** Packages reported per invocation, summed by JMH into packages per second. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Counters {
        /** Packages reported. */
        public long packages;
    }

    /** Loads the status file once per trial. */
    @Setup(Level.Trial)
    public void load() {
        bytes = BenchInputs.fixture("dpkg/" + fixture + "/status");
    }

    /** Parses the status file into packages. */
    @Benchmark
    public void analyze(Counters counters, Blackhole bh) throws IOException {
        BenchInputs.CountingSink sink = new BenchInputs.CountingSink(bh);
        analyzer.analyze(BenchInputs.input("var/lib/dpkg/status", bytes), sink);
        counters.packages += sink.packages;
    }

    /** The floor: read the same stream fully and hash it. */
    @Benchmark
    public byte[] readAndHash() throws IOException, NoSuchAlgorithmException {
        try (InputStream in = BenchInputs.input("var/lib/dpkg/status", bytes).stream()) {
            return MessageDigest.getInstance("SHA-256").digest(in.readAllBytes());
        }
    }
}
