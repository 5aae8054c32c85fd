package dev.tarsier.report;

import java.util.Locale;

/**
 * The report formats {@link ReportWriter} writes.
 *
 * @since 0.1
 */
public enum ReportFormat {
    /** Tarsier's own JSON report (the contract in the README). */
    JSON,
    /** Human-readable text, grouped by layer; fits 80 columns. */
    TABLE,
    /** CycloneDX 1.6 JSON: an SBOM, plus vulnerabilities when the image was matched. */
    CYCLONEDX,
    /** SPDX 2.3 JSON SBOM. */
    SPDX,
    /** SARIF 2.1.0, as GitHub code scanning accepts it. */
    SARIF;

    /** The name used on the command line ({@code json}, {@code cyclonedx}, ...). */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a format name case-insensitively.
     *
     * @throws IllegalArgumentException naming the valid formats, for any other value
     */
    public static ReportFormat parse(String value) {
        for (ReportFormat f : values()) {
            if (f.id().equalsIgnoreCase(value.strip())) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown format '" + value + "' (expected json, table, cyclonedx, spdx or sarif)");
    }
}
