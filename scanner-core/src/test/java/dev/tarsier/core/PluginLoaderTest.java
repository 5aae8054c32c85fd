package dev.tarsier.core;

import com.github.packageurl.PackageURL;
import dev.tarsier.api.Diagnostic;
import dev.tarsier.api.spi.Analyzer;
import dev.tarsier.testkit.AnalysisResult;
import dev.tarsier.testkit.ImageBuilder;
import dev.tarsier.testkit.LayerBuilder;
import dev.tarsier.testkit.PipelineRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.List;
import java.util.spi.ToolProvider;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Loads an analyzer jar that is compiled and packed by the test itself (as a third party would
 * ship one: a class against scanner-api and a {@code META-INF/services} file), from a plugin
 * directory at run time: the path behind the CLI's {@code --plugins DIR}.
 */
class PluginLoaderTest {

    private static final String PLUGIN_CLASS = "example.plugin.MarkerAnalyzer";

    /** Reports "name version" from files called plugin-marker.txt. */
    private static final String PLUGIN_SOURCE = """
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

    @TempDir
    Path tmp;

    private static Path codeSource(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** Compiles the plugin against scanner-api and packs it with its service file into {@code jar}. */
    private Path buildPluginJar(Path jar, String servicesFile) throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src/example/plugin"));
        Files.writeString(src.resolve("MarkerAnalyzer.java"), PLUGIN_SOURCE);
        Path classes = Files.createDirectories(tmp.resolve("classes"));
        // java.util.spi.ToolProvider rather than javax.tools: this test is compiled into the
        // dev.tarsier.core module, which does not read java.compiler.
        ToolProvider javac = ToolProvider.findFirst("javac").orElse(null);
        assertNotNull(javac, "tests run on a JDK");
        String classPath = codeSource(Analyzer.class) + java.io.File.pathSeparator + codeSource(PackageURL.class);
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int rc;
        try (PrintWriter err = new PrintWriter(errors, true, StandardCharsets.UTF_8)) {
            rc = javac.run(err, err, "--release", "17", "-cp", classPath, "-d", classes.toString(),
                    src.resolve("MarkerAnalyzer.java").toString());
        }
        assertEquals(0, rc, errors.toString(StandardCharsets.UTF_8));
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

    private static ImageBuilder imageWithMarker() {
        return new ImageBuilder()
                .layer(new LayerBuilder().file("opt/vendor/plugin-marker.txt", "vendor-tool 4.2.0\n"));
    }

    @Test
    void open_directoryWithAnAnalyzerJar_makesTheScannerDiscoverIt() throws Exception {
        Path plugins = Files.createDirectories(tmp.resolve("plugins"));
        buildPluginJar(plugins.resolve("marker-plugin.jar"), PLUGIN_CLASS + "\n");

        try (URLClassLoader loader = PluginLoader.open(plugins)) {
            try (ImageScanner scanner = ImageScanner.builder().classLoader(loader).build()) {
                assertTrue(scanner.analyzers().stream().anyMatch(a -> a.id().equals("plugin.marker")),
                        "discovered: " + scanner.analyzers().stream().map(Analyzer::id).toList());
            }
            AnalysisResult result = PipelineRunner.discovering(loader).run(imageWithMarker());
            result.assertPackage("vendor-tool")
                    .hasVersion("4.2.0")
                    .hasPurl("pkg:generic/vendor-tool@4.2.0")
                    .isAt(0, "opt/vendor/plugin-marker.txt");
            result.assertNoDiagnostics();
        }
    }

    @Test
    void scanner_withoutThePluginLoader_doesNotSeeThePlugin() {
        try (ImageScanner scanner = ImageScanner.builder().build()) {
            assertFalse(scanner.analyzers().stream().anyMatch(a -> a.id().equals("plugin.marker")));
        }
        PipelineRunner.discovering().run(imageWithMarker()).assertPackages();
    }

    @Test
    void open_pluginNamingAMissingClass_becomesADiagnosticNotACrash() throws Exception {
        Path plugins = Files.createDirectories(tmp.resolve("plugins"));
        buildPluginJar(plugins.resolve("broken.jar"), "example.plugin.DoesNotExist\n" + PLUGIN_CLASS + "\n");

        try (URLClassLoader loader = PluginLoader.open(plugins)) {
            AnalysisResult result = PipelineRunner.discovering(loader).run(imageWithMarker());
            result.assertPackages("vendor-tool@4.2.0");
            Diagnostic d = result.assertDiagnostic(Diagnostic.Severity.ERROR, null, "example.plugin.DoesNotExist");
            assertEquals(Diagnostic.SCANNER, d.source());
        }
    }

    @Test
    void jars_takesOnlyJarFilesDirectlyInTheDirectoryInNameOrder() throws Exception {
        Path plugins = Files.createDirectories(tmp.resolve("plugins"));
        Files.write(plugins.resolve("b.jar"), new byte[0]);
        Files.write(plugins.resolve("A.JAR"), new byte[0]);
        Files.write(plugins.resolve("notes.txt"), new byte[0]);
        Files.createDirectories(plugins.resolve("sub.jar"));
        Files.createDirectories(plugins.resolve("nested")).resolve("c.jar").toFile().createNewFile();

        assertEquals(List.of(plugins.resolve("A.JAR"), plugins.resolve("b.jar")), PluginLoader.jars(plugins));
        try (URLClassLoader loader = PluginLoader.open(plugins)) {
            assertEquals(2, loader.getURLs().length);
            assertEquals(PluginLoader.class.getClassLoader(), loader.getParent());
        }
    }

    @Test
    void open_emptyDirectory_givesALoaderThatAddsNothing() throws IOException {
        try (URLClassLoader loader = PluginLoader.open(Files.createDirectories(tmp.resolve("empty")));
             ImageScanner withPlugins = ImageScanner.builder().classLoader(loader).build();
             ImageScanner plain = ImageScanner.builder().build()) {
            assertEquals(plain.analyzers().stream().map(Analyzer::id).toList(),
                    withPlugins.analyzers().stream().map(Analyzer::id).toList());
        }
    }

    @Test
    void open_missingDirectoryOrAFile_failsWithASpecificException() throws IOException {
        assertThrows(NoSuchFileException.class, () -> PluginLoader.open(tmp.resolve("absent")));
        Path file = Files.writeString(tmp.resolve("plugins.jar"), "");
        assertThrows(NotDirectoryException.class, () -> PluginLoader.open(file));
    }
}
