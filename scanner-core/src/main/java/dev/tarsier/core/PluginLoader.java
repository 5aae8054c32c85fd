package dev.tarsier.core;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

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
 * is not enough. A plugin that fails to load becomes a diagnostic of the scan, not a crash.
 *
 * <p>The caller owns the returned loader and closes it once the scanners using it are closed.
 * Plugins run with the same permissions as the application: load only jars you trust.
 *
 * @since 0.1
 */
public final class PluginLoader {

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
        List<Path> jars = jars(directory);
        URL[] urls = new URL[jars.size()];
        for (int i = 0; i < urls.length; i++) {
            urls[i] = toUrl(jars.get(i));
        }
        return new URLClassLoader("tarsier-plugins", urls, PluginLoader.class.getClassLoader());
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
