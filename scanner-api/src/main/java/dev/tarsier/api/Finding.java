package dev.tarsier.api;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A vulnerability that affects a package of the image: one per (package, vulnerability) after
 * aliases were folded.
 *
 * @param id the advisory id reported (a CVE id when the record has one, otherwise the record's own
 *     id); never null
 * @param aliases every other id of the same vulnerability, sorted; never null
 * @param severity the severity; {@link Severity#UNKNOWN} when none is known; never null
 * @param cvssScore the CVSS base score the severity came from, when it came from one
 * @param fixedVersions versions that fix the vulnerability for this package, lowest first; empty
 *     when no fix is published; never null
 * @param pkg the affected package (its location gives the introducing layer); never null
 * @param summary a one-line summary, when the advisory has one
 * @param severitySource who gave the severity, when it is known: {@code advisory} (the advisory
 *     record's own CVSS or rating), {@code debian}, {@code ubuntu}, {@code redhat} (the
 *     distribution's rating), {@code nodejs}, {@code nvd}, {@code cna} or {@code cisa-adp} (the CVE
 *     record's containers); see docs/vulnerability-db.md for the resolution order. Since 0.4.
 * @param cvssVector the CVSS vector the score came from, when it came from one. Since 0.4.
 * @param knownExploitedSince when CISA added the vulnerability (its id or an alias) to the Known
 *     Exploited Vulnerabilities catalog; empty when it is not there. Since 0.4.
 * @param epss the FIRST EPSS score of the vulnerability (the highest over its CVE ids), when
 *     known. Since 0.4.
 * @since 0.1
 */
public record Finding(String id, List<String> aliases, Severity severity, OptionalDouble cvssScore,
                      List<String> fixedVersions, Package pkg, Optional<String> summary,
                      Optional<String> severitySource, Optional<String> cvssVector,
                      Optional<LocalDate> knownExploitedSince, Optional<Epss> epss) {

    public Finding {
        Objects.requireNonNull(id, "id");
        aliases = List.copyOf(aliases);
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(cvssScore, "cvssScore");
        fixedVersions = List.copyOf(fixedVersions);
        Objects.requireNonNull(pkg, "pkg");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(severitySource, "severitySource");
        Objects.requireNonNull(cvssVector, "cvssVector");
        Objects.requireNonNull(knownExploitedSince, "knownExploitedSince");
        Objects.requireNonNull(epss, "epss");
    }

    /**
     * A finding without severity provenance or exploitation signals (the 0.1 constructor).
     */
    public Finding(String id, List<String> aliases, Severity severity, OptionalDouble cvssScore,
                   List<String> fixedVersions, Package pkg, Optional<String> summary) {
        this(id, aliases, severity, cvssScore, fixedVersions, pkg, summary, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    /**
     * An Exploit Prediction Scoring System score (FIRST).
     *
     * @param score the probability of exploitation activity in the next 30 days, 0 to 1
     * @param percentile the share of scored vulnerabilities with a lower or equal score, 0 to 1
     * @since 0.4
     */
    public record Epss(double score, double percentile) {
        public Epss {
            if (!(score >= 0 && score <= 1) || !(percentile >= 0 && percentile <= 1)) {
                throw new IllegalArgumentException("EPSS score and percentile lie in [0, 1]: " + score + ", " + percentile);
            }
        }
    }

    /** Whether the vulnerability is in CISA's Known Exploited Vulnerabilities catalog. */
    public boolean knownExploited() {
        return knownExploitedSince.isPresent();
    }

    /** Index of the layer that introduced the affected package. */
    public int layer() {
        return pkg.location().layer();
    }

    /** Whether the affected package is an OS or an application package. */
    public PackageKind kind() {
        return pkg.kind();
    }

    /** Whether any fixed version is known. */
    public boolean fixable() {
        return !fixedVersions.isEmpty();
    }
}
