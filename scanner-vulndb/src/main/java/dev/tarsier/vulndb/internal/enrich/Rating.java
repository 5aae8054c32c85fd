package dev.tarsier.vulndb.internal.enrich;

import dev.tarsier.api.Severity;
import dev.tarsier.vulndb.internal.cvss.Cvss;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One severity rating of a vulnerability and where it came from.
 *
 * @param severity the severity; never {@link Severity#UNKNOWN} (no rating is then an empty Optional)
 * @param score the CVSS base score the severity came from, NaN when it came from a textual rating
 * @param vector the CVSS vector as published ({@code CVSS:3.1/AV:N/...}), empty when none
 * @param source who rated it: one of the {@code SOURCE_*} constants
 */
public record Rating(Severity severity, double score, String vector, String source) {

    /** The advisory record's own CVSS vector or severity. */
    public static final String SOURCE_ADVISORY = "advisory";
    /** Debian's {@code urgency} of the source package. */
    public static final String SOURCE_DEBIAN = "debian";
    /** Ubuntu's priority. */
    public static final String SOURCE_UBUNTU = "ubuntu";
    /** Red Hat's (and its rebuilds') severity. */
    public static final String SOURCE_REDHAT = "redhat";
    /** NVD's CVSS for the CVE. */
    public static final String SOURCE_NVD = "nvd";
    /** The CVE record's CNA container. */
    public static final String SOURCE_CNA = "cna";
    /** The CVE record's CISA-ADP (Vulnrichment) container. */
    public static final String SOURCE_CISA_ADP = "cisa-adp";
    /** The Node.js security WG's own severity. */
    public static final String SOURCE_NODEJS = "nodejs";

    public Rating {
        Objects.requireNonNull(severity, "severity");
        if (severity == Severity.UNKNOWN) {
            throw new IllegalArgumentException("a rating has a known severity");
        }
        Objects.requireNonNull(vector, "vector");
        Objects.requireNonNull(source, "source");
    }

    /** A textual rating (no CVSS score). */
    public static Rating textual(Severity severity, String source) {
        return new Rating(severity, Double.NaN, "", source);
    }

    /**
     * A rating computed from a CVSS vector (v2, v3.0, v3.1 or v4.0): the base score, and the
     * severity by the qualitative ranges of that version (v2 has no CRITICAL, as NVD rates it).
     *
     * @return empty when the vector does not parse
     */
    public static Optional<Rating> cvss(String vector, String source) {
        if (vector == null) {
            return Optional.empty();
        }
        String v = vector.strip();
        OptionalDouble score = Cvss.baseScore(v);
        if (score.isEmpty()) {
            return Optional.empty();
        }
        double s = score.getAsDouble();
        boolean v2 = !v.startsWith("CVSS:3") && !v.startsWith("CVSS:4");
        return Optional.of(new Rating(v2 ? ofCvss2(s) : Severity.ofCvssScore(s), s, v, source));
    }

    /**
     * A rating as a feed publishes it: a CVSS vector with the feed's own base score and
     * qualitative severity. The published score wins over the one computed from the vector when
     * they differ (the feed is the authority for its own numbers, and a vector this library cannot
     * score still counts); the published severity wins over the score's range when it is a
     * severity word ({@code NONE} is not one, so a 0.0 score is LOW as in {@link Severity#ofCvssScore}).
     *
     * @param vector the vector string, possibly blank
     * @param publishedScore the published base score, when present
     * @param publishedSeverity the published severity word, when present
     * @param source who rated it
     * @return empty when there is neither a scorable vector nor a published score in 0..10
     */
    public static Optional<Rating> published(String vector, OptionalDouble publishedScore,
                                             Optional<String> publishedSeverity, String source) {
        Objects.requireNonNull(source, "source");
        String v = vector == null ? "" : vector.strip();
        Optional<Rating> computed = cvss(v, source);
        boolean scoreValid = publishedScore.isPresent() && publishedScore.getAsDouble() >= 0
                && publishedScore.getAsDouble() <= 10;
        if (computed.isEmpty() && !scoreValid) {
            return Optional.empty();
        }
        double score = scoreValid ? publishedScore.getAsDouble() : computed.orElseThrow().score();
        boolean v2 = !v.isEmpty() && !v.startsWith("CVSS:3") && !v.startsWith("CVSS:4");
        Severity severity = publishedSeverity.flatMap(Rating::severityWord)
                .orElseGet(() -> v2 ? ofCvss2(score) : Severity.ofCvssScore(score));
        return Optional.of(new Rating(severity, score, v, source));
    }

    /** A qualitative severity word ({@code HIGH}, {@code Moderate}, ...), when it names one. */
    public static Optional<Severity> severityWord(String word) {
        try {
            Severity s = Severity.parse(word);
            return s == Severity.UNKNOWN ? Optional.empty() : Optional.of(s);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** CVSS v2 qualitative ranges (NVD): low below 4.0, medium below 7.0, high from 7.0. */
    public static Severity ofCvss2(double score) {
        return score >= 7.0 ? Severity.HIGH : score >= 4.0 ? Severity.MEDIUM : Severity.LOW;
    }

    /** Whether the severity was computed from a CVSS score. */
    public boolean fromCvss() {
        return !Double.isNaN(score);
    }

    /** The vector, when there is one. */
    public Optional<String> cvssVector() {
        return vector.isEmpty() ? Optional.empty() : Optional.of(vector);
    }

    /**
     * Rank in the documented resolution order, lowest first: the advisory's own CVSS, then a
     * distribution's (or the advisory publisher's) own rating, then NVD, the CNA, CISA-ADP.
     */
    public int rank() {
        return switch (source) {
            case SOURCE_ADVISORY, SOURCE_NODEJS -> fromCvss() ? 0 : 1;
            case SOURCE_DEBIAN, SOURCE_UBUNTU, SOURCE_REDHAT -> 1;
            case SOURCE_NVD -> 2;
            case SOURCE_CNA -> 3;
            case SOURCE_CISA_ADP -> 4;
            default -> 5;
        };
    }

    /**
     * Whether this rating is preferred to another: lower rank first, then the higher severity, then
     * one with a score.
     */
    public boolean betterThan(Rating other) {
        if (rank() != other.rank()) {
            return rank() < other.rank();
        }
        int c = severity.compareTo(other.severity);
        if (c != 0) {
            return c > 0;
        }
        return fromCvss() && !other.fromCvss();
    }
}
