package dev.tarsier.api;

import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Something worth telling about the input that did not stop the scan: a corrupt package database,
 * a truncated layer, an entry over a size cap, a path escaping the image root.
 *
 * @param severity how much the result may be affected; never null
 * @param source id of the analyzer that reported it, or {@code tarsier} for the scanner itself
 * @param layer index of the layer concerned, when there is one
 * @param path path concerned (possibly a nested {@code !/} chain), when there is one
 * @param message one line, human readable, never null
 * @since 0.1
 */
public record Diagnostic(Severity severity, String source, OptionalInt layer, Optional<String> path,
                         String message) implements Comparable<Diagnostic> {

    /** Source id used for diagnostics raised by the scanner itself rather than an analyzer. */
    public static final String SCANNER = "tarsier";

    private static final Comparator<Diagnostic> ORDER = Comparator
            .comparingInt((Diagnostic d) -> d.layer.orElse(-1))
            .thenComparing(d -> d.path.orElse(""))
            .thenComparing(Diagnostic::source)
            .thenComparing(Diagnostic::severity)
            .thenComparing(Diagnostic::message);

    /** How serious a diagnostic is. */
    public enum Severity {
        /** Informational: something was skipped on purpose (for example a GIT range). */
        INFO,
        /** Part of the input could not be used; results may be incomplete. */
        WARNING,
        /** A whole unit (a layer, a database) could not be read. */
        ERROR
    }

    public Diagnostic {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(layer, "layer");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    /** A diagnostic about a path in a layer. */
    public static Diagnostic of(Severity severity, String source, int layer, String path, String message) {
        return new Diagnostic(severity, source, OptionalInt.of(layer), Optional.ofNullable(path), message);
    }

    /** Orders by layer, path, source, severity and message, for deterministic reports. */
    @Override
    public int compareTo(Diagnostic other) {
        return ORDER.compare(this, other);
    }
}
