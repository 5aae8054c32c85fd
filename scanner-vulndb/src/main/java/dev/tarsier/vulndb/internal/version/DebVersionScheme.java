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
 * <p>Parsing follows dpkg's {@code parseversion()} (lib/dpkg/parsehelp.c) and its test suite
 * (lib/dpkg/t/t-version.c): leading and trailing blanks are ignored; rejected, as dpkg rejects
 * them with an error, are empty strings, embedded blanks, an epoch that is empty, not a number or
 * larger than {@code INT_MAX}, an empty upstream version ({@code -0}, {@code 0:-0}) and characters
 * dpkg cannot order (controls and non-ASCII). What dpkg only <em>warns</em> about is accepted and
 * compared exactly as dpkg compares it: an upstream version that does not start with a digit
 * ({@code 0:a-0}, "version number does not start with digit") and other printable characters in
 * the upstream version or revision ("invalid character in version number"), which weigh as
 * non-letters in the policy's order. Policy says an upstream version "should" start with a
 * digit; {@code dpkg --compare-versions} still answers, and so does this scheme.
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
        int begin = 0;
        int end = text.length();
        while (begin < end && isBlank(text.charAt(begin))) {
            begin++;
        }
        while (end > begin && isBlank(text.charAt(end - 1))) {
            end--;
        }
        if (begin == end) {
            throw new InvalidVersionException(ID, text, "empty");
        }
        for (int i = begin; i < end; i++) {
            char c = text.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                throw new InvalidVersionException(ID, text, c == ' ' || c == '\t' ? "embedded blank"
                        : "character dpkg cannot order (control or non-ASCII)");
            }
        }
        int colon = text.indexOf(':', begin);
        if (colon >= end) {
            colon = -1;
        }
        long epoch = 0;
        int upstreamStart = begin;
        if (colon >= 0) {
            if (colon == begin) {
                throw new InvalidVersionException(ID, text, "epoch is empty");
            }
            for (int i = begin; i < colon; i++) {
                char c = text.charAt(i);
                if (c < '0' || c > '9') {
                    throw new InvalidVersionException(ID, text, "epoch must be numeric");
                }
                epoch = epoch * 10 + (c - '0');
                if (epoch > Integer.MAX_VALUE) {
                    throw new InvalidVersionException(ID, text, "epoch is too big");
                }
            }
            upstreamStart = colon + 1;
        }
        int hyphen = text.lastIndexOf('-', end - 1);
        boolean hasRevision = hyphen >= upstreamStart;
        int upstreamEnd = hasRevision ? hyphen : end;
        String upstream = text.substring(upstreamStart, upstreamEnd);
        String revision = hasRevision ? text.substring(hyphen + 1, end) : "";
        if (upstream.isEmpty()) {
            throw new InvalidVersionException(ID, text, "empty upstream version");
        }
        return new DebVersion(text, epoch, upstream, revision);
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
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
