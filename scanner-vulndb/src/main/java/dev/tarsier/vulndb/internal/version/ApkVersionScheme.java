package dev.tarsier.vulndb.internal.version;

import dev.tarsier.api.spi.InvalidVersionException;
import dev.tarsier.api.spi.Version;
import dev.tarsier.api.spi.VersionScheme;

import java.util.Arrays;
import java.util.Set;

/**
 * apk-tools 3 version ordering ({@code src/version.c} of apk-tools 3; grammar
 * {@code digit{.digit}...{letter}{_suffix{number}}...{~hash}{-r#}}).
 *
 * <p>A version is a sequence of tokens, each of a kind that may only follow certain kinds:
 * <ul>
 *   <li>a first number, then numbers after {@code .};</li>
 *   <li>one lower-case letter, right after a number ({@code 1.2a});</li>
 *   <li>suffixes after {@code _}: {@code alpha < beta < pre < rc < (none) < cvs < svn < git < hg < p},
 *       each optionally followed by a number;</li>
 *   <li>a commit hash after {@code ~}: one or more hexadecimal digits ({@code 1.0~1a2b});</li>
 *   <li>{@code -rN}, the package revision, last.</li>
 * </ul>
 * Two versions compare token by token while their kinds agree. The first number, suffix numbers
 * and revisions compare numerically; a later number compares numerically unless either side starts
 * with {@code 0}, when both compare as strings (Gentoo's rule: {@code 1.01 < 1.1}, {@code 8.2.0 <
 * 8.2.001}); letters by code, suffixes by the order above, commit hashes as strings (byte order,
 * shorter first on a common prefix). When the kinds part, a version that goes on with a pre-release
 * suffix is older; otherwise the one whose next token kind comes earlier in the grammar (or that
 * goes on at all) is newer.
 *
 * <p>A string apk-tools' {@code apk_version_validate} rejects is rejected here too: upper-case
 * letters, a second letter or a {@code .} after a letter, unknown or empty suffixes, an empty commit
 * hash, {@code -} not followed by {@code r} and digits, anything after the revision. One exception,
 * kept from apk-tools 2: a number right after a letter ({@code 6.6.1p1-r0}, the spelling of Alpine's
 * older OpenSSH packages) is read as a further number, where apk-tools 3 calls the string invalid
 * and orders every two such versions as equal; it is the only row of apk-tools 3's test data
 * ({@code !0.1a1}) this scheme does not follow.
 */
public final class ApkVersionScheme implements VersionScheme {

    /** Scheme id. */
    public static final String ID = "apk";

    // Token kinds in the grammar's order (apk-tools' enum PARTS): the order is the semantics.
    static final int INITIAL_DIGIT = 0;
    static final int DIGIT = 1;
    static final int LETTER = 2;
    static final int SUFFIX = 3;
    static final int SUFFIX_NO = 4;
    static final int COMMIT_HASH = 5;
    static final int REVISION_NO = 6;
    static final int END = 7;

    /** Suffix words by weight: pre-release ones below {@link #SUFFIX_NONE}, post-release above. */
    private static final String[] SUFFIXES = {"", "alpha", "beta", "pre", "rc", "", "cvs", "svn", "git", "hg", "p"};
    private static final int SUFFIX_NONE = 5;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Set<String> ecosystems() {
        return Set.of("Alpine", "Wolfi", "Chainguard");
    }

    @Override
    public Version parse(String text) throws InvalidVersionException {
        int[] kinds = new int[8];
        int[] starts = new int[8];
        int[] ends = new int[8];
        int[] suffixes = new int[8];
        int n = 0;
        int pos = 0;
        int len = text.length();
        int kind = INITIAL_DIGIT;
        while (true) {
            int start;
            int suffix = 0;
            if (n > 0) {
                if (pos == len) {
                    break;
                }
                char c = text.charAt(pos);
                int previous = kind;
                if (c >= 'a' && c <= 'z') {
                    if (previous > DIGIT) {
                        throw invalid(text, "a letter may only follow a number");
                    }
                    kind = LETTER;
                    start = pos++;
                } else if (c == '.' || isDigit(c)) {
                    if (c == '.') {
                        if (previous > DIGIT) {
                            throw invalid(text, "'.' may only follow a number");
                        }
                        pos++;
                    }
                    if (previous == INITIAL_DIGIT || previous == DIGIT || (previous == LETTER && c != '.')) {
                        kind = DIGIT;
                    } else if (previous == SUFFIX) {
                        kind = SUFFIX_NO;
                    } else {
                        throw invalid(text, "a number may not follow " + name(previous));
                    }
                    start = pos;
                    pos = digits(text, pos);
                } else if (c == '_') {
                    if (previous > SUFFIX_NO) {
                        throw invalid(text, "a suffix may not follow " + name(previous));
                    }
                    start = ++pos;
                    while (pos < len && text.charAt(pos) >= 'a' && text.charAt(pos) <= 'z') {
                        pos++;
                    }
                    suffix = suffix(text, start, pos);
                    kind = SUFFIX;
                } else if (c == '~') {
                    if (previous >= COMMIT_HASH) {
                        throw invalid(text, "a commit hash may not follow " + name(previous));
                    }
                    start = ++pos;
                    while (pos < len && isHex(text.charAt(pos))) {
                        pos++;
                    }
                    if (pos == start) {
                        throw invalid(text, "empty commit hash after '~'");
                    }
                    kind = COMMIT_HASH;
                } else if (c == '-') {
                    if (previous >= REVISION_NO || pos + 1 >= len || text.charAt(pos + 1) != 'r') {
                        throw invalid(text, "'-' must start the revision '-rN', once, at the end");
                    }
                    pos += 2;
                    start = pos;
                    pos = digits(text, pos);
                    kind = REVISION_NO;
                } else {
                    throw invalid(text, "unexpected character '" + c + "'");
                }
            } else {
                start = 0;
                pos = digits(text, 0);
            }
            if ((kind == INITIAL_DIGIT || kind == DIGIT || kind == SUFFIX_NO || kind == REVISION_NO) && pos == start) {
                throw invalid(text, "missing number");
            }
            if (n == kinds.length) {
                kinds = Arrays.copyOf(kinds, n * 2);
                starts = Arrays.copyOf(starts, n * 2);
                ends = Arrays.copyOf(ends, n * 2);
                suffixes = Arrays.copyOf(suffixes, n * 2);
            }
            kinds[n] = kind;
            starts[n] = start;
            ends[n] = pos;
            suffixes[n] = suffix;
            n++;
        }
        return new ApkVersion(text, Arrays.copyOf(kinds, n), Arrays.copyOf(starts, n), Arrays.copyOf(ends, n),
                Arrays.copyOf(suffixes, n));
    }

