package dev.tarsier.bench.os;

import dev.tarsier.analyzers.os.apk.ApkAnalyzer;
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
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.TimeUnit;

/**
 * The apk analyzer on {@code lib/apk/db/installed}: the real alpine 3.18 database of the shared
 * fixtures (15 packages), and the same database repeated to 1500 packages with renamed entries
 * (a large image's size), against reading and hashing the same bytes. The {@code packages}
 * counter gives packages per second.
 *
 * <p>Run from the repository root (needs {@code ../shared}):
 * <pre>
 * mvn -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar ApkInstalledBenchmark -f 1 -wi 2 -i 3
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class ApkInstalledBenchmark {

    /** How many copies of the real database are concatenated. */
    @Param({"1", "100"})
    public int copies;

    private final ApkAnalyzer analyzer = new ApkAnalyzer();
    private byte[] bytes;

    /** Packages reported per invocation, summed by JMH into packages per second. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Counters {
        /** Packages reported. */
        public long packages;
    }

    /** Builds the database once per trial. */
    @Setup(Level.Trial)
    public void load() {
        String real = new String(BenchInputs.fixture("apk/scalibr-alpine3.18/installed"), StandardCharsets.UTF_8)
                .strip();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < copies; i++) {
            sb.append(i == 0 ? real : real.replace("\nP:", "\nP:copy" + i + "-")).append("\n\n");
        }
        bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Parses the database into packages. */
    @Benchmark
    public void analyze(Counters counters, Blackhole bh) throws IOException {
        BenchInputs.CountingSink sink = new BenchInputs.CountingSink(bh);
        analyzer.analyze(BenchInputs.input("lib/apk/db/installed", bytes), sink);
        counters.packages += sink.packages;
    }

    /** The floor: read the same stream fully and hash it. */
    @Benchmark
    public byte[] readAndHash() throws IOException, NoSuchAlgorithmException {
        try (InputStream in = BenchInputs.input("lib/apk/db/installed", bytes).stream()) {
            return MessageDigest.getInstance("SHA-256").digest(in.readAllBytes());
        }
    }
}
