package dev.tarsier.bench.vuln;

import dev.tarsier.api.spi.InvalidVersionException;
import dev.tarsier.api.spi.Version;
import dev.tarsier.api.spi.VersionScheme;
import dev.tarsier.vulndb.internal.match.RangeMatcher;
import dev.tarsier.vulndb.internal.osv.OsvAdvisory.Event;
import dev.tarsier.vulndb.internal.osv.OsvAdvisory.EventKind;
import dev.tarsier.vulndb.internal.osv.OsvAdvisory.Range;
import dev.tarsier.vulndb.internal.osv.OsvAdvisory.RangeType;
import dev.tarsier.vulndb.internal.version.VersionSchemeRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * OSV range evaluation as the matcher runs it (event versions parsed per evaluation): a two-branch
 * Maven range (jackson-databind style) and a Debian range, installed version inside and outside.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar RangeEvaluationBenchmark -f 1 -wi 2 -i 3 -w 1s -r 1s}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RangeEvaluationBenchmark {

    private VersionScheme maven;
    private VersionScheme deb;
    private Range mavenRange;
    private Range debRange;
    private Version mavenInside;
    private Version mavenOutside;
    private Version debInside;

    @Setup
    public void setUp() throws InvalidVersionException {
        VersionSchemeRegistry r = VersionSchemeRegistry.builtIn();
        maven = r.byId("maven").orElseThrow();
        deb = r.byId("deb").orElseThrow();
        mavenRange = new Range(RangeType.ECOSYSTEM, List.of(new Event(EventKind.INTRODUCED, "2.9.0"),
                new Event(EventKind.FIXED, "2.9.10.4"), new Event(EventKind.INTRODUCED, "2.10.0"),
                new Event(EventKind.FIXED, "2.10.1")));
        debRange = new Range(RangeType.ECOSYSTEM, List.of(new Event(EventKind.INTRODUCED, "0"),
                new Event(EventKind.FIXED, "3.0.11-1~deb12u2")));
        mavenInside = maven.parse("2.9.8");
        mavenOutside = maven.parse("2.12.3");
        debInside = deb.parse("3.0.11-1~deb12u1");
    }

    @Benchmark
    public boolean mavenTwoBranchesAffected() {
        return RangeMatcher.evaluate(mavenRange, maven, mavenInside, m -> { }).affected();
    }

    @Benchmark
    public boolean mavenTwoBranchesNotAffected() {
        return RangeMatcher.evaluate(mavenRange, maven, mavenOutside, m -> { }).affected();
    }

    @Benchmark
    public boolean debianAffected() {
        return RangeMatcher.evaluate(debRange, deb, debInside, m -> { }).affected();
    }
}
