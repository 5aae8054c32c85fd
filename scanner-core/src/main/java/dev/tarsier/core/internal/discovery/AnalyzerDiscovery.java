package dev.tarsier.core.internal.discovery;

import dev.tarsier.api.Diagnostic;
import dev.tarsier.api.spi.Analyzer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * Finds analyzers with {@link ServiceLoader} (class-path {@code META-INF/services} and module-path
 * {@code provides}), sorts them by id (ServiceLoader order is no contract), rejects duplicate ids,
 * and turns a provider that fails to load into a diagnostic instead of failing the scan.
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

    /** Discovers the analyzers visible to the class loader. */
    public static Result discover(ClassLoader loader) {
        List<Analyzer> found = new ArrayList<>();
        List<Diagnostic> diagnostics = new ArrayList<>();
        Iterator<Analyzer> it = ServiceLoader.load(Analyzer.class, loader).iterator();
        int failures = 0;
        while (failures < MAX_FAILURES) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                found.add(it.next());
            } catch (ServiceConfigurationError e) {
                failures++;
                diagnostics.add(new Diagnostic(Diagnostic.Severity.ERROR, Diagnostic.SCANNER, OptionalInt.empty(),
                        Optional.empty(), "analyzer provider could not be loaded: " + e.getMessage()));
            }
        }
        return new Result(validated(found), diagnostics);
    }

    /**
     * Sorts analyzers by id and checks their ids are unique and their selectors present.
     *
     * @throws IllegalArgumentException on a duplicate or blank id, or a null selector
     */
    public static List<Analyzer> validated(List<Analyzer> analyzers) {
        List<Analyzer> sorted = new ArrayList<>(analyzers);
        sorted.sort(Comparator.comparing(Analyzer::id));
        Set<String> ids = new HashSet<>();
        for (Analyzer a : sorted) {
            if (a.id() == null || a.id().isBlank()) {
                throw new IllegalArgumentException("analyzer " + a.getClass().getName() + " has no id");
            }
            if (!ids.add(a.id())) {
                throw new IllegalArgumentException("duplicate analyzer id '" + a.id() + "' ("
                        + sorted.stream().filter(x -> x.id().equals(a.id())).map(x -> x.getClass().getName()).toList() + ")");
            }
            if (a.selector() == null) {
                throw new IllegalArgumentException("analyzer " + a.id() + " has no file selector");
            }
        }
        return sorted;
    }
}