    private static InvalidVersionException invalid(String text, String why) {
        return new InvalidVersionException(ID, text, "not an apk version (apk-tools grammar): " + why);
    }

    private static int suffix(String text, int start, int end) throws InvalidVersionException {
        for (int i = 1; i < SUFFIXES.length; i++) {
            if (i != SUFFIX_NONE && SUFFIXES[i].length() == end - start && text.startsWith(SUFFIXES[i], start)) {
                return i;
            }
        }
        throw invalid(text, "unknown suffix '_" + text.substring(start, end) + "'");
    }

    private static String name(int kind) {
        return switch (kind) {
            case LETTER -> "a letter";
            case SUFFIX -> "a suffix";
            case SUFFIX_NO -> "a suffix number";
            case COMMIT_HASH -> "a commit hash";
            case REVISION_NO -> "the revision";
            default -> "a number";
        };
    }

    private static int digits(String s, int pos) {
        while (pos < s.length() && isDigit(s.charAt(pos))) {
            pos++;
        }
        return pos;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isHex(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** Numeric comparison of two digit runs of any length. */
    private static int compareNumbers(String a, int as, int ae, String b, int bs, int be) {
        while (as < ae - 1 && a.charAt(as) == '0') {
            as++;
        }
        while (bs < be - 1 && b.charAt(bs) == '0') {
            bs++;
        }
        int la = ae - as;
        int lb = be - bs;
        if (la != lb) {
            return la < lb ? -1 : 1;
        }
        return compareStrings(a, as, ae, b, bs, be);
    }

    /** apk's {@code apk_blob_sort}: byte order over the common length, then the shorter first. */
    private static int compareStrings(String a, int as, int ae, String b, int bs, int be) {
        int common = Math.min(ae - as, be - bs);
        for (int k = 0; k < common; k++) {
            char ca = a.charAt(as + k);
            char cb = b.charAt(bs + k);
            if (ca != cb) {
                return ca < cb ? -1 : 1;
            }
        }
        return Integer.compare(ae - as, be - bs);
    }

    /** A parsed apk version: its tokens as kinds and spans of the text. */
    static final class ApkVersion implements Version {
        private final String text;
        private final int[] kinds;
        private final int[] starts;
        private final int[] ends;
        private final int[] suffixes;

        ApkVersion(String text, int[] kinds, int[] starts, int[] ends, int[] suffixes) {
            this.text = text;
            this.kinds = kinds;
            this.starts = starts;
            this.ends = ends;
            this.suffixes = suffixes;
        }

        @Override
        public String text() {
            return text;
        }

        private int kind(int i) {
            return i < kinds.length ? kinds[i] : END;
        }

        @Override
        public int compareTo(Version o) {
            ApkVersion other = (ApkVersion) o;
            int i = 0;
            while (kind(i) == other.kind(i) && kind(i) < END) {
                int c = compareToken(other, i);
                if (c != 0) {
                    return c;
                }
                i++;
            }
            int at = kind(i);
            int bt = other.kind(i);
            if (at == bt) {
                return 0;
            }
            // Equal so far and one goes on: it is newer unless it goes on with a pre-release suffix.
            if (at == SUFFIX && suffixes[i] < SUFFIX_NONE) {
                return -1;
            }
            if (bt == SUFFIX && other.suffixes[i] < SUFFIX_NONE) {
                return 1;
            }
            return at > bt ? -1 : 1;
        }

        private int compareToken(ApkVersion other, int i) {
            String b = other.text;
            int as = starts[i];
            int ae = ends[i];
            int bs = other.starts[i];
            int be = other.ends[i];
            return switch (kinds[i]) {
                case DIGIT -> text.charAt(as) == '0' || b.charAt(bs) == '0'
                        ? compareStrings(text, as, ae, b, bs, be)
                        : compareNumbers(text, as, ae, b, bs, be);
                case INITIAL_DIGIT, SUFFIX_NO, REVISION_NO -> compareNumbers(text, as, ae, b, bs, be);
                case LETTER -> Character.compare(text.charAt(as), b.charAt(bs));
                case SUFFIX -> Integer.compare(suffixes[i], other.suffixes[i]);
                default -> compareStrings(text, as, ae, b, bs, be);
            };
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ApkVersion other && compareTo(other) == 0;
        }

        @Override
        public int hashCode() {
            return 0;
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
