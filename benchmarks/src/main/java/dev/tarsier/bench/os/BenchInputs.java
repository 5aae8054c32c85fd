package dev.tarsier.bench.os;

import dev.tarsier.api.Diagnostic;
import dev.tarsier.api.OperatingSystem;
import dev.tarsier.api.Package;
import dev.tarsier.api.spi.AnalyzerInput;
import dev.tarsier.api.spi.FileOwnership;
import dev.tarsier.api.spi.ResultSink;
import dev.tarsier.testkit.MemoryInput;
import dev.tarsier.testkit.SharedData;
import org.openjdk.jmh.infra.Blackhole;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * Shared pieces of the OS-analyzer benchmarks: the shared fixture tree, an input that streams a
 * byte array without copying it first (the scanner streams layer bytes the same way), and a sink
 * that counts packages into a blackhole.
 */
final class BenchInputs {

    private BenchInputs() {
    }

    /**
     * The shared package databases: {@code -Dtarsier.shared=DIR}, else {@code ../shared} or
     * {@code ../../shared} relative to the working directory.
     */
    static Optional<Path> pkgdb() {
        return SharedData.locate("fixtures").map(f -> f.resolve("pkgdb")).filter(Files::isDirectory);
    }

    /** Reads a shared fixture, gunzipping {@code .gz} files in memory. */
    static byte[] fixture(String relative) {
        Path root = pkgdb().orElseThrow(() -> new IllegalStateException(
                "shared fixtures not found: run from the repository root with ../shared present,"
                        + " or pass -Dtarsier.shared=DIR"));
        Path file = root.resolve(relative);
        try (InputStream in = Files.newInputStream(file)) {
            return relative.endsWith(".gz") ? new GZIPInputStream(in).readAllBytes() : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An analyzer input over a byte array, without a defensive copy. */
    static AnalyzerInput input(String path, byte[] content) {
        return MemoryInput.sharing(path, content);
    }

    static final class CountingSink implements ResultSink {
        private final Blackhole bh;
        int packages;
        int diagnostics;

        CountingSink(Blackhole bh) {
            this.bh = bh;
        }

        @Override
        public void addPackage(Package pkg) {
            packages++;
            bh.consume(pkg);
        }

        @Override
        public void operatingSystem(OperatingSystem os, int confidence) {
            bh.consume(os);
        }

        @Override
        public void fileOwnership(FileOwnership ownership) {
            bh.consume(ownership);
        }

        @Override
        public void diagnostic(Diagnostic.Severity severity, String path, String message) {
            diagnostics++;
            bh.consume(message);
        }
    }
}
