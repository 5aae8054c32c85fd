package dev.tarsier.core;

import dev.tarsier.api.Inventory;
import dev.tarsier.api.Package;
import dev.tarsier.api.spi.Analyzer;
import dev.tarsier.api.spi.AnalyzerInput;
import dev.tarsier.api.spi.FileSelector;
import dev.tarsier.api.spi.ResultSink;
import dev.tarsier.testkit.ImageBuilder;
import dev.tarsier.testkit.LayerBuilder;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Companion files ({@link Analyzer#companionSuffixes()}) reach the analyzer whatever the entry order. */
class CompanionFilesTest {

    /** Reports one package whose version is "main+log" (or "main" alone). */
    static final class Journaled implements Analyzer {
        @Override
        public String id() {
            return "test.journaled";
        }

        @Override
        public int version() {
            return 1;
        }

        @Override
        public FileSelector selector() {
            return FileSelector.builder().paths("var/lib/jdb/main.db").maxFileSize(1024).build();
        }

        @Override
        public Set<String> companionSuffixes() {
            return Set.of("-log");
        }

        @Override
        public void analyze(AnalyzerInput input, ResultSink sink) throws IOException {
            String version = TestAnalyzers.text(input).strip();
            Optional<InputStream> log = input.companion("-log");
            if (log.isPresent()) {
                version += "+" + new String(log.get().readAllBytes(), StandardCharsets.UTF_8).strip();
            }
            sink.addPackage(Package.builder("generic", "journaled", version)
                    .purl(TestAnalyzers.purl("generic", "journaled", version)).location(input.location()).build());
        }
    }

    @TempDir
    Path tmp;

    private List<String> versions(LayerBuilder... layers) throws Exception {
        ImageBuilder image = new ImageBuilder();
        for (LayerBuilder l : layers) {
            image.layer(l);
        }
        Path dir = tmp.resolve("image" + System.nanoTime());
        image.writeOciLayout(dir);
        try (ImageScanner scanner = ImageScanner.builder().analyzers(List.of(new Journaled(), new TestAnalyzers.AppFiles())).build()) {
            Inventory inv = scanner.inventory(dir.toString());
            return inv.packages().stream().map(p -> p.name() + "@" + p.version() + "#" + p.location().layer()).toList();
        }
    }

    @Test
    void companionAfterTheFile_isHandedOver() throws Exception {
        assertEquals(List.of("journaled@1+2#0"), versions(new LayerBuilder()
                .file("var/lib/jdb/main.db", "1").file("var/lib/jdb/main.db-log", "2")));
    }

    @Test
    void companionBeforeTheFile_isHandedOver() throws Exception {
        assertEquals(List.of("journaled@1+2#0", "x@9#0"), versions(new LayerBuilder()
                .file("var/lib/jdb/main.db-log", "2").file("opt/x.app", "9").file("var/lib/jdb/main.db", "1")));
    }

    @Test
    void noCompanion_analyzesTheFileAlone_andACompanionInAnotherLayerIsNotUsed() throws Exception {
        assertEquals(List.of("journaled@1#0"), versions(new LayerBuilder().file("var/lib/jdb/main.db", "1")));
        assertEquals(List.of("journaled@1#0"), versions(
                new LayerBuilder().file("var/lib/jdb/main.db", "1"),
                new LayerBuilder().file("var/lib/jdb/main.db-log", "2")));
    }

    @Test
    void companionWithoutItsFile_reportsNothing() throws Exception {
        assertEquals(List.of("x@9#0"), versions(new LayerBuilder().file("var/lib/jdb/main.db-log", "2").file("opt/x.app", "9")));
    }
}
