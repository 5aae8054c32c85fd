package dev.tarsier.api;

import java.util.Objects;

/**
 * An analyzer that took part in a scan, as reports list it: its id, the version of its output and
 * where it came from.
 *
 * @param id the analyzer's id; never null
 * @param version the analyzer's output version ({@code Analyzer.version()})
 * @param origin {@value #BUILT_IN} for analyzers on the application's class path, or the path of
 *     the plugin jar the analyzer was loaded from; never null
 * @since 0.4
 */
public record AnalyzerInfo(String id, int version, String origin) {

    /** Origin of analyzers that are not loaded from a plugin directory. */
    public static final String BUILT_IN = "built-in";

    public AnalyzerInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(origin, "origin");
    }

    /** Whether the analyzer came from a plugin jar. */
    public boolean isPlugin() {
        return !BUILT_IN.equals(origin);
    }
}
