package dev.tarsier.analyzers.os.apk;

import dev.tarsier.analyzers.os.SharedFixtures;
import dev.tarsier.api.Package;
import dev.tarsier.testkit.AnalyzerRunner;
import dev.tarsier.testkit.RecordingSink;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Whole-list comparison with the expected parse of every shared apk database. */
class ApkConformanceTest {

    private final ApkAnalyzer analyzer = new ApkAnalyzer();

    @TestFactory
    Stream<DynamicTest> analyze_everySharedInstalledDatabase_equalsTheExpectedListing() {
        Path root = SharedFixtures.pkgdb().resolve("apk");
        List<Path> dirs = SharedFixtures.foldersWith(root, "expected.simple-parse.tsv");
        assertFalse(dirs.isEmpty());
        return dirs.stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> {
            List<String> expected = new ArrayList<>();
            for (String[] r : SharedFixtures.tsv(dir.resolve("expected.simple-parse.tsv"))) {
                // A block without origin has itself as source.
                String origin = r[2].isEmpty() ? r[0] : r[2];
                expected.add(String.join("\t", r[0], r[1], origin, r[3], r[4]));
            }
            RecordingSink sink = AnalyzerRunner.run(analyzer, "lib/apk/db/installed",
                    AnalyzerRunner.readAllBytes(dir.resolve("installed")));
            List<String> actual = new ArrayList<>();
            for (Package p : sink.packages()) {
                actual.add(String.join("\t", p.name(), p.version(), p.effectiveSourceName(),
                        p.property("arch").orElse(""), String.join(" ", p.licenses())));
            }
            assertEquals(expected, actual);
            long missingVersions = expected.stream().filter(e -> e.split("\t", -1)[1].isEmpty()).count();
            assertEquals(missingVersions, sink.diagnostics().size(), () -> sink.diagnostics().toString());
        }));
    }
}
