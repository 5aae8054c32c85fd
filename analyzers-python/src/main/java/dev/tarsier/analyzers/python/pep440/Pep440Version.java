package dev.tarsier.analyzers.python.pep440;

import dev.tarsier.api.spi.Version;

import java.util.Arrays;

/**
 * A parsed PEP 440 version. Immutable and thread-safe; comparisons allocate nothing. The ordering
 * is described on {@link Pep440VersionScheme}; {@link #equals} agrees with it, so {@code 1.0} and
 * {@code 1.0.0} are equal.
 *
 * @since 0.1
 */
public final class Pep440Version implements Version {

    /* Ranks of the pre-release slot, in the order the specification gives them. */
    static final int PRE_DEV_ONLY = -1;
    static final int PRE_ALPHA = 0;
    static final int PRE_BETA = 1;
    static final int PRE_RC = 2;
    static final int PRE_NONE = 3;

    private static final String[] PRE_LABELS = {"a", "b", "rc"};

    private final String text;
    // Numbers are kept as digit strings without leading zeros, so any size compares exactly.
    private final String epoch;
    private final String[] release;
    /** Release segments that count: trailing zeros are padding. */
    private final int releaseLength;
    private final int preRank;
    private final String preNumber;
    /** Null when there is no post release. */
    private final String post;
    /** Null when there is no developmental release. */
    private final String dev;
    /** Null when there is no local label; numeric segments canonical, others lower case. */
    private final String[] local;

    Pep440Version(String text, String epoch, String[] release, int preRank, String preNumber,
            String post, String dev, String[] local) {
        this.text = text;
        this.epoch = epoch;
        this.release = release;
        int n = release.length;
        while (n > 1 && release[n - 1].equals("0")) {
            n--;
        }
        this.releaseLength = n;
        this.preRank = preRank;
        this.preNumber = preNumber;
        this.post = post;
        this.dev = dev;
        this.local = local;
    }

    @Override
    public String text() {
        return text;
    }

    /** Whether this is a pre-release or a developmental release. */
    public boolean isPrerelease() {
        return dev != null || (preRank != PRE_NONE && preRank != PRE_DEV_ONLY);
    }

    /** Whether the version carries a local label ({@code +ubuntu1}). */
    public boolean hasLocal() {
        return local != null;
    }

    /**
     * The normalized spelling the specification defines ("Normalization"): {@code v1.0-1} gives
     * {@code 1.0.post1}, {@code 1.0ALPHA} gives {@code 1.0a0}, {@code 0!1.0} gives {@code 1.0}.
     */
    public String normalized() {
        StringBuilder b = new StringBuilder();
        if (!epoch.equals("0")) {
            b.append(epoch).append('!');
        }
        b.append(String.join(".", release));
        if (preRank >= PRE_ALPHA && preRank <= PRE_RC) {
            b.append(PRE_LABELS[preRank]).append(preNumber);
        }
        if (post != null) {
            b.append(".post").append(post);
        }
        if (dev != null) {
            b.append(".dev").append(dev);
        }
        if (local != null) {
            b.append('+').append(String.join(".", local));
        }
        return b.toString();
    }

    @Override
    public int compareTo(Version o) {
        Pep440Version other = (Pep440Version) o;
        int c = compareNumbers(epoch, other.epoch);
        if (c != 0) {
            return c;
        }
        c = compareRelease(other);
        if (c != 0) {
            return c;
        }
        c = Integer.compare(preRank, other.preRank);
        if (c != 0) {
            return c;
        }
        c = compareNumbers(preNumber, other.preNumber);
        if (c != 0) {
            return c;
        }
        // No post release sorts before any post release ...
        c = compareOptional(post, other.post, -1);
        if (c != 0) {
            return c;
        }
        // ... but no developmental release sorts after any developmental release.
        c = compareOptional(dev, other.dev, 1);
        if (c != 0) {
            return c;
        }
        return compareLocal(other);
    }

    private int compareRelease(Pep440Version other) {
        int n = Math.min(releaseLength, other.releaseLength);
        for (int i = 0; i < n; i++) {
            int c = compareNumbers(release[i], other.release[i]);
            if (c != 0) {
                return c;
            }
        }
        // Trailing zeros were cut, so the longer release has a non-zero segment left: it is newer.
        return Integer.compare(releaseLength, other.releaseLength);
    }

    /**
     * Compares optional numbers; {@code absent} is the sign an absent value has against a present
     * one.
     */
    private static int compareOptional(String a, String b, int absent) {
        if (a == null || b == null) {
            return a == b ? 0 : (a == null ? absent : -absent);
        }
        return compareNumbers(a, b);
    }

    private int compareLocal(Pep440Version other) {
        if (local == null || other.local == null) {
            return local == other.local ? 0 : (local == null ? -1 : 1);
        }
        int n = Math.min(local.length, other.local.length);
        for (int i = 0; i < n; i++) {
            boolean numeric = isDigits(local[i]);
            boolean otherNumeric = isDigits(other.local[i]);
            int c;
            if (numeric && otherNumeric) {
                c = compareNumbers(local[i], other.local[i]);
            } else if (numeric != otherNumeric) {
                // "the numeric section always compares as greater than the lexicographic segment"
                c = numeric ? 1 : -1;
            } else {
                c = Integer.signum(local[i].compareTo(other.local[i]));
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(local.length, other.local.length);
    }

    /** Compares canonical digit strings (no leading zeros) numerically. */
    private static int compareNumbers(String a, String b) {
        if (a.length() != b.length()) {
            return a.length() < b.length() ? -1 : 1;
        }
        return Integer.signum(a.compareTo(b));
    }

    static boolean isDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return !s.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Pep440Version other && compareTo(other) == 0;
    }

    @Override
    public int hashCode() {
        int h = epoch.hashCode();
        for (int i = 0; i < releaseLength; i++) {
            h = 31 * h + release[i].hashCode();
        }
        h = 31 * h + preRank;
        h = 31 * h + preNumber.hashCode();
        h = 31 * h + (post == null ? -1 : post.hashCode());
        h = 31 * h + (dev == null ? -1 : dev.hashCode());
        return 31 * h + (local == null ? 0 : Arrays.hashCode(local));
    }

    /** The text as parsed. */
    @Override
    public String toString() {
        return text;
    }
}
