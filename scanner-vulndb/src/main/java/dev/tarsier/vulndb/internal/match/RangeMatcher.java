package dev.tarsier.vulndb.internal.match;

import dev.tarsier.api.spi.InvalidVersionException;
import dev.tarsier.api.spi.Version;
import dev.tarsier.api.spi.VersionScheme;
import dev.tarsier.vulndb.internal.osv.OsvAdvisory.Event;
import dev.tarsier.vulndb.internal.osv.OsvAdvisory.EventKind;
import dev.tarsier.vulndb.internal.osv.OsvAdvisory.Range;
import dev.tarsier.vulndb.internal.version.SemverRange;
import dev.tarsier.vulndb.internal.version.SemverVersionScheme;
import dev.tarsier.vulndb.internal.version.SemverVersionScheme.SemverVersion;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Evaluates OSV ranges against an installed version (OSV schema, "Evaluation"): events are
 * sorted by version, {@code introduced: "0"} first; walking up to the installed version,
 * {@code introduced} opens an affected interval, {@code fixed} closes it at that version
 * (exclusive), {@code last_affected} closes it after that version (inclusive); any
 * {@code limit} at or below the installed version excludes it. A range whose versions do not parse
 * is skipped and reported, never guessed.
 */
public final class RangeMatcher {

    private RangeMatcher() {
    }

    /** The outcome for one range: affected or not, and the fixes above the installed version. */
    public record Outcome(boolean affected, List<String> fixedVersions) {
    }

    private static final Outcome NOT_AFFECTED = new Outcome(false, List.of());

    /**
     * Evaluates one range.
     *
     * @param scheme the ordering of the range's versions (for SEMVER and node ranges: SemVer)
     * @param installed the installed version, parsed with {@code scheme}
     * @param problem receives a message when an advisory version does not parse
     */
    public static Outcome evaluate(Range range, VersionScheme scheme, Version installed, Consumer<String> problem) {
        return switch (range.type()) {
            case NODE_SEMVER -> nodeSemver(range, installed, problem);
            default -> osv(range, scheme, installed, problem);
        };
    }

    private static Outcome osv(Range range, VersionScheme scheme, Version installed, Consumer<String> problem) {
        List<Event> events = range.events();
        int n = events.size();
        Version[] parsed = new Version[n];
        for (int i = 0; i < n; i++) {
            Event e = events.get(i);
            if (e.kind() == EventKind.INTRODUCED && e.value().equals("0")) {
                continue; // the sentinel: before every version
            }
            try {
                parsed[i] = scheme.parse(e.value());
            } catch (InvalidVersionException ex) {
                problem.accept(ex.getMessage());
                return NOT_AFFECTED;
            }
        }
        // Limits bound the whole range.
        for (int i = 0; i < n; i++) {
            if (events.get(i).kind() == EventKind.LIMIT && parsed[i].compareInstalled(installed) >= 0) {
                return NOT_AFFECTED;
            }
        }
        // Walk the events at or below the installed version in version order. Equivalent to
        // sorting: the state is decided by the highest-ordered event at or below the version.
        int best = -1;
        for (int i = 0; i < n; i++) {
            EventKind k = events.get(i).kind();
            if (k == EventKind.LIMIT) {
                continue;
            }
            boolean applies = switch (k) {
                case INTRODUCED -> parsed[i] == null || parsed[i].compareInstalled(installed) >= 0;
                case FIXED -> parsed[i].compareInstalled(installed) >= 0;
                // last_affected closes the interval only above that version.
                case LAST_AFFECTED -> parsed[i].compareInstalled(installed) > 0;
                default -> false;
            };
            if (applies && (best < 0 || later(parsed, events, i, best))) {
                best = i;
            }
        }
        if (best < 0 || events.get(best).kind() != EventKind.INTRODUCED) {
            return NOT_AFFECTED;
        }
        // Fixes that close the interval: fixed events above the installed version.
        List<String> fixes = new ArrayList<>(1);
        Version lowest = null;
        for (int i = 0; i < n; i++) {
            if (events.get(i).kind() == EventKind.FIXED && parsed[i].compareInstalled(installed) < 0
                    && (lowest == null || parsed[i].compareTo(lowest) < 0)) {
                lowest = parsed[i];
            }
        }
        if (lowest != null) {
            fixes.add(lowest.text());
        }
        return new Outcome(true, fixes);
    }

    /** Whether event i comes after event j in version order (at equal versions, closing events win). */
    private static boolean later(Version[] parsed, List<Event> events, int i, int j) {
        if (parsed[j] == null) {
            return true;
        }
        if (parsed[i] == null) {
            return false;
        }
        int c = parsed[i].compareTo(parsed[j]);
        if (c != 0) {
            return c > 0;
        }
        return events.get(i).kind() != EventKind.INTRODUCED;
    }

    private static Outcome nodeSemver(Range range, Version installed, Consumer<String> problem) {
        SemverRange vulnerable = null;
        SemverRange patched = null;
        try {
            for (Event e : range.events()) {
                if (e.kind() == EventKind.VULNERABLE) {
                    vulnerable = SemverRange.parse(e.value());
                } else if (e.kind() == EventKind.PATCHED) {
                    patched = SemverRange.parse(e.value());
                }
            }
        } catch (InvalidVersionException ex) {
            problem.accept(ex.getMessage());
            return NOT_AFFECTED;
        }
        SemverVersion v = (SemverVersion) installed;
        if (vulnerable == null || !vulnerable.test(v) || (patched != null && patched.test(v))) {
            return NOT_AFFECTED;
        }
        List<String> fixes = new ArrayList<>();
        if (patched != null) {
            for (SemverVersion b : patched.lowerBounds()) {
                if (b.compareTo(v) > 0) {
                    fixes.add(b.text());
                }
            }
        }
        return new Outcome(true, fixes);
    }

    /** The scheme id used for a range type whose ordering does not depend on the ecosystem. */
    public static boolean usesSemver(Range range) {
        return range.type() != dev.tarsier.vulndb.internal.osv.OsvAdvisory.RangeType.ECOSYSTEM;
    }

    /** Id of the SemVer scheme. */
    public static final String SEMVER = SemverVersionScheme.ID;
}
