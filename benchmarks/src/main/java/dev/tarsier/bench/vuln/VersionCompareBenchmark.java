package dev.tarsier.bench.vuln;

import dev.tarsier.api.spi.InvalidVersionException;
import dev.tarsier.api.spi.Version;
import dev.tarsier.api.spi.VersionScheme;
import dev.tarsier.vulndb.internal.version.VersionSchemeRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

import java.util.concurrent.TimeUnit;

/**
 * Version comparison per scheme: {@code compareParsed} compares pre-parsed versions (the matcher's
 * hot path; goal ≤ 100 ns/op), {@code parseAndCompare} parses both strings first.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar VersionCompareBenchmark -f 1 -wi 2 -i 3 -w 1s -r 1s}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class VersionCompareBenchmark {

    @Param({"deb", "rpm", "apk", "maven", "semver", "gem", "composer", "nuget"})
    String scheme;

    private static final String[][] PAIRS = {
        {"deb", "1:3.0.11-1~deb12u2", "1:3.0.11-1~deb12u1", "2.36-9+deb12u4", "2.36-9+deb12u10"},
        {"rpm", "1:1.1.1k-7.el8_6", "1:1.1.1k-12.el8_9", "2.4.37-43.module_el8.5.0+2597+c4b14997", "2.4.37-62.module_el8.9.0+3725+93c1a6c9"},
        {"apk", "1.36.1-r15", "1.36.1-r16", "3.1.4_p20230101-r0", "3.1.4-r5"},
        {"maven", "2.14.1", "2.15.0", "5.3.18.RELEASE", "5.3.18-SNAPSHOT"},
        {"semver", "4.17.15", "4.17.21", "18.12.0-rc.1", "18.12.0"},
        {"gem", "7.0.3", "7.0.3.1", "1.13.4.rc1", "1.13.4"},
        {"composer", "v4.4.45", "4.4.46", "5.4.0-RC1", "5.4.0-p1"},
        {"nuget", "9.0.5", "9.0.6", "9.0.0-rc.2.24473.5", "9.0.0-RC.2.24473.10"},
    };

    private VersionScheme s;
    private String[] texts;
    private Version[] parsed;
    private int i;

    @Setup
    public void setUp() throws InvalidVersionException {
        s = VersionSchemeRegistry.builtIn().byId(scheme).orElseThrow();
        for (String[] p : PAIRS) {
            if (p[0].equals(scheme)) {
                texts = new String[] {p[1], p[2], p[3], p[4]};
            }
        }
        parsed = new Version[texts.length];
        for (int k = 0; k < texts.length; k++) {
            parsed[k] = s.parse(texts[k]);
        }
    }

    @Benchmark
    public int compareParsed() {
        int k = (i++ & 1) * 2;
        return parsed[k].compareTo(parsed[k + 1]);
    }

    @Benchmark
    public void parseAndCompare(Blackhole bh) throws InvalidVersionException {
        int k = (i++ & 1) * 2;
        bh.consume(s.parse(texts[k]).compareTo(s.parse(texts[k + 1])));
    }
}
