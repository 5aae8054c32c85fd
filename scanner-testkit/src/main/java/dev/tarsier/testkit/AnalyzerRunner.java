package dev.tarsier.testkit;

import dev.tarsier.api.Diagnostic;
import dev.tarsier.api.spi.Analyzer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Runs one analyzer on one in-memory file, the way the scanner would offer it.
 *
 * <pre>{@code
 * AnalyzerRunner.analyze(new CargoLockAnalyzer(), "app/Cargo.lock", lockFile)
 *         .assertPackages("serde@1.0.188")
 *         .assertNoDiagnostics();
 * }</pre>
 *
 * <p>{@code analyze} returns an {@link AnalysisResult} with all its assertions; {@code run} returns
 * the raw {@link RecordingSink}.
 */
public final class AnalyzerRunner {

    private AnalyzerRunner() {
    }

    /**
     * Runs the analyzer on the input and returns what it reported. Like the scanner, an exception
     * (or a linkage error, an assertion error, a stack overflow) thrown by the analyzer becomes an
     * {@code ERROR} diagnostic.
     *
     * @throws AssertionError if the analyzer's selector does not select the input's path
     */
    public static RecordingSink run(Analyzer analyzer, MemoryInput input) {
        if (!analyzer.selector().matches(input.path(), input.mode())) {
            throw new AssertionError(analyzer.id() + " does not select " + input.path());
        }
        RecordingSink sink = new RecordingSink(analyzer.id(), input.layer(), input.path());
        try {
            analyzer.analyze(input, sink);
        } catch (Exception | LinkageError | AssertionError | StackOverflowError e) {
            sink.diagnostic(Diagnostic.Severity.ERROR, null, "analyzer failed: " + e);
        }
        return sink;
    }

    /**
     * Runs the analyzer on the input, like {@link #run(Analyzer, MemoryInput)}, and returns the
     * result with its assertions; {@link AnalysisResult#offeredPaths()} is the input's path.
     *
     * @throws AssertionError if the analyzer's selector does not select the input's path
     * @since 0.4
     */
    public static AnalysisResult analyze(Analyzer analyzer, MemoryInput input) {
        return AnalysisResult.of(run(analyzer, input), List.of(input.path()));
    }

    /**
     * Runs the analyzer on a UTF-8 text file at {@code path} in layer 0 and returns the result.
     *
     * @since 0.4
     */
    public static AnalysisResult analyze(Analyzer analyzer, String path, String content) {
        return analyze(analyzer, MemoryInput.of(path, content.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Runs the analyzer on a file at {@code path} in layer 0 and returns the result.
     *
     * @since 0.4
     */
    public static AnalysisResult analyze(Analyzer analyzer, String path, byte[] content) {
        return analyze(analyzer, MemoryInput.of(path, content));
    }

    /** Runs the analyzer on a UTF-8 text file at {@code path} in layer 0. */
    public static RecordingSink run(Analyzer analyzer, String path, String content) {
        return run(analyzer, MemoryInput.of(path, content.getBytes(StandardCharsets.UTF_8)));
    }

    /** Runs the analyzer on a file at {@code path} in layer 0. */
    public static RecordingSink run(Analyzer analyzer, String path, byte[] content) {
        return run(analyzer, MemoryInput.of(path, content));
    }

    /** Unchecked wrapper for test code reading files. */
    public static byte[] readAllBytes(java.nio.file.Path file) {
        try {
            return java.nio.file.Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
