package dev.tarsier.analyzers.os.dpkg;

import dev.tarsier.analyzers.os.SharedFixtures;
import dev.tarsier.api.Diagnostic;
import dev.tarsier.api.Package;
import dev.tarsier.testkit.AnalyzerRunner;
import dev.tarsier.testkit.MemoryInput;
import dev.tarsier.testkit.RecordingSink;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Whole-set comparison with dpkg-query's listing of every shared dpkg fixture. */
class DpkgConformanceTest {

    private final DpkgAnalyzer analyzer = new DpkgAnalyzer();

    private static String row(Package p) {
        return String.join("\t", p.name(), p.version(), p.effectiveSourceName(), p.effectiveSourceVersion(),
                p.property("arch").orElse(""));
    }

    @TestFactory
    Stream<DynamicTest> analyze_everySharedStatusFile_equalsDpkgQueryInstalledSet() {
        Path root = SharedFixtures.pkgdb().resolve("dpkg");
        List<Path> dirs = SharedFixtures.foldersWith(root, "expected.dpkg-query.tsv");
        assertFalse(dirs.isEmpty());
        return dirs.stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> {
            Set<String> expected = new TreeSet<>();
            for (String[] r : SharedFixtures.tsv(dir.resolve("expected.dpkg-query.tsv"))) {
                // dpkg-query lists every package it knows; the analyzer keeps those on disk (ii).
                if (r[5].startsWith("ii")) {
                    expected.add(String.join("\t", r[0], r[1], r[2], r[3], r[4]));
                }
            }
            RecordingSink sink = AnalyzerRunner.run(analyzer, "var/lib/dpkg/status",
                    AnalyzerRunner.readAllBytes(dir.resolve("status")));
            Set<String> actual = new TreeSet<>();
            sink.packages().forEach(p -> actual.add(row(p)));
            assertEquals(expected, actual);
            assertEquals(sink.packages().size(), actual.size(), "no duplicates");
            assertTrue(sink.diagnostics().isEmpty(), () -> sink.diagnostics().toString());
        }));
    }

    @TestFactory
    Stream<DynamicTest> analyze_everySharedStatusDFolder_equalsTheExpectedInstalledStanzas() {
        Path root = SharedFixtures.pkgdb().resolve("dpkg");
        List<Path> dirs = SharedFixtures.foldersWith(root, "expected.simple-parse.tsv");
        assertFalse(dirs.isEmpty());
        return dirs.stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> {
            Set<String> expected = new TreeSet<>();
            for (String[] r : SharedFixtures.tsv(dir.resolve("expected.simple-parse.tsv"))) {
                String status = r[5];
                if (!r[1].isEmpty() && (status.isEmpty() || status.equals("install ok installed"))) {
                    String source = r[3].isEmpty() ? r[1] : r[3].replaceAll(" \\(.*\\)$", "");
                    expected.add(String.join("\t", r[0], r[1], r[2], source, r[4]));
                }
            }
            Set<String> actual = new TreeSet<>();
            Path statusD = dir.resolve("var/lib/dpkg/status.d");
            List<Path> files;
            try (Stream<Path> s = Files.list(statusD)) {
                files = s.sorted().toList();
            }
            for (Path f : files) {
                String path = "var/lib/dpkg/status.d/" + f.getFileName();
                RecordingSink sink = AnalyzerRunner.run(analyzer, MemoryInput.of(path, Files.readAllBytes(f)));
                assertTrue(sink.diagnostics().stream().noneMatch(d -> d.severity() == Diagnostic.Severity.ERROR));
                for (Package p : sink.packages()) {
                    actual.add(String.join("\t", f.getFileName().toString(), p.name(), p.version(),
                            p.effectiveSourceName(), p.property("arch").orElse("")));
                }
            }
            assertEquals(expected, actual);
        }));
    }

    @Test
    void analyze_scalibrEdgeCases_reportWhatIsValid() throws IOException {
        Path dir = SharedFixtures.pkgdb().resolve("dpkg/scalibr-edge-cases");
        assertEquals(List.of("bar@2.0", "foo@1.0"), run(dir, "nopackage").nameVersions());
        assertEquals(List.of("acl@", "bar@2.0", "foo@1.0"), run(dir, "noversion").nameVersions());
        assertEquals(List.of("acl@2.3.1-3"), run(dir, "trailingnewlines").nameVersions());
        assertEquals(List.of("wantdeinstall_installed@1.0", "wantinstall_halfinstalled@1.0",
                "wantinstall_installed@1.0", "wantinstall_unpacked@1.0", "wantnostatus@1.0",
                "wantpurge_installed@1.0"), run(dir, "statusfield").nameVersions());
        RecordingSink transitional = run(dir, "transitional");
        assertEquals(List.of("iceweasel@78.13.0esr-1~deb10u1"), transitional.nameVersions());
        assertEquals("firefox-esr", transitional.packages().get(0).effectiveSourceName());
        assertEquals(List.of("git-core@1:2.14.2-1"), run(dir, "transitional_dummy").nameVersions());
        assertEquals(List.of("runit-systemd@2.1.2-54+usrmerge"), run(dir, "transitional_empty").nameVersions());
    }

    private RecordingSink run(Path dir, String file) throws IOException {
        RecordingSink sink = AnalyzerRunner.run(analyzer, MemoryInput.of("var/lib/dpkg/status",
                Files.readAllBytes(dir.resolve(file))));
        List<Diagnostic> errors = new ArrayList<>(sink.diagnostics());
        errors.removeIf(d -> d.severity() != Diagnostic.Severity.ERROR);
        assertTrue(errors.isEmpty(), errors::toString);
        return sink;
    }
}
