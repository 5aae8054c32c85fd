package dev.tarsier.core;

import com.github.packageurl.PackageURL;
import dev.tarsier.api.Diagnostic;
import dev.tarsier.api.spi.Analyzer;
import dev.tarsier.testkit.AnalysisResult;
import dev.tarsier.testkit.ImageBuilder;
import dev.tarsier.testkit.LayerBuilder;
import dev.tarsier.testkit.PluginJarBuilder;
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

    @TempDir
    Path tmp;

    private Path buildPluginJar(Path jar, String servicesFile) throws Exception {
        return PluginJarBuilder.build(Files.createTempDirectory(tmp, "plugin"), jar, servicesFile);
    }

    private static ImageBuilder imageWithMarker() {
        return new ImageBuilder()
                .layer(new LayerBuilder().file("opt/vendor/plugin-marker.txt", "vendor-tool 4.2.0\n"));
    }

    @Test
    void open_directoryWithAnAnalyzerJar_makesTheScannerDiscoverIt() throws Exception {
        Path plugins = Files.createDirectories(tmp.resolve("plugins"));
        buildPluginJar(plugins.resolve("marker-plugin.jar"), PluginJarBuilder.PLUGIN_CLASS + "\n");

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
        buildPluginJar(plugins.resolve("broken.jar"), "example.plugin.DoesNotExist\n" + PluginJarBuilder.PLUGIN_CLASS + "\n");

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
        try (URLClassLoader loader = PluginLoader.open(plugins);
             ImageScanner scanner = ImageScanner.builder().classLoader(loader).build()) {
            // both are empty files, not zips: left out of the class path, one diagnostic each
            assertEquals(0, loader.getURLs().length);
            assertEquals(PluginLoader.class.getClassLoader(), loader.getParent());
            List<String> messages = scanner.discoveryDiagnostics().stream().map(d -> d.message()).toList();
            assertEquals(2, messages.size(), messages.toString());
            assertTrue(messages.get(0).startsWith("plugin jar " + plugins.resolve("A.JAR") + " cannot be read"), messages.toString());
            assertTrue(messages.get(1).startsWith("plugin jar " + plugins.resolve("b.jar") + " cannot be read"), messages.toString());
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
