package dev.tarsier.core;

import dev.tarsier.api.Diagnostic;
import dev.tarsier.api.spi.Analyzer;
import dev.tarsier.core.internal.discovery.AnalyzerDiscovery;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AnalyzerDiscoveryTest {

    /** A provider class for the service file written by the test; public with a no-arg constructor. */
    public static final class Release extends DelegatingAnalyzer {
        public Release() {
            super(new TestAnalyzers.Release());
        }
    }

    /** Another provider, to check sorting by id. */
    public static final class Db extends DelegatingAnalyzer {
        public Db() {
            super(new TestAnalyzers.PackageDb());
        }
    }

    @Test
    void discover_sortsById_andTurnsABrokenProviderIntoADiagnostic(@TempDir Path tmp) throws Exception {
        Path services = Files.createDirectories(tmp.resolve("META-INF/services"));
        Files.writeString(services.resolve(Analyzer.class.getName()),
                Release.class.getName() + "\n" + "com.example.DoesNotExist\n" + Db.class.getName() + "\n");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {tmp.toUri().toURL()}, getClass().getClassLoader())) {
            AnalyzerDiscovery.Result result = AnalyzerDiscovery.discover(loader);
            assertEquals(List.of("test.db", "test.release"), result.analyzers().stream().map(Analyzer::id).toList());
            assertEquals(1, result.diagnostics().size());
            Diagnostic d = result.diagnostics().get(0);
            assertEquals(Diagnostic.Severity.ERROR, d.severity());
            assertTrue(d.message().contains("com.example.DoesNotExist"), d.message());
        }
    }

    @Test
    void validated_duplicateIds_failFast() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AnalyzerDiscovery.validated(List.of(new TestAnalyzers.Release(), new Release())));
        assertTrue(e.getMessage().contains("test.release"), e.getMessage());
    }

    @Test
    void builder_explicitAnalyzers_replaceDiscovery() {
        try (ImageScanner scanner = ImageScanner.builder().analyzers(List.of(new TestAnalyzers.AppFiles())).build()) {
            assertEquals(List.of("test.app"), scanner.analyzers().stream().map(Analyzer::id).toList());
        }
        assertThrows(IllegalStateException.class, () -> ImageScanner.builder().parallelism(2).parallelism(3));
    }
}
