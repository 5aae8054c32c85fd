package dev.tarsier.cli;

import dev.tarsier.testkit.ImageBuilder;
import dev.tarsier.testkit.LayerBuilder;
import dev.tarsier.testkit.PluginJarBuilder;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every fault of a {@code --plugins} jar, end to end through the CLI with jars built by the test:
 * a diagnostic naming the jar and the cause, the good plugin and the built-in analyzers still run,
 * exit 0, nothing on stderr but the verdict; only an id collision stops the command (exit 2, one line).
 */
class PluginFaultsTest {

    private static final String MARKER_PURL = "pkg:generic/vendor-tool@4.2.0";

    @TempDir
    Path tmp;
    Path plugins;
    Path image;
    int work;

    @BeforeEach
    void goodPluginAndImage() throws Exception {
        plugins = Files.createDirectories(tmp.resolve("plugins"));
        PluginJarBuilder.build(workDir(), plugins.resolve("marker.jar"));
        image = tmp.resolve("image.tar");
        new ImageBuilder()
                .layer(new LayerBuilder().file("opt/vendor/plugin-marker.txt", "vendor-tool 4.2.0\n")
                        .file("opt/other/plugin-marker.txt", "other-tool 1.0\n"))
                .layer(new LayerBuilder().file("opt/third/plugin-marker.txt", "third 2.0\n"))
                .writeOciArchive(image);
    }

    private Path workDir() throws Exception {
        return Files.createDirectories(tmp.resolve("work" + work++));
    }

    /** Runs inventory with the plugins and checks the common promises; returns the JSON. */
    private String inventoryContaining(String jarName, String... causeParts) {
        CliRun run = CliRun.of("inventory", image.toString(), "--format", "json", "--plugins", plugins.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertFalse(run.err().contains("\tat "), "no stack trace: " + run.err());
        assertFalse(run.err().contains("Exception"), run.err());
        String json = run.out();
        assertTrue(json.contains(MARKER_PURL), "the good plugin still ran:\n" + json);
        String message = pluginMessages(json, jarName);
        for (String part : causeParts) {
            assertTrue(message.contains(part), "'" + part + "' in: " + message);
        }
        return json;
    }

    /** The warning messages that name the jar. */
    private String pluginMessages(String json, String jarName) {
        Matcher m = Pattern.compile("\"message\" : \"([^\"]*" + Pattern.quote(plugins.resolve(jarName).toString()) + "[^\"]*)\"")
                .matcher(json);
        StringBuilder all = new StringBuilder();
        while (m.find()) {
            all.append(m.group(1)).append('\n');
        }
        assertFalse(all.isEmpty(), "a warning names " + jarName + ":\n" + json);
        return all.toString();
    }

    @Test
    void inventory_pluginJarNotAZip_isADiagnosticNamingTheJar() {
        PluginJarBuilder.writeNotAZip(plugins.resolve("text.jar"));
        inventoryContaining("text.jar", "cannot be read", "ZipException");
    }

    @Test
    void inventory_emptyPluginJar_isADiagnosticNamingTheJar() {
        PluginJarBuilder.writeEmpty(plugins.resolve("empty.jar"));
        inventoryContaining("empty.jar", "cannot be read");
    }

    @Test
    void inventory_truncatedPluginJar_isADiagnosticNamingTheJar() throws Exception {
        Path whole = PluginJarBuilder.plugin()
                .source("example.plugin.Other", PluginJarBuilder.analyzerSource("Other", "example.other", "", ""))
                .services("example.plugin.Other").write(workDir(), tmp.resolve("whole.jar"));
        PluginJarBuilder.writeTruncated(whole, plugins.resolve("truncated.jar"));
        inventoryContaining("truncated.jar", "cannot be read");
    }

    @Test
    void inventory_corruptProviderClass_isADiagnosticNamingTheJarAndClass() throws Exception {
        PluginJarBuilder.plugin().corruptClass("example.plugin.Corrupt").services("example.plugin.Corrupt")
                .write(workDir(), plugins.resolve("corrupt.jar"));
        inventoryContaining("corrupt.jar", "example.plugin.Corrupt", "ClassFormatError");
    }

    @Test
    void inventory_providerMissingItsSuperclass_isADiagnosticNamingTheMissingClass() throws Exception {
        PluginJarBuilder.plugin()
                .source("example.plugin.Base", "package example.plugin; public abstract class Base {}")
                .source("example.plugin.NeedsBase", PluginJarBuilder.analyzerSource("NeedsBase", "example.needs", "", "")
                        .replace("public final class NeedsBase implements", "public final class NeedsBase extends Base implements"))
                .omit("example.plugin.Base").services("example.plugin.NeedsBase")
                .write(workDir(), plugins.resolve("missing-dep.jar"));
        inventoryContaining("missing-dep.jar", "NoClassDefFoundError", "example/plugin/Base");
    }

    @Test
    void inventory_throwingConstructor_isADiagnosticWithTheCause() throws Exception {
        PluginJarBuilder.plugin()
                .source("example.plugin.Throws", PluginJarBuilder.analyzerSource("Throws", "example.throws",
                        "throw new IllegalStateException(\"no licence key\");", ""))
                .services("example.plugin.Throws").write(workDir(), plugins.resolve("throws.jar"));
        inventoryContaining("throws.jar", "example.plugin.Throws", "IllegalStateException: no licence key");
    }

    @Test
    void inventory_failingStaticInitialiser_isADiagnostic() throws Exception {
        PluginJarBuilder.plugin()
                .source("example.plugin.Init", PluginJarBuilder.analyzerSource("Init", "example.init", "", "")
                        .replace("public Init() {", "static { if (true) throw new IllegalStateException(\"static\"); }\n    public Init() {"))
                .services("example.plugin.Init").write(workDir(), plugins.resolve("init.jar"));
        inventoryContaining("init.jar", "ExceptionInInitializerError");
    }

    @Test
    void inventory_linkageErrorInAnalyze_oneDiagnosticAndTheScanGoesOn() throws Exception {
        PluginJarBuilder.plugin()
                .source("example.plugin.Lib", "package example.plugin; public final class Lib { public static String parse() { return \"x\"; } }")
                .source("example.plugin.UsesLib", PluginJarBuilder.analyzerSource("UsesLib", "example.useslib", "",
                        "sink.warn(Lib.parse());"))
                .omit("example.plugin.Lib").services("example.plugin.UsesLib")
                .write(workDir(), plugins.resolve("uses-lib.jar"));
        String json = inventoryContaining("uses-lib.jar", "NoClassDefFoundError", "example/plugin/Lib", "not called again");
        // three marker files in two layers, one diagnostic for the whole scan
        assertEquals(1, pluginMessages(json, "uses-lib.jar").lines().count(), json);
        assertTrue(json.contains("pkg:generic/other-tool@1.0") && json.contains("pkg:generic/third@2.0"), json);
    }

    @Test
    void inventory_errorThrownFromAnalyze_isContainedPerFile() throws Exception {
        PluginJarBuilder.plugin()
                .source("example.plugin.Asserts", PluginJarBuilder.analyzerSource("Asserts", "example.asserts", "",
                        "throw new AssertionError(\"invariant\");"))
                .services("example.plugin.Asserts").write(workDir(), plugins.resolve("asserts.jar"));
        CliRun run = CliRun.of("inventory", image.toString(), "--format", "json", "--plugins", plugins.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("AssertionError: invariant") && run.out().contains(MARKER_PURL), run.out());
    }

    @Test
    void inventory_pluginIdCollidesWithBuiltIn_exit2OneLineNamingTheJar() throws Exception {
        PluginJarBuilder.plugin()
                .source("example.plugin.Dpkg", PluginJarBuilder.analyzerSource("Dpkg", "os.dpkg", "", ""))
                .services("example.plugin.Dpkg").write(workDir(), plugins.resolve("dpkg.jar"));
        CliRun run = CliRun.of("inventory", image.toString(), "--plugins", plugins.toString());
        assertEquals(2, run.exitCode(), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().startsWith("tarsier: duplicate analyzer id 'os.dpkg'"), run.err());
        assertTrue(run.err().contains(plugins.resolve("dpkg.jar").toString()), run.err());
    }

    @Test
    void inventory_twoPluginsWithOneId_exit2NamingBothJars() throws Exception {
        PluginJarBuilder.build(workDir(), plugins.resolve("marker-copy.jar"));
        CliRun run = CliRun.of("inventory", image.toString(), "--plugins", plugins.toString());
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains(plugins.resolve("marker.jar").toString())
                && run.err().contains(plugins.resolve("marker-copy.jar").toString()), run.err());
    }

