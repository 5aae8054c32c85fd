package dev.tarsier.core.internal.discovery;

import dev.tarsier.api.AnalyzerInfo;
import dev.tarsier.api.Diagnostic;
import dev.tarsier.api.spi.Analyzer;

import java.lang.reflect.InvocationTargetException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.ServiceLoader;
import java.util.function.Function;

/**
 * Finds analyzers with {@link ServiceLoader} (class-path {@code META-INF/services} and module-path
 * {@code provides}), sorts them by id (ServiceLoader order is no contract), rejects duplicate ids,
 * and turns a provider that fails to load into a diagnostic instead of failing the scan.
 *
 * <p>Plugin jars (a {@link PluginClassLoader}) are loaded jar by jar from their services files, so
 * that every fault — a jar that is not a zip, a corrupt class, a missing dependency, a throwing
 * constructor or accessor — becomes a diagnostic naming the jar and the cause. Only an id that
 * collides with a built-in analyzer or another plugin is an error: the user must pick one.
 */
public final class AnalyzerDiscovery {

    /** Upper bound on provider failures collected, in case a broken loader keeps failing. */
    private static final int MAX_FAILURES = 100;

    /** The analyzers found and the diagnostics for providers that could not be loaded. */
    public record Result(List<Analyzer> analyzers, List<Diagnostic> diagnostics) {
        public Result {
            analyzers = List.copyOf(analyzers);
            diagnostics = List.copyOf(diagnostics);
        }
    }

    private AnalyzerDiscovery() {
    }

    /**
     * Discovers the analyzers visible to the class loader.
     *
     * @throws IllegalArgumentException when two analyzers share an id; the message names the plugin
     *     jar involved, if any
     */
    public static Result discover(ClassLoader loader) {
        List<Diagnostic> diagnostics = new ArrayList<>();
        List<Analyzer> found = new ArrayList<>();
        // the jar whose services file named each plugin analyzer (a class may be shadowed by another jar)
        Map<Analyzer, String> listedIn = new IdentityHashMap<>();
        if (loader instanceof PluginClassLoader plugins) {
            diagnostics.addAll(plugins.rejected());
            found.addAll(serviceLoader(plugins.getParent(), diagnostics));
            found.addAll(plugins(plugins, diagnostics, listedIn));
        } else {
            found.addAll(serviceLoader(loader, diagnostics));
        }
        return new Result(validated(found, a -> listedIn.getOrDefault(a, origin(a))), diagnostics);
    }

