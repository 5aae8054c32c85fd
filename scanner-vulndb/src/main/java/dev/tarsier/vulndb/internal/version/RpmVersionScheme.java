package dev.tarsier.vulndb.internal.version;

import dev.tarsier.api.spi.InvalidVersionException;
import dev.tarsier.api.spi.Version;
import dev.tarsier.api.spi.VersionScheme;

import java.util.Set;

/**
 * rpm version ordering: {@code [epoch:]version[-release]} compared as rpm's {@code rpmvercmp} does
 * (rpm's {@code rpmio/rpmvercmp.c}, documented in rpm's "Version comparison" docs).
 *
 * <p>Epochs compare numerically, a missing epoch counting as 0 (as in rpm itself). Version and
 * release are each split into runs of ASCII digits or ASCII letters; every other character is a
 * separator and ignored, except {@code ~} (sorts before anything, even the end of the string) and
 * {@code ^} (sorts after the end of the string but before any other run). A numeric run beats an
 * alphabetic one, numeric runs compare without leading zeros, alphabetic runs compare by ASCII, and
 * when all runs are equal the string with runs left over is newer. A version without a release
 * sorts below the same version with any release (rpm.vercmp: {@code 1 < 1-0}).
 *
 * <p>Advisory bounds without an epoch take the installed package's epoch
 * ({@link Version#compareInstalled}): distributions publish fixed versions such as
 * {@code 1.1.1k-7.el8} for packages whose installed version is {@code 1:1.1.1k-5.el8}, and counting
 * the missing epoch as 0 would declare every installed build newer than every fix.
 *
 * <p>Rejected: empty strings, whitespace and control characters, an empty version part.
 */
public final class RpmVersionScheme implements VersionScheme {

    /** Scheme id. */
    public static final String ID = "rpm";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Set<String> ecosystems() {
        return Set.of("AlmaLinux", "Rocky Linux", "Red Hat", "SUSE", "openSUSE", "openEuler",
                "Mageia", "Azure Linux", "Mariner", "CentOS", "Fedora", "Amazon Linux");
    }