    @Test
    void inventory_json_namesEachPackagesAnalyzerAndListsTheAnalyzers() {
        String json = CliRun.of("inventory", image.toString(), "--format", "json", "--plugins", plugins.toString()).out();
        assertTrue(json.contains("\"analyzer\" : \"plugin.marker\""), json);
        assertTrue(json.contains("\"id\" : \"plugin.marker\",\n    \"version\" : 1,\n    \"origin\" : \""
                + Json.escape(plugins.resolve("marker.jar").toString()) + "\""), json);
        assertTrue(json.contains("\"id\" : \"os.dpkg\",\n    \"version\" : "), json);
        assertTrue(json.contains("\"origin\" : \"built-in\""), json);
        String again = CliRun.of("inventory", image.toString(), "--format", "json", "--plugins", plugins.toString()).out();
        assertEquals(json, again, "deterministic");
    }

    @Test
    void analyzers_listsBuiltInsAndPluginsWithOriginAndSelector() throws Exception {
        PluginJarBuilder.writeNotAZip(plugins.resolve("text.jar"));
        CliRun table = CliRun.of("analyzers", "--plugins", plugins.toString());
        assertEquals(0, table.exitCode(), table.err());
        assertTrue(table.out().startsWith("ID"), table.out());
        assertTrue(table.out().lines().anyMatch(l -> l.startsWith("plugin.marker") && l.contains(plugins.resolve("marker.jar").toString())
                && l.contains("names plugin-marker.txt; max 1 KiB")), table.out());
        assertTrue(table.out().lines().anyMatch(l -> l.startsWith("os.dpkg") && l.contains("built-in")), table.out());
        assertTrue(table.out().contains("ERROR: plugin jar " + plugins.resolve("text.jar")), table.out());

        CliRun json = CliRun.of("analyzers", "--plugins", plugins.toString(), "--format", "json");
        assertEquals(0, json.exitCode(), json.err());
        assertTrue(json.out().contains("\"fileNames\" : [ \"plugin-marker.txt\" ]"), json.out());
        assertTrue(json.out().contains("\"maxFileSize\" : 1024"), json.out());
        assertTrue(json.out().contains("\"warnings\""), json.out());

        CliRun builtIns = CliRun.of("analyzers");
        assertEquals(0, builtIns.exitCode(), builtIns.err());
        assertFalse(builtIns.out().contains("plugin.marker"), builtIns.out());
    }

    /** JSON string escaping of paths (backslashes on Windows). */
    private static final class Json {
        static String escape(String s) {
            return s.replace("\\", "\\\\");
        }
    }
}
