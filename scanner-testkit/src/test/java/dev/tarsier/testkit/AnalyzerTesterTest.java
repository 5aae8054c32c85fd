package dev.tarsier.testkit;

import com.github.packageurl.PackageURL;
import dev.tarsier.api.Diagnostic;
import dev.tarsier.api.Location;
import dev.tarsier.api.Package;
import dev.tarsier.api.spi.Analyzer;
import dev.tarsier.api.spi.AnalyzerInput;
import dev.tarsier.api.spi.FileSelector;
import dev.tarsier.api.spi.ResultSink;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AnalyzerTesterTest {

    /** Reads {@code *.pkg} files holding "name version"; "boom" throws, "elsewhere" misplaces. */
    static final class PkgAnalyzer implements Analyzer {
        @Override
        public String id() {
            return "test.pkg";
        }

        @Override
        public int version() {
            return 1;
        }

        @Override
        public FileSelector selector() {
            return FileSelector.builder().suffixes(".pkg").maxFileSize(64).build();
        }

        @Override
        public void analyze(AnalyzerInput input, ResultSink sink) throws IOException {
            String text = new String(input.stream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (text.equals("boom")) {
                throw new IOException("boom");
            }
            String[] parts = text.split(" ");
            if (parts.length != 2) {
                sink.warn("expected 'name version'");
                return;
            }
            Location at = parts[0].equals("elsewhere") ? new Location(input.layer(), "somewhere/else")
                    : input.location();
            sink.addPackage(Package.builder("generic", parts[0], parts[1])
                    .purl(purl("pkg:generic/" + parts[0] + "@" + parts[1]))
                    .location(at).build());
        }
    }

    private static PackageURL purl(String text) {
        try {
            return new PackageURL(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void run_offersSelectedRegularFilesOfEveryLayerWithTheirLayerIndex() {
        AnalysisResult result = AnalyzerTester.of(new PkgAnalyzer())
                .layer(new LayerBuilder()
                        .dir("opt")
                        .file("opt/a.pkg", "a 1.0")
                        .file("opt/readme.txt", "not selected")
                        .symlink("opt/link.pkg", "a.pkg"))
                .layer(new LayerBuilder().dotSlashPrefix(true)
                        .whiteout("opt/a.pkg")
                        .file("opt/b.pkg", "b 2.0"))
                .run();

        assertEquals(List.of("0:opt/a.pkg", "1:opt/b.pkg"), result.offeredPaths());
        result.assertPackages("b@2.0", "a@1.0").assertNoDiagnostics();
        result.assertPackage("a").isAt(0, "opt/a.pkg").hasPurl("pkg:generic/a@1.0");
        result.assertPackage("b", "2.0").introducedIn(1);
    }

    @Test
    void run_fileOverTheSizeCap_isNotOfferedAndBecomesADiagnostic() {
        AnalysisResult result = AnalyzerTester.of(new PkgAnalyzer())
                .layer(new LayerBuilder().file("big.pkg", "x".repeat(65)))
                .run();

        assertEquals(List.of(), result.offeredPaths());
        Diagnostic d = result.assertDiagnostic(Diagnostic.Severity.WARNING, "big.pkg",
                "file of 65 bytes exceeds the analyzer's cap of 64 bytes; not analyzed");
        assertEquals("test.pkg", d.source());
    }

    @Test
    void run_analyzerThrows_becomesAnErrorDiagnosticAsInTheScanner() {
        AnalysisResult result = AnalyzerTester.of(new PkgAnalyzer())
                .layer(new LayerBuilder().file("x.pkg", "boom").file("y.pkg", "y 1"))
                .run();

        result.assertPackages("y@1");
        Diagnostic d = result.assertDiagnostic(Diagnostic.Severity.ERROR, "x.pkg", "boom");
        assertEquals("test.pkg", d.source());
    }

    @Test
    void run_packageLocatedOutsideTheInput_failsTheContractCheck() {
        AssertionError e = assertThrows(AssertionError.class, () -> AnalyzerTester.of(new PkgAnalyzer())
                .layer(new LayerBuilder().file("x.pkg", "elsewhere 1")).run());
        assertTrue(e.getMessage().contains("test.pkg reported elsewhere@1  pkg:generic/elsewhere@1  layer 0"
                + "  somewhere/else while analyzing layer 0 x.pkg"), e.getMessage());
    }

    @Test
    void assertPackages_mismatch_listsMissingUnexpectedAndEverythingFound() {
        AnalysisResult result = AnalyzerTester.of(new PkgAnalyzer())
                .layer(new LayerBuilder().file("a.pkg", "a 1.0").file("b.pkg", "b 2.0"))
                .run();

        AssertionError e = assertThrows(AssertionError.class, () -> result.assertPackages("a@1.0", "c@3.0"));
        assertEquals("""
                packages differ from the expected 2
                  missing:    c@3.0
                  unexpected: b@2.0
                  found 2 package(s):
                    a@1.0  pkg:generic/a@1.0  layer 0  a.pkg
                    b@2.0  pkg:generic/b@2.0  layer 0  b.pkg""", e.getMessage());
    }

    @Test
    void assertPackage_absentOrAmbiguous_listsThePackages() {
        AnalysisResult result = AnalyzerTester.of(new PkgAnalyzer())
                .layer(new LayerBuilder().file("a.pkg", "a 1.0").file("a2.pkg", "a 2.0"))
                .run();

        AssertionError none = assertThrows(AssertionError.class, () -> result.assertPackage("z"));
        assertTrue(none.getMessage().startsWith("expected one package 'z', found 0\n  found 2 package(s):"),
                none.getMessage());
        AssertionError two = assertThrows(AssertionError.class, () -> result.assertPackage("a"));
        assertTrue(two.getMessage().startsWith("expected one package 'a', found 2"), two.getMessage());
    }

    @Test
    void packageAssert_wrongField_namesFieldExpectedAndActual() {
        AnalysisResult result = AnalyzerTester.of(new PkgAnalyzer())
                .layer(new LayerBuilder().file("a.pkg", "a 1.0")).run();

        AssertionError e = assertThrows(AssertionError.class,
                () -> result.assertPackage("a").hasVersion("1.0").hasPurl("pkg:generic/a@1.1"));
        assertEquals("""
                purl of a@1.0
                  expected: pkg:generic/a@1.1
                  actual:   pkg:generic/a@1.0
                  package:  a@1.0  pkg:generic/a@1.0  layer 0  a.pkg""", e.getMessage());
    }

    @Test
    void assertDiagnostic_noMatch_listsEveryDiagnostic() {
        AnalysisResult result = AnalyzerTester.of(new PkgAnalyzer())
                .layer(new LayerBuilder().file("bad.pkg", "only-one-word")).run();

        result.assertDiagnostic(Diagnostic.Severity.WARNING, "bad.pkg", "expected 'name version'");
        AssertionError e = assertThrows(AssertionError.class,
                () -> result.assertDiagnostic(Diagnostic.Severity.ERROR, null, "expected"));
        assertEquals("""
                expected a ERROR diagnostic containing 'expected'
                  found 1 diagnostic(s):
                    WARNING test.pkg layer 0 bad.pkg: expected 'name version'""", e.getMessage());
        assertThrows(AssertionError.class, result::assertNoDiagnostics);
        result.assertDiagnosticSourcesWithin("test.pkg");
        assertThrows(AssertionError.class, () -> result.assertDiagnosticSourcesWithin("other"));
        assertThrows(IllegalStateException.class, result::inventory);
    }

    @Test
    void pipelineRunner_withoutScannerCoreOnTheClassPath_saysWhichDependencyToAdd() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> PipelineRunner.discovering().run(new ImageBuilder().layer(new LayerBuilder())));
        assertEquals("PipelineRunner needs the scanner on the test class path: add the dependency"
                + " dev.tarsier:scanner-core with <scope>test</scope>", e.getMessage());
    }
}
