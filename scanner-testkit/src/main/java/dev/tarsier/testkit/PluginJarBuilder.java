package dev.tarsier.testkit;

import com.github.packageurl.PackageURL;

import dev.tarsier.api.spi.Analyzer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;

/**
 * Builds a third-party style analyzer plugin jar at test time: a class compiled against
 * scanner-api alone plus a {@code META-INF/services} file, as someone outside the project would ship
 * it for {@code --plugins DIR}. The plugin ({@value #PLUGIN_CLASS}, id {@code plugin.marker})
 * reports {@code name version} from files called {@code plugin-marker.txt}.
 */
public final class PluginJarBuilder {

    /** Class name of the marker analyzer. */
    public static final String PLUGIN_CLASS = "example.plugin.MarkerAnalyzer";

    /** Reports "name version" from files called plugin-marker.txt. */
    public static final String PLUGIN_SOURCE = """
            package example.plugin;

            import com.github.packageurl.MalformedPackageURLException;
            import com.github.packageurl.PackageURL;
            import dev.tarsier.api.Package;
            import dev.tarsier.api.spi.Analyzer;
            import dev.tarsier.api.spi.AnalyzerInput;
            import dev.tarsier.api.spi.FileSelector;
            import dev.tarsier.api.spi.ResultSink;
            import java.io.IOException;
            import java.nio.charset.StandardCharsets;

            public final class MarkerAnalyzer implements Analyzer {
                public String id() { return "plugin.marker"; }
                public int version() { return 1; }
                public FileSelector selector() {
                    return FileSelector.builder().fileNames("plugin-marker.txt").maxFileSize(1024).build();
                }
                public void analyze(AnalyzerInput input, ResultSink sink) throws IOException {
                    String[] words = new String(input.stream().readAllBytes(), StandardCharsets.UTF_8).strip().split(" ");
                    if (words.length != 2) {
                        sink.warn("expected 'name version'");
                        return;
                    }
                    try {
                        sink.addPackage(Package.builder("generic", words[0], words[1])
                                .purl(new PackageURL("generic", null, words[0], words[1], null, null))
                                .location(input.location()).build());
                    } catch (MalformedPackageURLException e) {
                        sink.warn("bad name: " + e.getMessage());
                    }
                }
            }
            """;

    private PluginJarBuilder() {
    }

    /** Builds the marker plugin jar with the service file naming {@link #PLUGIN_CLASS}. */
    public static Path build(Path workDir, Path jar) {
        return build(workDir, jar, PLUGIN_CLASS + "\n");
    }

    /**
     * Compiles the marker analyzer against scanner-api and packs it with {@code servicesFile} as its
     * {@code META-INF/services/dev.tarsier.api.spi.Analyzer}.
     *
     * @param workDir an empty scratch directory for sources and classes
     * @throws IllegalStateException when no {@code javac} is available (tests run on a JDK)
     */
    public static Path build(Path workDir, Path jar, String servicesFile) {
        try {
            return compileAndPack(workDir, jar, servicesFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path codeSource(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static Path compileAndPack(Path workDir, Path jar, String servicesFile) throws IOException, URISyntaxException {
        Path src = Files.createDirectories(workDir.resolve("src/example/plugin"));
        Files.writeString(src.resolve("MarkerAnalyzer.java"), PLUGIN_SOURCE);
        Path classes = Files.createDirectories(workDir.resolve("classes"));
        ToolProvider javac = ToolProvider.findFirst("javac")
                .orElseThrow(() -> new IllegalStateException("no javac: tests must run on a JDK"));
        String classPath = codeSource(Analyzer.class) + java.io.File.pathSeparator + codeSource(PackageURL.class);
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int rc;
        try (PrintWriter err = new PrintWriter(errors, true, StandardCharsets.UTF_8)) {
            rc = javac.run(err, err, "--release", "17", "-cp", classPath, "-d", classes.toString(),
                    src.resolve("MarkerAnalyzer.java").toString());
        }
        if (rc != 0) {
            throw new IllegalStateException("plugin did not compile: " + errors.toString(StandardCharsets.UTF_8));
        }
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out)) {
            try (Stream<Path> files = Files.walk(classes)) {
                for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                    jarOut.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                    jarOut.write(Files.readAllBytes(f));
                    jarOut.closeEntry();
                }
            }
            jarOut.putNextEntry(new JarEntry("META-INF/services/" + Analyzer.class.getName()));
            jarOut.write(servicesFile.getBytes(StandardCharsets.UTF_8));
            jarOut.closeEntry();
        }
        return jar;
    }
}
