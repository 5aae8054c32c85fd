package dev.tarsier.vulndb.internal.version;

import dev.tarsier.api.spi.InvalidVersionException;
import dev.tarsier.vulndb.internal.version.SemverVersionScheme.SemverVersion;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A node-semver range ({@code github.com/npm/node-semver}, "Ranges"): comparator sets joined by
 * {@code ||}, each a whitespace-separated conjunction of comparators.
 *
 * <p>Supported syntax and its desugaring (node-semver's "Advanced Range Syntax"):
 * <ul>
 *   <li>primitives {@code <}, {@code <=}, {@code >}, {@code >=}, {@code =} and a bare version;</li>
 *   <li>X-ranges {@code *}, {@code 1.x}, {@code 1.2.X}, and partial versions {@code 1},
 *       {@code 1.2}: {@code 1.2.x} means {@code >=1.2.0 <1.3.0-0};</li>
 *   <li>hyphen ranges {@code 1.2 - 2.3.4}: {@code >=1.2.0 <=2.3.4}; a partial upper bound is
 *       exclusive of the next minor/major ({@code - 2.3} is {@code <2.4.0-0});</li>
 *   <li>tilde {@code ~1.2.3} ({@code >=1.2.3 <1.3.0-0}) and caret {@code ^1.2.3}
 *       ({@code >=1.2.3 <2.0.0-0}; {@code ^0.2.3} is {@code <0.3.0-0}, {@code ^0.0.3} is
 *       {@code <0.0.4-0});</li>
 *   <li>whitespace between an operator and its version ({@code >= 10.9.0}).</li>
 * </ul>
 *
 * <p>Pre-releases: a scanner must not skip a pre-release of a vulnerable line, so ranges are
 * evaluated the way node-semver's {@code includePrerelease} option does: every version is tested
 * against the comparators by plain SemVer order. The {@code -0} on exclusive upper bounds keeps
 * pre-releases of the next line out ({@code 2.0.0-rc.1} does not satisfy {@code ^1.2.3}).
 *
 * <p>Immutable and thread-safe; {@link #test} allocates nothing.
 */
public final class SemverRange {

    private static final int LT = 0;
    private static final int LE = 1;
    private static final int GT = 2;
    private static final int GE = 3;
    private static final int EQ = 4;

    private final String text;
    private final int[][] ops;
    private final SemverVersion[][] bounds;

    private SemverRange(String text, int[][] ops, SemverVersion[][] bounds) {
        this.text = text;
        this.ops = ops;
        this.bounds = bounds;
    }

    /**
     * Parses a range.
     *
     * @throws InvalidVersionException when the text is not a node-semver range
     */
    public static SemverRange parse(String text) throws InvalidVersionException {
        Objects.requireNonNull(text, "text");
        String[] sets = text.split("\\|\\|", -1);
        int[][] ops = new int[sets.length][];
        SemverVersion[][] bounds = new SemverVersion[sets.length][];
        for (int s = 0; s < sets.length; s++) {
            List<Integer> o = new ArrayList<>();
            List<SemverVersion> b = new ArrayList<>();
            parseSet(text, sets[s].strip(), o, b);
            ops[s] = o.stream().mapToInt(Integer::intValue).toArray();
            bounds[s] = b.toArray(new SemverVersion[0]);
        }
        return new SemverRange(text, ops, bounds);
    }

    /** The range text as parsed. */
    public String text() {
        return text;
    }

    /** Whether the version satisfies the range (see the class comment on pre-releases). */
    public boolean test(SemverVersion v) {
        for (int s = 0; s < ops.length; s++) {
            if (satisfies(ops[s], bounds[s], v)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The lower bounds of the comparator sets ({@code >=} and {@code =} versions): for a
     * "patched" range such as {@code ^18.20.2 || ^20.12.2} these are the fixed versions.
     */
    public List<SemverVersion> lowerBounds() {
        List<SemverVersion> out = new ArrayList<>();
        for (int s = 0; s < ops.length; s++) {
            for (int c = 0; c < ops[s].length; c++) {
                if (ops[s][c] == GE || ops[s][c] == EQ) {
                    if (!(bounds[s][c].major.equals("0") && bounds[s][c].minor.equals("0")
                            && bounds[s][c].patch.equals("0") && !bounds[s][c].isPrerelease())) {
                        out.add(bounds[s][c]);
                    }
                }
            }
        }
        return out;
    }

    private static boolean satisfies(int[] ops, SemverVersion[] bounds, SemverVersion v) {
        for (int i = 0; i < ops.length; i++) {
            int c = v.compareTo(bounds[i]);
            boolean ok = switch (ops[i]) {
                case LT -> c < 0;
                case LE -> c <= 0;
                case GT -> c > 0;
                case GE -> c >= 0;
                default -> c == 0;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static void parseSet(String range, String set, List<Integer> ops, List<SemverVersion> bounds)
            throws InvalidVersionException {
        // Glue operators to their versions so ">= 1.2.3" is one token.
        String glued = set.replaceAll("(<=|>=|<|>|=|~>|~|\\^)\\s+", "$1");
        String[] tokens = glued.isEmpty() ? new String[0] : glued.split("\\s+");
        if (tokens.length == 3 && tokens[1].equals("-")) {
            Partial lo = Partial.parse(range, tokens[0]);
            Partial hi = Partial.parse(range, tokens[2]);
            if (!lo.isAny()) {
                ops.add(GE);
                bounds.add(lo.floor());
            }
            addUpper(hi, true, ops, bounds);
            return;
        }
        if (tokens.length == 0) {
            return;
        }
        for (String token : tokens) {
            if (token.equals("-")) {
                throw new InvalidVersionException(SemverVersionScheme.ID, range, "misplaced hyphen range");
            }
            parseComparator(range, token, ops, bounds);
        }
    }

    private static void parseComparator(String range, String token, List<Integer> ops, List<SemverVersion> bounds)
            throws InvalidVersionException {
        String op;
        if (token.startsWith(">=") || token.startsWith("<=") || token.startsWith("~>")) {
            op = token.substring(0, 2);
        } else if (token.startsWith(">") || token.startsWith("<") || token.startsWith("=")
                || token.startsWith("~") || token.startsWith("^")) {
            op = token.substring(0, 1);
        } else {
            op = "";
        }
        Partial p = Partial.parse(range, token.substring(op.length()));
        switch (op) {
            case "~", "~>" -> {
                // ~1.2.3 := >=1.2.3 <1.3.0-0; ~1 := >=1.0.0 <2.0.0-0
                if (p.isAny()) {
                    return;
                }
                ops.add(GE);
                bounds.add(p.floor());
                ops.add(LT);
                bounds.add(p.minor < 0 ? SemverVersion.of(p.major + 1, 0, 0, "0")
                        : SemverVersion.of(p.major, p.minor + 1, 0, "0"));
            }
            case "^" -> {
                if (p.isAny()) {
                    return;
                }
                ops.add(GE);
                bounds.add(p.floor());
                ops.add(LT);
                // The first non-zero number of major.minor.patch is the one that may not change.
                if (p.major > 0 || p.minor < 0) {
                    bounds.add(SemverVersion.of(p.major + 1, 0, 0, "0"));
                } else if (p.minor > 0 || p.patch < 0) {
                    bounds.add(SemverVersion.of(0, p.minor + 1, 0, "0"));
                } else {
                    bounds.add(SemverVersion.of(0, 0, p.patch + 1, "0"));
                }
            }
            case "", "=" -> {
                if (p.isAny()) {
                    return;
                }
                if (p.full != null) {
                    ops.add(EQ);
                    bounds.add(p.full);
                } else {
                    ops.add(GE);
                    bounds.add(p.floor());
                    addUpper(p, false, ops, bounds);
                }
            }
            case ">" -> {
                if (p.isAny()) {
                    // ">*" matches nothing: an impossible comparator.
                    ops.add(LT);
                    bounds.add(SemverVersion.of(0, 0, 0, "0"));
                } else if (p.full != null) {
                    ops.add(GT);
                    bounds.add(p.full);
                } else {
                    ops.add(GE);
                    bounds.add(p.minor < 0 ? SemverVersion.of(p.major + 1, 0, 0)
                            : SemverVersion.of(p.major, p.minor + 1, 0));
                }
            }
            case ">=" -> {
                if (!p.isAny()) {
                    ops.add(GE);
                    bounds.add(p.floor());
                }
            }
            case "<" -> {
                ops.add(LT);
                bounds.add(p.isAny() ? SemverVersion.of(0, 0, 0, "0") : p.full != null ? p.full : p.floorPre());
            }
            case "<=" -> {
                if (p.full != null) {
                    ops.add(LE);
                    bounds.add(p.full);
                } else if (!p.isAny()) {
                    addUpper(p, false, ops, bounds);
                }
            }
            default -> throw new InvalidVersionException(SemverVersionScheme.ID, range, "unknown operator");
        }
    }

    /** Adds the upper bound of a partial version used inclusively ({@code <=1.2} is {@code <1.3.0-0}). */
    private static void addUpper(Partial p, boolean hyphen, List<Integer> ops, List<SemverVersion> bounds) {
        if (p.isAny()) {
            return;
        }
        if (p.full != null) {
            ops.add(LE);
            bounds.add(p.full);
        } else if (p.minor < 0) {
            ops.add(LT);
            bounds.add(SemverVersion.of(p.major + 1, 0, 0, "0"));
        } else {
            ops.add(LT);
            bounds.add(SemverVersion.of(p.major, p.minor + 1, 0, "0"));
        }
    }

    /** A possibly partial version: missing or wildcard parts are -1; {@code full} when complete. */
    private static final class Partial {
        final long major;
        final long minor;
        final long patch;
        final SemverVersion full;

        private Partial(long major, long minor, long patch, SemverVersion full) {
            this.major = major;
            this.minor = minor;
            this.patch = patch;
            this.full = full;
        }

        static Partial parse(String range, String s) throws InvalidVersionException {
            String t = s.startsWith("v") || s.startsWith("=") ? s.substring(1) : s;
            if (t.isEmpty() || t.equals("*") || t.equalsIgnoreCase("x")) {
                return new Partial(-1, -1, -1, null);
            }
            int cut = t.length();
            for (int i = 0; i < t.length(); i++) {
                if (t.charAt(i) == '-' || t.charAt(i) == '+') {
                    cut = i;
                    break;
                }
            }
            String[] parts = t.substring(0, cut).split("\\.", -1);
            if (parts.length > 3) {
                throw new InvalidVersionException(SemverVersionScheme.ID, range, "too many numbers in '" + s + "'");
            }
            long[] n = {-1, -1, -1};
            for (int i = 0; i < parts.length; i++) {
                String part = parts[i];
                if (part.equals("*") || part.equalsIgnoreCase("x")) {
                    break;
                }
                try {
                    n[i] = Long.parseLong(part);
                } catch (NumberFormatException e) {
                    throw new InvalidVersionException(SemverVersionScheme.ID, range, "bad number in '" + s + "'");
                }
                if (n[i] < 0) {
                    throw new InvalidVersionException(SemverVersionScheme.ID, range, "bad number in '" + s + "'");
                }
            }
            if (n[2] >= 0 && (n[1] < 0 || n[0] < 0) || n[1] >= 0 && n[0] < 0) {
                throw new InvalidVersionException(SemverVersionScheme.ID, range, "wildcard before a number in '" + s + "'");
            }
            SemverVersion full = n[2] >= 0 ? SemverVersionScheme.parseVersion(t) : null;
            if (full == null && cut < t.length()) {
                throw new InvalidVersionException(SemverVersionScheme.ID, range,
                        "pre-release on a partial version '" + s + "'");
            }
            return new Partial(n[0], n[1], n[2], full);
        }

        boolean isAny() {
            return major < 0;
        }

        SemverVersion floor() {
            return full != null ? full : SemverVersion.of(major, Math.max(minor, 0), Math.max(patch, 0));
        }

        SemverVersion floorPre() {
            return SemverVersion.of(major, Math.max(minor, 0), Math.max(patch, 0), "0");
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