    private static List<Analyzer> serviceLoader(ClassLoader loader, List<Diagnostic> diagnostics) {
        List<Analyzer> found = new ArrayList<>();
        Iterator<Analyzer> it = ServiceLoader.load(Analyzer.class, loader).iterator();
        int failures = 0;
        while (failures < MAX_FAILURES) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                found.add(it.next());
            } catch (Throwable e) {
                PluginFaults.rethrowIfFatal(e);
                failures++;
                diagnostics.add(error("analyzer provider could not be loaded: " + PluginFaults.describe(e)));
            }
        }
        return found;
    }

    /** Instantiates the providers of each plugin jar and checks what the scanner will call once. */
    private static List<Analyzer> plugins(PluginClassLoader loader, List<Diagnostic> diagnostics,
                                          Map<Analyzer, String> listedIn) {
        List<Analyzer> found = new ArrayList<>();
        for (PluginClassLoader.Jar jar : loader.jars()) {
            for (String className : jar.analyzerProviders()) {
                try {
                    Analyzer a = instantiate(loader, className);
                    String problem = contractProblem(a);
                    if (problem != null) {
                        diagnostics.add(pluginError(jar.path(), className, problem));
                    } else {
                        found.add(a);
                        listedIn.put(a, jar.path().toString());
                    }
                } catch (Throwable e) {
                    PluginFaults.rethrowIfFatal(e);
                    Throwable cause = e instanceof InvocationTargetException ite && ite.getCause() != null ? ite.getCause() : e;
                    diagnostics.add(pluginError(jar.path(), className, PluginFaults.describe(cause)));
                }
            }
        }
        return found;
    }

    private static Analyzer instantiate(ClassLoader loader, String className) throws ReflectiveOperationException {
        Class<?> type = Class.forName(className, false, loader);
        if (!Analyzer.class.isAssignableFrom(type)) {
            throw new ClassCastException(className + " does not implement " + Analyzer.class.getName());
        }
        return (Analyzer) type.getConstructor().newInstance();
    }

    /** Calls the accessors the scanner relies on; a null or blank answer is a problem, a throw propagates. */
    private static String contractProblem(Analyzer a) {
        if (a.id() == null || a.id().isBlank()) {
            return "analyzer has no id";
        }
        a.version();
        if (a.selector() == null) {
            return "analyzer " + a.id() + " has no file selector";
        }
        if (a.companionSuffixes() == null) {
            return "analyzer " + a.id() + " returns null companion suffixes";
        }
        return null;
    }

    private static Diagnostic pluginError(Path jar, String className, String cause) {
        return error("plugin jar " + jar + ": provider " + className + " could not be loaded, skipped: " + cause);
    }

    private static Diagnostic error(String message) {
        return new Diagnostic(Diagnostic.Severity.ERROR, Diagnostic.SCANNER, OptionalInt.empty(), Optional.empty(), message);
    }

    /**
     * Sorts analyzers by id and checks their ids are unique and their selectors present.
     *
     * @throws IllegalArgumentException on a duplicate or blank id, or a null selector
     */
    public static List<Analyzer> validated(List<Analyzer> analyzers) {
        return validated(analyzers, AnalyzerDiscovery::origin);
    }

    private static List<Analyzer> validated(List<Analyzer> analyzers, Function<Analyzer, String> origins) {
        List<Analyzer> sorted = new ArrayList<>(analyzers);
        for (Analyzer a : sorted) {
            if (a.id() == null || a.id().isBlank()) {
                throw new IllegalArgumentException("analyzer " + a.getClass().getName() + " has no id");
            }
        }
        sorted.sort(Comparator.comparing(Analyzer::id));
        Map<String, Analyzer> ids = new HashMap<>();
        for (Analyzer a : sorted) {
            Analyzer other = ids.putIfAbsent(a.id(), a);
            if (other != null) {
                throw new IllegalArgumentException("duplicate analyzer id '" + a.id() + "': "
                        + describeOrigin(other, origins.apply(other)) + " and " + describeOrigin(a, origins.apply(a))
                        + "; remove one, or give the plugin a vendor-prefixed id");
            }
            if (a.selector() == null) {
                throw new IllegalArgumentException("analyzer " + a.id() + " has no file selector");
            }
        }
        return sorted;
    }

    private static String describeOrigin(Analyzer a, String origin) {
        return a.getClass().getName() + (AnalyzerInfo.BUILT_IN.equals(origin) ? " (built-in)" : " (plugin jar " + origin + ")");
    }

    /** What reports list about an analyzer: id, version and origin. */
    public static AnalyzerInfo info(Analyzer a) {
        return new AnalyzerInfo(a.id(), a.version(), origin(a));
    }

    /**
     * {@link AnalyzerInfo#BUILT_IN}, or the path of the plugin jar the analyzer's class came from
     * (as given to the plugin loader).
     */
    public static String origin(Analyzer a) {
        if (!(a.getClass().getClassLoader() instanceof PluginClassLoader plugins)) {
            return AnalyzerInfo.BUILT_IN;
        }
        CodeSource source = a.getClass().getProtectionDomain().getCodeSource();
        if (source != null && source.getLocation() != null) {
            for (PluginClassLoader.Jar jar : plugins.jars()) {
                if (jar.url().equals(source.getLocation())) {
                    return jar.path().toString();
                }
            }
            try {
                return Path.of(source.getLocation().toURI()).toString();
            } catch (URISyntaxException | IllegalArgumentException e) {
                return source.getLocation().toString();
            }
        }
        return "plugin";
    }
}
