package dev.tarsier.analyzers.app.jar;

import dev.tarsier.api.Diagnostic;
import dev.tarsier.testkit.AnalyzerRunner;
import dev.tarsier.testkit.RecordingSink;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The absolute cap on one entry (issue 14, "a zip bomb inside a jar: ratio and absolute caps"): an
 * entry that does not compress well stays under the ratio cap and is stopped by its size alone.
 * Small limits stand in for the 1 GiB of {@link JarLimits#DEFAULT}.
 */
class JarAbsoluteCapTest {

    @Test
    void entryPastTheAbsoluteCap_isStoppedWithAWarning_andEarlierCoordinatesStay() {
        JarAnalyzer small = new JarAnalyzer(new JarLimits(8, 1 << 20, 64L << 20, 100, 4 << 20, 1 << 16, 16));
        byte[] noise = new byte[3 << 20];
        new Random(14).nextBytes(noise); // ratio about 1: only the absolute cap can stop it
        byte[] jar = TestZip.create()
                .pom("org.example", "big", "1.0")
                .deflated("noise.bin", noise)
                .pom("org.example", "after", "1.0")
                .build();

        RecordingSink sink = AnalyzerRunner.run(small, "opt/app/big.jar", jar);

        assertEquals(List.of("pkg:maven/org.example/big@1.0"),
                sink.packages().stream().map(p -> p.purl().canonicalize()).toList());
        List<Diagnostic> warnings = sink.diagnostics();
        assertEquals(1, warnings.size(), warnings::toString);
        assertEquals(Diagnostic.Severity.WARNING, warnings.get(0).severity());
        assertTrue(warnings.get(0).message().contains("entry noise.bin inflates to more than 1048576 bytes"),
                warnings.get(0).message());
    }
}
