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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;

/**
 * Builds a third-party style analyzer plugin jar at test time: a class compiled against
 * scanner-api alone plus a {@code META-INF/services} file, as someone outside the project would ship
 * it for {@code --plugins DIR}. The plugin ({@value #PLUGIN_CLASS}, id {@code plugin.marker})
 * reports {@code name version} from files called {@code plugin-marker.txt}.
 *
 * <p>{@link #plugin()} builds other plugins, broken ones included (classes left out, corrupt class
 * files, throwing constructors), and {@link #writeNotAZip}, {@link #writeEmpty} and
 * {@link #writeTruncated} write jars that are not readable zips, for tests of how the scanner
 * contains plugin faults.
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

    private final Map<String, String> sources = new LinkedHashMap<>();
    private final Set<String> omitted = new HashSet<>();
    private final Map<String, byte[]> rawEntries = new LinkedHashMap<>();
    private String services;

    private PluginJarBuilder() {
    }

    /**
     * Starts an empty plugin jar: add sources (compiled together against scanner-api), leave
     * classes out to simulate a missing dependency, replace class files by corrupt bytes, and say
     * what the services file lists.
     *
     * @since 0.4
     */
    public static PluginJarBuilder plugin() {
        return new PluginJarBuilder();
    }

    /** Adds a Java source of the class {@code className} (package and name as in the source). */
    public PluginJarBuilder source(String className, String javaSource) {
        sources.put(className, javaSource);
        return this;
    }

    /** Compiles the class but leaves its class file out of the jar (a missing dependency). */
    public PluginJarBuilder omit(String className) {
        omitted.add(className);
        return this;
    }

    /** Adds an entry with these exact bytes (replacing a compiled class file of the same name). */
    public PluginJarBuilder entry(String name, byte[] bytes) {
        rawEntries.put(name, bytes.clone());
        return this;
    }

    /** Adds a class file that is not a class ({@code ClassFormatError} when loaded). */
    public PluginJarBuilder corruptClass(String className) {
        return entry(className.replace('.', '/') + ".class",
                new byte[] {(byte) 0xCA, (byte) 0xFE, 0x00, 0x01, 'n', 'o', 't', ' ', 'a', ' ', 'c', 'l', 'a', 's', 's'});
    }

    /** The analyzer service file's content, e.g. provider class names one per line. */
    public PluginJarBuilder services(String... providerClassNames) {
        services = String.join("\n", providerClassNames) + "\n";
        return this;
    }

    /**
     * Compiles the sources and writes the jar.
     *
     * @param workDir an empty scratch directory for sources and classes
     * @throws IllegalStateException when no {@code javac} is available or a source does not compile
     */
    public Path write(Path workDir, Path jar) {
        try {
            return compileAndPack(workDir, jar);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The source of an analyzer {@code example.plugin.SIMPLE_NAME} with the given id that selects
     * files called {@code plugin-marker.txt}; {@code constructorBody} and {@code analyzeBody} are
     * pasted into the constructor and into {@code analyze(input, sink)} (which may throw
     * IOException).
     *
     * @since 0.4
     */
    public static String analyzerSource(String simpleName, String id, String constructorBody, String analyzeBody) {
        return """
                package example.plugin;

                import dev.tarsier.api.spi.Analyzer;
                import dev.tarsier.api.spi.AnalyzerInput;
                import dev.tarsier.api.spi.FileSelector;
                import dev.tarsier.api.spi.ResultSink;
                import java.io.IOException;

                public final class %1$s implements Analyzer {
                    public %1$s() { %3$s }
                    public String id() { return "%2$s"; }
                    public int version() { return 1; }
                    public FileSelector selector() {
                        return FileSelector.builder().fileNames("plugin-marker.txt").maxFileSize(1024).build();
                    }
                    public void analyze(AnalyzerInput input, ResultSink sink) throws IOException { %4$s }
                }
                """.formatted(simpleName, id, constructorBody, analyzeBody);
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
        PluginJarBuilder b = plugin().source(PLUGIN_CLASS, PLUGIN_SOURCE);
        b.services = servicesFile;
        return b.write(workDir, jar);
    }

    /**
     * Writes a {@code .jar} that is not a zip at all (a text file).
     *
     * @since 0.4
     */
    public static Path writeNotAZip(Path jar) {
        return writeBytes(jar, "this is not a zip archive\n".getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes an empty {@code .jar} (zero bytes).
     *
     * @since 0.4
     */
    public static Path writeEmpty(Path jar) {
        return writeBytes(jar, new byte[0]);
    }

    /**
     * Writes the first half of a valid jar, as an interrupted download leaves it.
     *
     * @since 0.4
     */
    public static Path writeTruncated(Path validJar, Path jar) {
        byte[] whole = AnalyzerRunner.readAllBytes(validJar);
        return writeBytes(jar, Arrays.copyOf(whole, whole.length / 2));
    }

    private static Path writeBytes(Path jar, byte[] bytes) {
        try {
            return Files.write(jar, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path codeSource(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private Path compileAndPack(Path workDir, Path jar) throws IOException, URISyntaxException {
        Path classes = Files.createDirectories(workDir.resolve("classes"));
        if (!sources.isEmpty()) {
            compile(workDir, classes);
        }
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out)) {
            try (Stream<Path> files = Files.walk(classes)) {
                for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                    String name = classes.relativize(f).toString().replace('\\', '/');
                    String className = name.substring(0, name.length() - ".class".length()).replace('/', '.');
                    if (!omitted.contains(className) && !rawEntries.containsKey(name)) {
                        put(jarOut, name, Files.readAllBytes(f));
                    }
                }
            }
            for (Map.Entry<String, byte[]> e : rawEntries.entrySet()) {
                put(jarOut, e.getKey(), e.getValue());
            }
            if (services != null) {
                put(jarOut, "META-INF/services/" + Analyzer.class.getName(), services.getBytes(StandardCharsets.UTF_8));
            }
        }
        return jar;
    }

    private void compile(Path workDir, Path classes) throws IOException, URISyntaxException {
        List<String> args = new ArrayList<>(List.of("--release", "17", "-cp",
                codeSource(Analyzer.class) + java.io.File.pathSeparator + codeSource(PackageURL.class),
                "-d", classes.toString()));
        for (Map.Entry<String, String> e : sources.entrySet()) {
            Path file = workDir.resolve("src").resolve(e.getKey().replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, e.getValue());
            args.add(file.toString());
        }
        ToolProvider javac = ToolProvider.findFirst("javac")
                .orElseThrow(() -> new IllegalStateException("no javac: tests must run on a JDK"));
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int rc;
        try (PrintWriter err = new PrintWriter(errors, true, StandardCharsets.UTF_8)) {
            rc = javac.run(err, err, args.toArray(String[]::new));
        }
        if (rc != 0) {
            throw new IllegalStateException("plugin did not compile: " + errors.toString(StandardCharsets.UTF_8));
        }
    }

    private static void put(JarOutputStream jar, String name, byte[] bytes) throws IOException {
        jar.putNextEntry(new JarEntry(name));
        jar.write(bytes);
        jar.closeEntry();
    }
}
