package dev.tarsier.vulndb.internal.version;

import dev.tarsier.api.spi.InvalidVersionException;
import dev.tarsier.api.spi.Version;
import dev.tarsier.api.spi.VersionScheme;

import java.util.Set;

/**
 * dpkg version ordering, as specified by Debian Policy §5.6.12 ("Version") and implemented by
 * {@code dpkg --compare-versions}.
 *
 * <p>A version is {@code [epoch:]upstream_version[-debian_revision]}. The epoch is an unsigned
 * integer (default 0); the revision is everything after the last hyphen (default empty, which
 * compares equal to {@code 0}). Epochs compare numerically; upstream version and revision compare
 * with the policy's string algorithm: alternating non-digit and digit runs, where in a non-digit
 * run letters sort before non-letters and {@code ~} sorts before everything, even the end of the
 * string, and digit runs compare numerically.
 *
 * <p>Rejected: empty strings, whitespace, a non-numeric epoch, an empty upstream version, an
 * upstream version not starting with a digit (Policy: "must start with a digit"; dpkg itself
 * refuses it for {@code --compare-versions} since 1.17) and characters outside
 * {@code [A-Za-z0-9.+~-]} (plus {@code :} in the upstream version when an epoch is present).
 */
public final class DebVersionScheme implements VersionScheme {

    /** Scheme id. */
    public static final String ID = "deb";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Set<String> ecosystems() {
        return Set.of("Debian", "Ubuntu");
    }

    @Override
    public Version parse(String text) throws InvalidVersionException {
        if (text.isEmpty()) {
            throw new InvalidVersionException(ID, text, "empty");
        }
        int colon = text.indexOf(':');
        long epoch = 0;
        int upstreamStart = 0;
        if (colon >= 0) {
            if (colon == 0 || colon > 9) {
                throw new InvalidVersionException(ID, text, "epoch must be a small unsigned integer");
            }
            for (int i = 0; i < colon; i++) {
                char c = text.charAt(i);
                if (c < '0' || c > '9') {
                    throw new InvalidVersionException(ID, text, "epoch must be numeric");
                }
                epoch = epoch * 10 + (c - '0');
            }
            upstreamStart = colon + 1;
        }
        int hyphen = text.lastIndexOf('-');
        int upstreamEnd = hyphen > upstreamStart ? hyphen : text.length();
        String upstream = text.substring(upstreamStart, upstreamEnd);
        String revision = hyphen > upstreamStart ? text.substring(hyphen + 1) : "";
        if (upstream.isEmpty()) {
            throw new InvalidVersionException(ID, text, "empty upstream version");
        }
        if (upstream.charAt(0) < '0' || upstream.charAt(0) > '9') {
            throw new InvalidVersionException(ID, text, "upstream version must start with a digit");
        }
        for (int i = 0; i < upstream.length(); i++) {
            char c = upstream.charAt(i);
            if (!isAllowed(c) && !(c == '-') && !(c == ':' && colon >= 0)) {
                throw new InvalidVersionException(ID, text, "invalid character '" + c + "' in upstream version");
            }
        }
        for (int i = 0; i < revision.length(); i++) {
            char c = revision.charAt(i);
            if (!isAllowed(c)) {
                throw new InvalidVersionException(ID, text, "invalid character '" + c + "' in revision");
            }
        }
        return new DebVersion(text, epoch, upstream, revision);
    }

    private static boolean isAllowed(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                || c == '.' || c == '+' || c == '~';
    }

    /**
     * Policy's weight of a character in a non-digit run: {@code ~} lowest, then the end of the
     * run, then letters in ASCII order, then everything else in ASCII order.
     */
    private static int order(char c) {
        if (c == '~') {
            return -1;
        } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
            return c;
        }
        return c + 256;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Policy §5.6.12 comparison of an upstream version or a revision. Allocation-free. */
    static int compareFragment(String a, String b) {
        int i = 0;
        int j = 0;
        int la = a.length();
        int lb = b.length();
        while (i < la || j < lb) {
            // Non-digit prefix: character by character with order(); the end of a run weighs 0.
            while ((i < la && !isDigit(a.charAt(i))) || (j < lb && !isDigit(b.charAt(j)))) {
                int ac = i < la && !isDigit(a.charAt(i)) ? order(a.charAt(i)) : 0;
                int bc = j < lb && !isDigit(b.charAt(j)) ? order(b.charAt(j)) : 0;
                if (ac != bc) {
                    return ac < bc ? -1 : 1;
                }
                i++;
                j++;
            }
            // Digit run: numeric comparison, done on the digits so any length works.
            while (i < la && a.charAt(i) == '0') {
                i++;
            }
            while (j < lb && b.charAt(j) == '0') {
                j++;
            }
            int si = i;
            int sj = j;
            while (i < la && isDigit(a.charAt(i))) {
                i++;
            }
            while (j < lb && isDigit(b.charAt(j))) {
                j++;
            }
            int lenA = i - si;
            int lenB = j - sj;
            if (lenA != lenB) {
                return lenA < lenB ? -1 : 1;
            }
            for (int k = 0; k < lenA; k++) {
                char ca = a.charAt(si + k);
                char cb = b.charAt(sj + k);
                if (ca != cb) {
                    return ca < cb ? -1 : 1;
                }
            }
        }
        return 0;
    }

    /** A parsed dpkg version. */
    static final class DebVersion implements Version {
        private final String text;
        private final long epoch;
        private final String upstream;
        private final String revision;

        DebVersion(String text, long epoch, String upstream, String revision) {
            this.text = text;
            this.epoch = epoch;
            this.upstream = upstream;
            this.revision = revision;
        }

        @Override
        public String text() {
            return text;
        }

        @Override
        public int compareTo(Version o) {
            DebVersion other = (DebVersion) o;
            if (epoch != other.epoch) {
                return epoch < other.epoch ? -1 : 1;
            }
            int c = compareFragment(upstream, other.upstream);
            return c != 0 ? c : compareFragment(revision, other.revision);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof DebVersion other && compareTo(other) == 0;
        }

        @Override
        public int hashCode() {
            // Equal versions may be spelled differently (1.0 = 1.00 = 0:1.0-0): only the epoch is stable.
            return Long.hashCode(epoch);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
