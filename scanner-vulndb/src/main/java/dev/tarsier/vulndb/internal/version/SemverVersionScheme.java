package dev.tarsier.vulndb.internal.version;

import dev.tarsier.api.spi.InvalidVersionException;
import dev.tarsier.api.spi.Version;
import dev.tarsier.api.spi.VersionScheme;

import java.util.Set;

/**
 * Semantic Versioning 2.0.0 ordering (semver.org), used for npm packages, Rust crates ({@code crates.io}) and the node runtime.
 *
 * <p>{@code MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]}: the three numbers compare numerically (any
 * size, compared on their digits), a version with a pre-release sorts before the same version
 * without (§11.3), pre-release identifiers compare dot by dot, numeric identifiers numerically and
 * below alphanumeric ones, alphanumeric ones in ASCII order, a shorter list first when all shared
 * identifiers are equal (§11.4); build metadata is ignored (§10).
 *
 * <p>Like node-semver, a leading {@code v} or {@code =} is accepted ({@code v1.2.3}). Rejected:
 * fewer or more than three numbers, leading zeros in numbers or numeric pre-release identifiers
 * (§2, §9), empty identifiers and characters outside {@code [0-9A-Za-z-]}.
 */
public final class SemverVersionScheme implements VersionScheme {

    /** Scheme id. */
    public static final String ID = "semver";

    /** Ecosystem name the matcher uses for the node runtime binary (not an OSV ecosystem). */
    public static final String NODE_RUNTIME_ECOSYSTEM = "node-runtime";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Set<String> ecosystems() {
        return Set.of("npm", "crates.io", NODE_RUNTIME_ECOSYSTEM);
    }

    @Override
    public SemverVersion parse(String text) throws InvalidVersionException {
        return parseVersion(text);
    }

    /** Parses a full SemVer version (see the class comment for what is accepted). */
    public static SemverVersion parseVersion(String text) throws InvalidVersionException {
        int pos = 0;
        if (!text.isEmpty() && (text.charAt(0) == 'v' || text.charAt(0) == 'V' || text.charAt(0) == '=')) {
            pos = 1;
        }
        int plus = text.indexOf('+', pos);
        int end = plus >= 0 ? plus : text.length();
        if (plus >= 0) {
            checkIdentifiers(text, text.substring(plus + 1), false);
        }
        int hyphen = text.indexOf('-', pos);
        if (hyphen > end) {
            hyphen = -1;
        }
        String core = text.substring(pos, hyphen >= 0 ? hyphen : end);
        String[] nums = core.split("\\.", -1);
        if (nums.length != 3) {
            throw new InvalidVersionException(ID, text, "expected MAJOR.MINOR.PATCH");
        }
        for (String n : nums) {
            checkNumber(text, n);
        }
        String[] pre = NO_PRERELEASE;
        if (hyphen >= 0) {
            String p = text.substring(hyphen + 1, end);
            checkIdentifiers(text, p, true);
            pre = p.split("\\.", -1);
        }
        return new SemverVersion(text, nums[0], nums[1], nums[2], pre);
    }

    private static final String[] NO_PRERELEASE = new String[0];

    private static void checkNumber(String text, String n) throws InvalidVersionException {
        if (n.isEmpty()) {
            throw new InvalidVersionException(ID, text, "empty number");
        }
        for (int i = 0; i < n.length(); i++) {
            char c = n.charAt(i);
            if (c < '0' || c > '9') {
                throw new InvalidVersionException(ID, text, "non-numeric version number '" + n + "'");
            }
        }
        if (n.length() > 1 && n.charAt(0) == '0') {
            throw new InvalidVersionException(ID, text, "leading zero in '" + n + "'");
        }
    }

    private static void checkIdentifiers(String text, String ids, boolean prerelease)
            throws InvalidVersionException {
        for (String id : ids.split("\\.", -1)) {
            if (id.isEmpty()) {
                throw new InvalidVersionException(ID, text, "empty identifier");
            }
            boolean numeric = true;
            for (int i = 0; i < id.length(); i++) {
                char c = id.charAt(i);
                boolean digit = c >= '0' && c <= '9';
                if (!digit && !(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z') && c != '-') {
                    throw new InvalidVersionException(ID, text, "invalid character '" + c + "'");
                }
                numeric &= digit;
            }
            if (prerelease && numeric && id.length() > 1 && id.charAt(0) == '0') {
                throw new InvalidVersionException(ID, text, "leading zero in pre-release '" + id + "'");
            }
        }
    }

    static int compareNumeric(String a, String b) {
        if (a.length() != b.length()) {
            return a.length() < b.length() ? -1 : 1;
        }
        return Integer.signum(a.compareTo(b));
    }

    private static boolean isNumeric(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** A parsed SemVer version. */
    public static final class SemverVersion implements Version {
        private final String text;
        final String major;
        final String minor;
        final String patch;
        private final String[] pre;
        private final boolean[] preNumeric;

        SemverVersion(String text, String major, String minor, String patch, String[] pre) {
            this.text = text;
            this.major = major;
            this.minor = minor;
            this.patch = patch;
            this.pre = pre;
            this.preNumeric = new boolean[pre.length];
            for (int i = 0; i < pre.length; i++) {
                preNumeric[i] = isNumeric(pre[i]);
            }
        }

        /** Builds a version from numbers and pre-release identifiers (for range desugaring). */
        static SemverVersion of(long major, long minor, long patch, String... pre) {
            String t = major + "." + minor + "." + patch + (pre.length == 0 ? "" : "-" + String.join(".", pre));
            return new SemverVersion(t, Long.toString(major), Long.toString(minor), Long.toString(patch), pre);
        }

        /** Whether the version has pre-release identifiers. */
        public boolean isPrerelease() {
            return pre.length > 0;
        }

        @Override
        public String text() {
            return text;
        }

        @Override
        public int compareTo(Version o) {
            SemverVersion other = (SemverVersion) o;
            int c = compareNumeric(major, other.major);
            if (c == 0) {
                c = compareNumeric(minor, other.minor);
            }
            if (c == 0) {
                c = compareNumeric(patch, other.patch);
            }
            return c != 0 ? c : comparePrerelease(other);
        }

        private int comparePrerelease(SemverVersion other) {
            if (pre.length == 0 || other.pre.length == 0) {
                // §11.3: a release is newer than any of its pre-releases.
                return pre.length == other.pre.length ? 0 : (pre.length == 0 ? 1 : -1);
            }
            int n = Math.min(pre.length, other.pre.length);
            for (int i = 0; i < n; i++) {
                int c;
                if (preNumeric[i] && other.preNumeric[i]) {
                    c = compareNumeric(pre[i], other.pre[i]);
                } else if (preNumeric[i] != other.preNumeric[i]) {
                    c = preNumeric[i] ? -1 : 1;
                } else {
                    c = Integer.signum(pre[i].compareTo(other.pre[i]));
                }
                if (c != 0) {
                    return c;
                }
            }
            return Integer.compare(pre.length, other.pre.length);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof SemverVersion other && compareTo(other) == 0;
        }

        @Override
        public int hashCode() {
            return major.hashCode() * 31 + minor.hashCode();
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
