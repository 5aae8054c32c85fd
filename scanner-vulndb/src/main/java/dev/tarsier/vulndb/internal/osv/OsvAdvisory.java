package dev.tarsier.vulndb.internal.osv;

import dev.tarsier.api.Severity;
import dev.tarsier.vulndb.internal.enrich.Rating;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One advisory as the database stores it: the parts of an OSV record the matcher needs.
 *
 * @param id the record id ({@code GHSA-...}, {@code DSA-...}, {@code CVE-...})
 * @param aliases other ids of the same vulnerability: OSV {@code aliases} and {@code upstream}
 *     (the CVE a distribution record was derived from), without {@code id}, sorted
 * @param modified the record's {@code modified} timestamp as written, empty string when absent
 * @param summary one-line summary, when the record has one
 * @param rating the record-level rating, when the record has a usable one
 * @param affected the affected packages
 */
public record OsvAdvisory(String id, List<String> aliases, String modified, Optional<String> summary,
                          Optional<Rating> rating, List<Affected> affected) {

    public OsvAdvisory {
        Objects.requireNonNull(id, "id");
        aliases = List.copyOf(aliases);
        Objects.requireNonNull(modified, "modified");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(rating, "rating");
        affected = List.copyOf(affected);
    }

    /** The record-level severity, {@link Severity#UNKNOWN} when it has no rating. */
    public Severity severity() {
        return rating.map(Rating::severity).orElse(Severity.UNKNOWN);
    }

    /** The CVSS score of the record-level rating, NaN when none. */
    public double cvssScore() {
        return rating.map(Rating::score).orElse(Double.NaN);
    }

    /**
     * One affected package.
     *
     * @param ecosystem the OSV ecosystem ({@code Debian:12}, {@code Maven}, ...)
     * @param name the package name in that ecosystem
     * @param ranges the version ranges
     * @param versions explicitly listed affected versions
     * @param rating a per-package rating overriding the record's, when the record gives one
     */
    public record Affected(String ecosystem, String name, List<Range> ranges, List<String> versions,
                           Optional<Rating> rating) {
        public Affected {
            Objects.requireNonNull(ecosystem, "ecosystem");
            Objects.requireNonNull(name, "name");
            ranges = List.copyOf(ranges);
            versions = List.copyOf(versions);
            Objects.requireNonNull(rating, "rating");
        }

        /** The per-package severity, when there is one. */
        public Optional<Severity> severity() {
            return rating.map(Rating::severity);
        }
    }

    /** Range types the matcher evaluates. */
    public enum RangeType {
        /** OSV {@code ECOSYSTEM}: versions ordered by the ecosystem's scheme. */
        ECOSYSTEM,
        /** OSV {@code SEMVER}: versions ordered by SemVer 2.0.0. */
        SEMVER,
        /**
         * Node.js security WG: a {@code vulnerable} and a {@code patched} node-semver range (events
         * {@link EventKind#VULNERABLE} and {@link EventKind#PATCHED}).
         */
        NODE_SEMVER
    }

    /** Event kinds: OSV's four, plus the two node-semver expressions. */
    public enum EventKind {
        INTRODUCED, FIXED, LAST_AFFECTED, LIMIT, VULNERABLE, PATCHED
    }

    /**
     * One event.
     *
     * @param kind the kind
     * @param value a version, or for node-semver events a range expression
     */
    public record Event(EventKind kind, String value) {
        public Event {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(value, "value");
        }
    }

    /**
     * A range: its type and events in the order the record lists them.
     *
     * @param type the type
     * @param events the events
     */
    public record Range(RangeType type, List<Event> events) {
        public Range {
            Objects.requireNonNull(type, "type");
            events = List.copyOf(events);
        }
    }
}
