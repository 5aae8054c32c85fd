package dev.tarsier.testkit;

import dev.tarsier.api.Diagnostic;
import dev.tarsier.api.Location;
import dev.tarsier.api.Package;
import dev.tarsier.api.spi.Analyzer;
import dev.tarsier.api.spi.FileOwnership;
import dev.tarsier.api.spi.FileSelector;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Runs one analyzer over the files of one or more in-memory layers, the way the scanner offers
 * them, and collects what it reports into an {@link AnalysisResult}.
 *
 * <p>Each layer is a {@link LayerBuilder}; its tar is read back and every regular file (not
 * directories, links or whiteout markers) whose path the analyzer's {@link FileSelector} selects
 * is offered once, with the layer's index, as a fresh input. Files over the selector's size cap
 * are not offered; like the scanner, the tester records a warning under the analyzer's id for
 * them. Hard links are not offered either (the scanner copies the result of their target).
 * Layers are <em>not</em> folded (no whiteouts, no introducing layer): that is what
 * {@link PipelineRunner} is for.
 *
 * <p>Besides running the analyzer, the tester checks two parts of the SPI contract and fails with
 * an {@link AssertionError} when they are broken: every package must be located at the input's
 * location or inside it (a {@code !/} chain), and the selector must be non-null.
 *
 * <pre>{@code
 * AnalysisResult result = AnalyzerTester.of(new PythonPackageAnalyzer())
 *         .layer(new LayerBuilder()
 *                 .file("usr/lib/python3/dist-packages/six-1.16.0.egg-info", sixPkgInfo)
 *                 .file("usr/lib/python3/dist-packages/six.py", "# not selected"))
 *         .run();
 * result.assertPackages("six@1.16.0").assertNoDiagnostics();
 * }</pre>
 *
 * <p>An exception thrown by the analyzer becomes an {@code ERROR} diagnostic, as in the scanner.
 * Not thread-safe; a tester may be run more than once.
 */
public final class AnalyzerTester {

    private final Analyzer analyzer;
    private final List<LayerBuilder> layers = new ArrayList<>();

    private AnalyzerTester(Analyzer analyzer) {
        this.analyzer = Objects.requireNonNull(analyzer, "analyzer");
    }

    /** Starts a tester for the analyzer. */
    public static AnalyzerTester of(Analyzer analyzer) {
        return new AnalyzerTester(analyzer);
    }

    /** Appends a layer (the first one added is layer 0). */
    public AnalyzerTester layer(LayerBuilder layer) {
        layers.add(Objects.requireNonNull(layer, "layer"));
        return this;
    }

    /**
     * Runs the analyzer on every selected file of every layer.
     *
     * @throws AssertionError if the analyzer breaks the SPI contract (see the class comment)
     */
    public AnalysisResult run() {
        FileSelector selector = analyzer.selector();
        if (selector == null) {
            throw new AssertionError(analyzer.id() + ": selector() returned null");
        }
        List<Package> packages = new ArrayList<>();
        List<Diagnostic> diagnostics = new ArrayList<>();
        List<RecordingSink.OsEvidence> os = new ArrayList<>();
        List<FileOwnership> ownerships = new ArrayList<>();
        List<String> offered = new ArrayList<>();
        for (int index = 0; index < layers.size(); index++) {
            for (MemoryInput input : regularFiles(layers.get(index), index)) {
                if (!selector.matches(input.path())) {
                    continue;
                }
                if (input.size() > selector.maxFileSize()) {
                    diagnostics.add(Diagnostic.of(Diagnostic.Severity.WARNING, analyzer.id(), index,
                            input.path(), "file of " + input.size() + " bytes exceeds the analyzer's cap of "
                                    + selector.maxFileSize() + " bytes; not analyzed"));
                    continue;
                }
                offered.add(index + ":" + input.path());
                RecordingSink sink = AnalyzerRunner.run(analyzer, input);
                for (Package p : sink.packages()) {
                    requireWithin(p, input.location());
                }
                packages.addAll(sink.packages());
                diagnostics.addAll(sink.diagnostics());
                os.addAll(sink.operatingSystems());
                ownerships.addAll(sink.ownerships());
            }
        }
        return new AnalysisResult(packages, diagnostics, os, ownerships, offered, null);
    }

    private void requireWithin(Package p, Location input) {
        Location at = p.location();
        boolean ok = at.layer() == input.layer() && (at.path().equals(input.path())
                || at.path().startsWith(input.path() + Location.NESTED_SEPARATOR));
        if (!ok) {
            throw new AssertionError(analyzer.id() + " reported " + AnalysisResult.describe(p)
                    + " while analyzing layer " + input.layer() + " " + input.path()
                    + ": a package must be located at the input or inside it");
        }
    }

    /** The regular files of a layer tar, with normalised paths, skipping whiteout markers. */
    static List<MemoryInput> regularFiles(LayerBuilder layer, int index) {
        List<MemoryInput> files = new ArrayList<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new ByteArrayInputStream(layer.bytes()))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (!entry.isFile() || entry.isSymbolicLink() || entry.isLink()) {
                    continue;
                }
                String path = normalise(entry.getName());
                if (path.isEmpty() || FileSelector.fileName(path).startsWith(".wh.")) {
                    continue;
                }
                files.add(new MemoryInput(path, tar.readAllBytes(), entry.getMode() & 07777, index));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("layer " + index + " is not a readable tar", e);
        }
        return files;
    }

    private static String normalise(String name) {
        String path = name;
        while (path.startsWith("./") || path.startsWith("/")) {
            path = path.substring(path.startsWith("./") ? 2 : 1);
        }
        return path;
    }
}
