package dev.tarsier.testkit;

import dev.tarsier.api.Diagnostic;
import dev.tarsier.api.spi.Analyzer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Runs one analyzer on one in-memory file, the way the scanner would offer it. */
public final class AnalyzerRunner {

    private AnalyzerRunner() {
    }

    /**
     * Runs the analyzer on the input and returns what it reported. Like the scanner, an exception
     * thrown by the analyzer becomes an {@code ERROR} diagnostic.
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
        } catch (IOException | RuntimeException e) {
            sink.diagnostic(Diagnostic.Severity.ERROR, null, "analyzer failed: " + e);
        }
        return sink;
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
