package dev.tarsier.vulndb.internal.version;

import dev.tarsier.api.spi.InvalidVersionException;
import dev.tarsier.api.spi.Version;
import dev.tarsier.api.spi.VersionScheme;

import java.util.Arrays;
import java.util.Set;

/**
 * apk-tools version ordering (apk-tools {@code src/version.c}; the Gentoo-style grammar
 * {@code digit{.digit}...[letter]{_suffix[number]}...[-rN]}).
 *
 * <p>The version is read as a sequence of tokens, each with an integer weight:
 * <ul>
 *   <li>the first component and components after {@code .} are numbers; after a {@code .}, a
 *       component that starts with zeros yields the negated count of those zeros and then the
 *       remaining digits as a separate number (apk's leading-zero rule, so {@code 1.01 < 1.1} and
 *       {@code 1.0 > 1.00});</li>
 *   <li>one lower-case letter may follow a number ({@code 1.2a}); its weight is its code;</li>
 *   <li>suffixes after {@code _}: {@code alpha < beta < pre < rc < (none) < cvs < svn < git < hg < p},
 *       weighted -4..-1 and 0..4, each optionally followed by a number;</li>
 *   <li>{@code -rN}, the package revision, last.</li>
 * </ul>
 * Two versions compare token by token; at the first difference in weight or token kind, a version
 * that stops earlier is older, unless the longer one continues with a pre-release suffix.
 *
 * <p>One deliberate difference from apk-tools 2.x: a zero component at the end of the string
 * ({@code 1.0}) is followed by an implicit number token 0, exactly as a zero component followed by
 * a suffix is in apk-tools, so that {@code 1.0_rc1 < 1.0} as the suffix order promises (apk-tools
 * 2.x ends the string there and orders {@code 1.0_rc1} after {@code 1.0}). Every shared vector
 * agrees with either reading.
 *
 * <p>A string apk's own validator rejects (upper-case letters, two letters in a row, unknown
 * suffixes, text after the revision, a {@code -} not followed by {@code r}) is rejected here too.
 */
public final class ApkVersionScheme implements VersionScheme {

    /** Scheme id. */
    public static final String ID = "apk";

    // Token kinds in apk's order: a kind compares lower when it is "more significant" to end on.
    static final int INVALID = -1;
    static final int DIGIT_OR_ZERO = 0;
    static final int DIGIT = 1;
    static final int LETTER = 2;
    static final int SUFFIX = 3;
    static final int SUFFIX_NO = 4;
    static final int REVISION_NO = 5;
    static final int END = 6;

