package dev.tarsier.core;

import dev.tarsier.api.Diagnostic;
import dev.tarsier.api.spi.Analyzer;
import dev.tarsier.core.internal.discovery.PluginClassLoader;
import dev.tarsier.core.internal.discovery.PluginFaults;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Builds a class loader over a directory of plugin jars, so that analyzers (and version schemes)
 * shipped as separate jars are discovered without rebuilding the application or the CLI:
 *
 * <pre>{@code
 * try (URLClassLoader plugins = PluginLoader.open(Path.of("/opt/tarsier/plugins"));
 *      ImageScanner scanner = ImageScanner.builder().classLoader(plugins).build()) {
 *     Inventory inventory = scanner.inventory("docker-archive:app.tar");
 * }
 * }</pre>
 *
 * <p>Every regular file directly in the directory whose name ends with {@code .jar} (any case) is
 * added, in name order, so discovery does not depend on the file system's listing order;
 * subdirectories and other files are ignored. The loader's parent is the loader of the scanner
 * itself: plugins link against the same {@code scanner-api} classes, and the analyzers already on
 * the class path are still discovered alongside the plugins. Plugins are found by
 * {@link java.util.ServiceLoader} through their {@code META-INF/services} files; jars loaded this
 * way are on a class path, not a module path, so a {@code module-info} {@code provides} clause alone
 * is not enough.
 *
 * <p>A plugin that fails becomes a diagnostic of the scans that use the loader, naming the jar and
 * the cause, and the scan goes on with the other analyzers: a jar that cannot be read as a zip
 * (empty, truncated, not a zip, unreadable) is left out of the class path; a provider whose class is
 * corrupt, misses a dependency or whose constructor throws is skipped; an analyzer that fails with a
 * linkage error while analyzing is not called again in that scan. Only an analyzer id that collides
 * with a built-in analyzer or another plugin makes {@link ImageScanner.Builder#build()} fail.
 *
 * <p>The caller owns the returned loader and closes it once the scanners using it are closed.
 * Plugins run with the same permissions as the application: load only jars you trust.
 *
 * @since 0.1
 */
public final class PluginLoader {

    private static final String SERVICES = "META-INF/services/" + Analyzer.class.getName();

    private PluginLoader() {
    }

    /**
     * Opens a class loader over the jars in a directory.
     *
     * @param directory the plugin directory; never null
     * @return a new loader over the directory's jars (none is fine); never null
     * @throws NoSuchFileException if the directory does not exist
     * @throws NotDirectoryException if the path is not a directory
     * @throws IOException if the directory cannot be listed
     */
    public static URLClassLoader open(Path directory) throws IOException {
        List<PluginClassLoader.Jar> readable = new ArrayList<>();
        List<Diagnostic> rejected = new ArrayList<>();
        for (Path jar : jars(directory)) {
            try {
                readable.add(new PluginClassLoader.Jar(jar, toUrl(jar), providers(jar)));
            } catch (IOException | RuntimeException e) {
                rejected.add(new Diagnostic(Diagnostic.Severity.ERROR, Diagnostic.SCANNER, OptionalInt.empty(),
                        Optional.empty(), "plugin jar " + jar + " cannot be read, skipped: "
                        + PluginFaults.describe(e)));
            }
        }
        return new PluginClassLoader(readable, rejected, PluginLoader.class.getClassLoader());
    }

    /** Opens the jar as a zip (which fails for an empty, truncated or non-zip file) and reads its analyzer services. */
    private static List<String> providers(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile(), false)) {
            JarEntry services = file.getJarEntry(SERVICES);
            if (services == null) {
                return List.of();
            }
            Set<String> names = new LinkedHashSet<>();
            try (BufferedReader in = new BufferedReader(new InputStreamReader(file.getInputStream(services),
                    StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    int hash = line.indexOf('#');
                    String name = (hash >= 0 ? line.substring(0, hash) : line).strip();
                    if (!name.isEmpty()) {
                        names.add(name);
                    }
                }
            }
            return List.copyOf(names);
        }
    }

    /**
     * The plugin jars of a directory, in the order {@link #open} adds them.
     *
     * @throws NoSuchFileException if the directory does not exist
     * @throws NotDirectoryException if the path is not a directory
     * @throws IOException if the directory cannot be listed
     */
    public static List<Path> jars(Path directory) throws IOException {
        Objects.requireNonNull(directory, "directory");
        if (!Files.exists(directory)) {
            throw new NoSuchFileException(directory.toString(), null, "plugin directory does not exist");
        }
        if (!Files.isDirectory(directory)) {
            throw new NotDirectoryException(directory.toString());
        }
        List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path p : entries) {
                if (p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jar")
                        && Files.isRegularFile(p)) {
                    jars.add(p);
                }
            }
        }
        jars.sort(null);
        return List.copyOf(jars);
    }

    private static URL toUrl(Path jar) throws IOException {
        try {
            return jar.toAbsolutePath().normalize().toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IOException("plugin jar has no URL: " + jar, e);
        }
    }
}
