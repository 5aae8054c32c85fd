package dev.tarsier.vulndb.internal.version;

import dev.tarsier.api.spi.Version;
import dev.tarsier.api.spi.VersionScheme;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.lang.reflect.Method;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Parsed versions compare without allocating (the matcher's hot path). */
class VersionCompareAllocationTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({"deb, 1:3.0.11-1~deb12u2, 1:3.0.11-1~deb12u10", "rpm, 1:1.1.1k-7.el8_6, 1:1.1.1k-12.el8^git1",
        "apk, 1.36.1_rc2-r15, 1.36.1-r16", "maven, 2.9.10.4-SNAPSHOT, 2.9.10-rc1", "semver, 1.0.0-alpha.beta.11, 1.0.0-alpha.beta.2",
        "nuget, 1.0.0.1-RC.2, 1.0.0.1-rc.10", "gem, 1.0.0.pre.rc1, 1.0.0.pre.rc2", "composer, v1.0.0-beta1-dev, 1.0.0-beta1"})
    void compareTo_parsedVersions_allocatesNothing(String scheme, String left, String right) throws Exception {
        // Through reflection: the test is compiled against the module, which does not read java.management.
        Object threads;
        Method allocatedBytes;
        try {
            threads = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
            allocatedBytes = Class.forName("com.sun.management.ThreadMXBean").getMethod("getCurrentThreadAllocatedBytes");
        } catch (ReflectiveOperationException e) {
            Assumptions.abort("allocation counter unavailable: " + e);
            return;
        }
        VersionScheme s = VersionSchemeRegistry.builtIn().byId(scheme).orElseThrow();
        Version a = s.parse(left);
        Version b = s.parse(right);
        int sink = 0;
        for (int i = 0; i < 20_000; i++) {
            sink += a.compareTo(b) + a.compareInstalled(b);
        }
        // Reflection switches to a generated accessor after 15 calls (inflation), which allocates:
        // get that done before measuring, or the test that makes the 16th call fails.
        for (int i = 0; i < 20; i++) {
            allocated(allocatedBytes, threads);
        }
        // The least of three rounds: a one-off event of the JIT (an object rematerialised when compiled
        // code deoptimises, which happens when the machine is loaded and compilation is late) shows in
        // one round only, an allocation per compare in all three.
        long allocated = Long.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            long before = allocated(allocatedBytes, threads);
            for (int i = 0; i < 100_000; i++) {
                sink += a.compareTo(b) + a.compareInstalled(b);
            }
            allocated = Math.min(allocated, allocated(allocatedBytes, threads) - before);
        }
        // A few bytes of slack for the counter itself; one allocation per compare would be >= 1.6 MB.
        assertTrue(allocated < 1024, scheme + " allocated " + allocated + " bytes over 100,000 comparisons (" + sink + ")");
    }

    private static long allocated(Method m, Object threads) throws ReflectiveOperationException {
        return (Long) m.invoke(threads);
    }
}