    private static final String[] PRE_SUFFIXES = {"alpha", "beta", "pre", "rc"};
    private static final String[] POST_SUFFIXES = {"cvs", "svn", "git", "hg", "p"};

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
        if (text.isEmpty()) {
            throw new InvalidVersionException(ID, text, "empty");
        }
        Tokenizer t = new Tokenizer(text);
        long[] values = new long[8];
        int[] nextKinds = new int[8];
        int n = 0;
        int kind = DIGIT;
        while (kind != END && kind != INVALID) {
            long v = t.token(kind);
            kind = t.kind;
            if (n == values.length) {
                values = Arrays.copyOf(values, n * 2);
                nextKinds = Arrays.copyOf(nextKinds, n * 2);
            }
            values[n] = v;
            nextKinds[n] = kind;
            n++;
        }
        if (kind == INVALID) {
            throw new InvalidVersionException(ID, text, "not an apk version (apk-tools grammar)");
        }
        return new ApkVersion(text, Arrays.copyOf(values, n), Arrays.copyOf(nextKinds, n));
    }

    /** Reads apk tokens from a string; {@link #kind} is the kind of the token that follows. */
    private static final class Tokenizer {
        private final String s;
        private int pos;
        int kind;

        Tokenizer(String s) {
            this.s = s;
        }

        /** Reads one token of the given kind, returns its weight and sets {@link #kind} to the next. */
        long token(int type) {
            int len = s.length();
            if (pos >= len) {
                kind = END;
                return 0;
            }
            long v = 0;
            int next = INVALID;
            switch (type) {
                case DIGIT_OR_ZERO:
                    if (s.charAt(pos) == '0') {
                        int zeros = 0;
                        while (pos < len && s.charAt(pos) == '0') {
                            pos++;
                            zeros++;
                        }
                        v = -zeros;
                        next = DIGIT;
                        break;
                    }
                    v = digits();
                    break;
                case DIGIT:
                case SUFFIX_NO:
                case REVISION_NO:
                    v = digits();
                    break;
                case LETTER:
                    v = s.charAt(pos++);
                    break;
                case SUFFIX:
                    int pre = matchSuffix(PRE_SUFFIXES);
                    if (pre >= 0) {
                        v = pre - PRE_SUFFIXES.length;
                        break;
                    }
                    int post = matchSuffix(POST_SUFFIXES);
                    if (post >= 0) {
                        v = post;
                        break;
                    }
                    kind = INVALID;
                    return -1;
                default:
                    kind = INVALID;
                    return -1;
            }
            if (next != INVALID) {
                // After leading zeros a number token follows, even at the end of the string, where
                // it reads as 0. apk-tools ends the string there instead, which makes
                // "1.0_rc1" newer than "1.0"; the extra token keeps "1.0_rc1" < "1.0".
                kind = next;
            } else if (pos >= len) {
                kind = END;
            } else {
                kind = nextKind(type);
            }
            return v;
        }

        private long digits() {
            long v = 0;
            while (pos < s.length() && isDigit(s.charAt(pos))) {
                // Saturate instead of overflowing: apk's int would wrap, which is no ordering at all.
                v = v > Long.MAX_VALUE / 10 - 10 ? Long.MAX_VALUE / 2 : v * 10 + (s.charAt(pos) - '0');
                pos++;
            }
            return v;
        }

        private int matchSuffix(String[] names) {
            for (int i = 0; i < names.length; i++) {
                if (s.startsWith(names[i], pos)) {
                    pos += names[i].length();
                    return i;
                }
            }
            return -1;
        }

        /** Decides the kind of the next token from the separator at {@link #pos} and consumes it. */
        private int nextKind(int type) {
            char c = s.charAt(pos);
            int n = INVALID;
            if ((type == DIGIT || type == DIGIT_OR_ZERO) && c >= 'a' && c <= 'z') {
                n = LETTER;
            } else if (type == LETTER && isDigit(c)) {
                n = DIGIT;
            } else if (type == SUFFIX && isDigit(c)) {
                n = SUFFIX_NO;
            } else {
                if (c == '.') {
                    n = DIGIT_OR_ZERO;
                } else if (c == '_') {
                    n = SUFFIX;
                } else if (c == '-') {
                    if (pos + 1 < s.length() && s.charAt(pos + 1) == 'r') {
                        n = REVISION_NO;
                        pos++;
                    }
                }
                pos++;
            }
            // Tokens must appear in grammar order; the three exceptions are the repeatable parts.
            if (n < type && !((n == DIGIT_OR_ZERO && type == DIGIT)
                    || (n == SUFFIX && type == SUFFIX_NO)
                    || (n == DIGIT && type == LETTER))) {
                n = INVALID;
            }
            return n;
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }
    }

    /** A parsed apk version: token weights and, for each token, the kind of the token after it. */
    static final class ApkVersion implements Version {
        private final String text;
        private final long[] values;
        private final int[] nextKinds;

        ApkVersion(String text, long[] values, int[] nextKinds) {
            this.text = text;
            this.values = values;
            this.nextKinds = nextKinds;
        }

        @Override
        public String text() {
            return text;
        }

        @Override
        public int compareTo(Version o) {
            ApkVersion other = (ApkVersion) o;
            int at = DIGIT;
            int bt = DIGIT;
            long av = 0;
            long bv = 0;
            int i = 0;
            while (at == bt && at != END && av == bv) {
                av = values[i];
                at = nextKinds[i];
                bv = other.values[i];
                bt = other.nextKinds[i];
                i++;
            }
            if (av != bv) {
                return av < bv ? -1 : 1;
            }
            if (at == bt) {
                return 0;
            }
            // Same tokens so far; one continues. A pre-release suffix makes the longer one older.
            if (at == SUFFIX && values[i] < 0) {
                return -1;
            }
            if (bt == SUFFIX && other.values[i] < 0) {
                return 1;
            }
            return at > bt ? -1 : 1;
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