    @Override
    public Version parse(String text) throws InvalidVersionException {
        if (text.isEmpty()) {
            throw new InvalidVersionException(ID, text, "empty");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c <= ' ' || c == 0x7f) {
                throw new InvalidVersionException(ID, text, "whitespace or control character");
            }
        }
        // rpm's parseEVR: the epoch is the leading digits before ':'; anything else before ':' is
        // kept as part of the version, which is what rpm.vercmp does for "a:1".
        int colon = text.indexOf(':');
        String epoch = null;
        int start = 0;
        if (colon >= 0) {
            boolean digits = colon > 0;
            for (int i = 0; i < colon && digits; i++) {
                char c = text.charAt(i);
                digits = c >= '0' && c <= '9';
            }
            if (digits) {
                epoch = text.substring(0, colon);
                start = colon + 1;
            }
        }
        int hyphen = text.lastIndexOf('-');
        String version;
        String release;
        if (hyphen >= start) {
            version = text.substring(start, hyphen);
            release = text.substring(hyphen + 1);
        } else {
            version = text.substring(start);
            release = null;
        }
        return new RpmVersion(text, epoch == null ? null : stripZeros(epoch), version, release);
    }

    private static String stripZeros(String digits) {
        int i = 0;
        while (i < digits.length() - 1 && digits.charAt(i) == '0') {
            i++;
        }
        return digits.substring(i);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isAlpha(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /** rpmvercmp: the segment comparison described in the class comment. Allocation-free. */
    static int rpmvercmp(String a, String b) {
        if (a.equals(b)) {
            return 0;
        }
        int i = 0;
        int j = 0;
        int la = a.length();
        int lb = b.length();
        while (i < la || j < lb) {
            while (i < la && !isDigit(a.charAt(i)) && !isAlpha(a.charAt(i)) && a.charAt(i) != '~' && a.charAt(i) != '^') {
                i++;
            }
            while (j < lb && !isDigit(b.charAt(j)) && !isAlpha(b.charAt(j)) && b.charAt(j) != '~' && b.charAt(j) != '^') {
                j++;
            }
            char ca = i < la ? a.charAt(i) : 0;
            char cb = j < lb ? b.charAt(j) : 0;
            if (ca == '~' || cb == '~') {
                if (ca != '~') {
                    return 1;
                }
                if (cb != '~') {
                    return -1;
                }
                i++;
                j++;
                continue;
            }
            if (ca == '^' || cb == '^') {
                if (ca == 0) {
                    return -1;
                }
                if (cb == 0) {
                    return 1;
                }
                if (ca != '^') {
                    return 1;
                }
                if (cb != '^') {
                    return -1;
                }
                i++;
                j++;
                continue;
            }
            if (ca == 0 || cb == 0) {
                break;
            }
            int si = i;
            int sj = j;
            boolean numeric = isDigit(ca);
            if (numeric) {
                while (i < la && isDigit(a.charAt(i))) {
                    i++;
                }
                while (j < lb && isDigit(b.charAt(j))) {
                    j++;
                }
            } else {
                while (i < la && isAlpha(a.charAt(i))) {
                    i++;
                }
                while (j < lb && isAlpha(b.charAt(j))) {
                    j++;
                }
            }
            if (j == sj) {
                // Segments of different kinds: the numeric one is newer.
                return numeric ? 1 : -1;
            }
            int c;
            if (numeric) {
                while (si < i && a.charAt(si) == '0') {
                    si++;
                }
                while (sj < j && b.charAt(sj) == '0') {
                    sj++;
                }
                int lenA = i - si;
                int lenB = j - sj;
                if (lenA != lenB) {
                    return lenA < lenB ? -1 : 1;
                }
            }
            c = compareRegion(a, si, i, b, sj, j);
            if (c != 0) {
                return c;
            }
        }
        boolean endA = i >= la;
        boolean endB = j >= lb;
        if (endA && endB) {
            return 0;
        }
        return endA ? -1 : 1;
    }

    private static int compareRegion(String a, int ai, int ae, String b, int bi, int be) {
        while (ai < ae && bi < be) {
            char x = a.charAt(ai++);
            char y = b.charAt(bi++);
            if (x != y) {
                return x < y ? -1 : 1;
            }
        }
        int ra = ae - ai;
        int rb = be - bi;
        return ra == rb ? 0 : (ra < rb ? -1 : 1);
    }

    private static int compareNumber(String a, String b) {
        if (a.length() != b.length()) {
            return a.length() < b.length() ? -1 : 1;
        }
        int c = a.compareTo(b);
        return Integer.signum(c);
    }

    /** A parsed rpm EVR. */
    static final class RpmVersion implements Version {
        private final String text;
        private final String epoch;
        private final String version;
        private final String release;

        RpmVersion(String text, String epoch, String version, String release) {
            this.text = text;
            this.epoch = epoch;
            this.version = version;
            this.release = release;
        }

        /** Whether the text names an epoch explicitly. */
        boolean hasEpoch() {
            return epoch != null;
        }

        @Override
        public String text() {
            return text;
        }

        @Override
        public int compareTo(Version o) {
            RpmVersion other = (RpmVersion) o;
            int c = compareNumber(epoch == null ? "0" : epoch, other.epoch == null ? "0" : other.epoch);
            return c != 0 ? c : compareVersionRelease(other);
        }

        private int compareVersionRelease(RpmVersion other) {
            int c = rpmvercmp(version, other.version);
            if (c != 0) {
                return c;
            }
            if (release == null || other.release == null) {
                // A version without release sorts below the same version with any release, as
                // rpm.vercmp orders "1" < "1-0".
                return release == other.release ? 0 : (release == null ? -1 : 1);
            }
            return rpmvercmp(release, other.release);
        }

        @Override
        public int compareInstalled(Version installed) {
            RpmVersion inst = (RpmVersion) installed;
            if (epoch == null) {
                // The advisory omitted the epoch: compare within the installed epoch (class comment).
                return inst.compareVersionRelease(this);
            }
            return inst.compareTo(this);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof RpmVersion other && compareTo(other) == 0;
        }

        @Override
        public int hashCode() {
            return epoch == null ? 0 : epoch.hashCode();
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
