package dev.tarsier.core;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;

import dev.tarsier.api.OperatingSystem;
import dev.tarsier.api.Package;
import dev.tarsier.api.PackageKind;
import dev.tarsier.api.spi.Analyzer;
import dev.tarsier.api.spi.AnalyzerInput;
import dev.tarsier.api.spi.FileOwnership;
import dev.tarsier.api.spi.FileSelector;
import dev.tarsier.api.spi.ResultSink;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Small analyzers with obvious behaviour, to exercise the walker and applier. */
final class TestAnalyzers {

    private TestAnalyzers() {
    }

    static List<Analyzer> all() {
        return List.of(new PackageDb(), new AppFiles(), new Release(), new Lists(), new Binary());
    }

    static PackageURL purl(String type, String name, String version) {
        try {
            return new PackageURL(type, "test", name, version, null, null);
        } catch (MalformedPackageURLException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static String text(AnalyzerInput input) throws IOException {
        return new String(input.stream().readAllBytes(), StandardCharsets.UTF_8);
    }

    /** {@code var/lib/testdb/status}: one OS package per line, {@code name version}. */
    static final class PackageDb implements Analyzer {
        @Override
        public String id() {
            return "test.db";
        }

        @Override
        public int version() {
            return 1;
        }

        @Override
        public FileSelector selector() {
            return FileSelector.builder().paths("var/lib/testdb/status", "lib/apk/db/installed").build();
        }

        @Override
        public void analyze(AnalyzerInput input, ResultSink sink) throws IOException {
            String content = text(input);
            if (input.path().equals("lib/apk/db/installed")) {
                String name = null;
                for (String line : content.split("\n")) {
                    if (line.startsWith("P:")) {
                        name = line.substring(2);
                    } else if (line.startsWith("V:") && name != null) {
                        sink.addPackage(pkg("apk", name, line.substring(2), input));
                    }
                }
                return;
            }
            for (String line : content.split("\n")) {
                String[] parts = line.strip().split(" ");
                if (parts.length == 2) {
                    sink.addPackage(pkg("deb", parts[0], parts[1], input));
                } else if (!line.isBlank()) {
                    sink.warn("bad line: " + line);
                }
            }
        }

        private static Package pkg(String type, String name, String version, AnalyzerInput input) {
            return Package.builder(type, name, version).purl(purl(type, name, version)).kind(PackageKind.OS)
                    .location(input.location()).build();
        }
    }

    /** {@code *.app}: an application component named by the file, versioned by its content. */
    static final class AppFiles implements Analyzer {
        @Override
        public String id() {
            return "test.app";
        }

        @Override
        public int version() {
            return 1;
        }

        @Override
        public FileSelector selector() {
            return FileSelector.builder().suffixes(".app").maxFileSize(1 << 20).build();
        }

        @Override
        public void analyze(AnalyzerInput input, ResultSink sink) throws IOException {
            String name = FileSelector.fileName(input.path()).replace(".app", "");
            String version = text(input).strip();
            sink.addPackage(Package.builder("generic", name, version).purl(purl("generic", name, version))
                    .ecosystem("Test").location(input.location()).build());
        }
    }

    /** {@code etc/os-release}-like evidence. */
    static final class Release implements Analyzer {
        @Override
        public String id() {
            return "test.release";
        }

        @Override
        public int version() {
            return 1;
        }

        @Override
        public FileSelector selector() {
            return FileSelector.builder().paths("etc/os-release", "etc/debian_version").build();
        }

        @Override
        public void analyze(AnalyzerInput input, ResultSink sink) throws IOException {
            String content = text(input).strip();
            if (input.path().equals("etc/debian_version")) {
                sink.operatingSystem(OperatingSystem.of("debian", content), 50);
            } else {
                sink.operatingSystem(new OperatingSystem("debian", content, java.util.Optional.of("bookworm"),
                        java.util.Optional.of("Debian " + content), List.of()), 100);
            }
        }
    }

    /** {@code var/lib/testdb/info/NAME.list}: files owned by OS package NAME. */
    static final class Lists implements Analyzer {
        @Override
        public String id() {
            return "test.lists";
        }

        @Override
        public int version() {
            return 1;
        }

        @Override
        public FileSelector selector() {
            return FileSelector.builder().globs("var/lib/testdb/info/*.list").build();
        }

        @Override
        public void analyze(AnalyzerInput input, ResultSink sink) throws IOException {
            String name = FileSelector.fileName(input.path()).replace(".list", "");
            List<String> files = new ArrayList<>();
            for (String line : text(input).split("\n")) {
                if (!line.isBlank()) {
                    files.add(line.strip().replaceFirst("^/", ""));
                }
            }
            sink.fileOwnership(new FileOwnership("deb", name, files));
        }
    }

    /** Executables named {@code node}: a binary package whose version is the file content. */
    static final class Binary implements Analyzer {
        @Override
        public String id() {
            return "test.binary";
        }

        @Override
        public int version() {
            return 1;
        }

        @Override
        public FileSelector selector() {
            return FileSelector.builder().fileNames("node").build();
        }

        @Override
        public void analyze(AnalyzerInput input, ResultSink sink) throws IOException {
            if (!input.isExecutable()) {
                return;
            }
            String version = text(input).strip();
            sink.addPackage(Package.builder(Package.TYPE_BINARY, "node", version)
                    .purl(purl("generic", "node", version)).location(input.location()).build());
        }
    }
}
