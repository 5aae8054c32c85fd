package dev.tarsier.core.internal.discovery;

import dev.tarsier.api.Diagnostic;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;

/**
 * The class loader {@code PluginLoader} builds: a class path over the plugin jars that could be
 * read, remembering which providers each jar registers and which jars were left out (and why), so
 * that discovery can name the jar of every fault.
 */
public final class PluginClassLoader extends URLClassLoader {

    static {
        ClassLoader.registerAsParallelCapable();
    }

    /** A readable plugin jar and the provider class names of its services file, in file order. */
    public record Jar(Path path, URL url, List<String> analyzerProviders) {
        public Jar {
            analyzerProviders = List.copyOf(analyzerProviders);
        }
    }

    private final List<Jar> jars;
    private final List<Diagnostic> rejected;

    /**
     * @param jars the readable jars, in class-path order
     * @param rejected one diagnostic per jar that could not be read (and is not on the class path)
     * @param parent the scanner's own loader
     */
    public PluginClassLoader(List<Jar> jars, List<Diagnostic> rejected, ClassLoader parent) {
        super("tarsier-plugins", jars.stream().map(Jar::url).toArray(URL[]::new), parent);
        this.jars = List.copyOf(jars);
        this.rejected = List.copyOf(rejected);
    }

    /** The readable jars, in class-path order. */
    public List<Jar> jars() {
        return jars;
    }

    /** Diagnostics for the jars that could not be read. */
    public List<Diagnostic> rejected() {
        return rejected;
    }
}
