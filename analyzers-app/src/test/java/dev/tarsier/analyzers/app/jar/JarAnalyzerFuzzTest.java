package dev.tarsier.analyzers.app.jar;

import dev.tarsier.api.Diagnostic;
import dev.tarsier.testkit.AnalyzerRunner;
import dev.tarsier.testkit.RecordingSink;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Damaged archives, built from a valid fat jar by flipping and cutting bytes, never make the analyzer fail. */
class JarAnalyzerFuzzTest {

    @Test
    void analyze_randomlyDamagedFatJars_neverThrowAndOnlyReportWarnings() {
        byte[] lib = TestZip.create().manifest("Implementation-Version: 1.0").pom("org.example", "lib", "1.0")
                .classFile("org/example/A.class").classFile("org/example/B.class").build();
        byte[] fat = TestZip.create().pom("org.example", "fat", "2.0")
                .stored("BOOT-INF/lib/lib-1.0.jar", lib)
                .deflated("BOOT-INF/lib/lib2-1.0.jar", lib)
                .classFile("BOOT-INF/classes/App.class")
                .build();
        JarAnalyzer analyzer = new JarAnalyzer();
        Random random = new Random(1234);
        int warned = 0;
        for (int round = 0; round < 300; round++) {
            byte[] damaged = fat.clone();
            int flips = 1 + random.nextInt(8);
            for (int i = 0; i < flips; i++) {
                damaged[random.nextInt(damaged.length)] = (byte) random.nextInt(256);
            }
            if (random.nextInt(4) == 0) {
                damaged = java.util.Arrays.copyOf(damaged, random.nextInt(damaged.length));
            }

            RecordingSink sink = AnalyzerRunner.run(analyzer, "app.jar", damaged);

            int r = round;
            assertTrue(sink.diagnostics().stream().noneMatch(d -> d.severity() == Diagnostic.Severity.ERROR),
                    () -> "round " + r + ": " + sink.diagnostics());
            warned += sink.diagnostics().isEmpty() ? 0 : 1;
        }
        // the damage must reach the parser often enough for the test to mean something
        assertTrue(warned > 100, "rounds with diagnostics: " + warned);
    }
}
