package com.example.cargo;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import dev.tarsier.api.Package;
import dev.tarsier.api.spi.Analyzer;
import dev.tarsier.api.spi.AnalyzerInput;
import dev.tarsier.api.spi.FileSelector;
import dev.tarsier.api.spi.ResultSink;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** Rust crates from {@code Cargo.lock}: the {@code name} and {@code version} of each {@code [[package]]}. */
public final class CargoLockAnalyzer implements Analyzer {

    private static final FileSelector SELECTOR = FileSelector.builder()
            .fileNames("Cargo.lock")
            .maxFileSize(8 << 20)
            .build();

    @Override
    public String id() {
        return "com.example.cargo";
    }

    @Override
    public int version() {
        return 1;
    }

    @Override
    public FileSelector selector() {
        return SELECTOR;
    }

    @Override
    public void analyze(AnalyzerInput input, ResultSink sink) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(input.stream(), StandardCharsets.UTF_8));
        String name = null;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            line = line.strip();
            if (line.equals("[[package]]")) {
                name = null;
            } else if (line.startsWith("name = ")) {
                name = unquote(line.substring(7));
            } else if (line.startsWith("version = ") && name != null) {
                report(input, sink, name, unquote(line.substring(10)));
                name = null;
            }
        }
    }

    private static void report(AnalyzerInput input, ResultSink sink, String name, String version) {
        try {
            sink.addPackage(Package.builder("cargo", name, version)
                    .purl(new PackageURL("cargo", null, name, version, null, null))
                    .ecosystem("crates.io")
                    .location(input.location())
                    .build());
        } catch (MalformedPackageURLException e) {
            sink.warn("no package URL for " + name + ": " + e.getMessage());
        }
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }
}
