package dev.tarsier.api;

import java.util.Locale;

/**
 * Severity of a vulnerability, ordered from {@link #UNKNOWN} (lowest) to {@link #CRITICAL}.
 *
 * <p>{@code UNKNOWN} means no usable severity was published; it is never silently turned into
 * {@code LOW}. Policies decide explicitly how it counts.
 *
 * @since 0.1
 */
public enum Severity {
    UNKNOWN, LOW, MEDIUM, HIGH, CRITICAL;

    /**
     * Parses a severity name case-insensitively ({@code high}, {@code HIGH}); {@code MODERATE} (GHSA)
     * is accepted as {@link #MEDIUM} and {@code IMPORTANT} (Red Hat) as {@link #HIGH}.
     *
     * @throws IllegalArgumentException for any other value
     */
    public static Severity parse(String value) {
        String v = value.strip().toUpperCase(Locale.ROOT);
        return switch (v) {
            case "MODERATE" -> MEDIUM;
            case "IMPORTANT" -> HIGH;
            default -> Severity.valueOf(v);
        };
    }

    /**
     * The qualitative rating of a CVSS v3/v4 base score (CVSS v3.1 specification, section 5):
     * 9.0-10.0 critical, 7.0-8.9 high, 4.0-6.9 medium, below 4.0 low (the spec's "none" for 0.0 is
     * reported as low, since a published score means the issue was assessed).
     */
    public static Severity ofCvssScore(double score) {
        if (score >= 9.0) {
            return CRITICAL;
        } else if (score >= 7.0) {
            return HIGH;
        } else if (score >= 4.0) {
            return MEDIUM;
        }
        return LOW;
    }

    /** Whether this severity is at least as severe as {@code other}. */
    public boolean atLeast(Severity other) {
        return compareTo(other) >= 0;
    }
}
