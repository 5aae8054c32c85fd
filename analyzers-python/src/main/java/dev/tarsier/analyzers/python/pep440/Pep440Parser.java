package dev.tarsier.analyzers.python.pep440;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses the grammar of the specification's "Appendix B: Parsing version strings with regular
 * expressions" by hand:
 *
 * <pre>
 * v? (N!)? N(.N)*
 *    ([-_.]? (a|alpha|b|beta|rc|c|pre|preview) [-_.]? N?)?
 *    (-N | [-_.]? (post|rev|r) [-_.]? N?)?
 *    ([-_.]? dev [-_.]? N?)?
 *    (+ [a-z0-9]+ ([-_.][a-z0-9]+)*)?
 * </pre>
 *
 * matched case-insensitively against the whole (stripped) text. A {@link java.util.regex.Pattern}
 * would recurse once per repeated group and overflow the stack on a hostile string such as
 * {@code 1.0.0.0...} of a few hundred kilobytes; this parser uses a loop per repetition and tries
 * the optional separators in the same order as the regular expression, depth-first over the four
 * suffix parts only, so its depth is constant and its time linear in the length.
 *
 * <p>Not thread-safe: one instance parses one string.
 */
final class Pep440Parser {

    private static final String[] PRE_LABELS = {"alpha", "a", "beta", "b", "preview", "pre", "rc", "c"};
    private static final String[] POST_LABELS = {"post", "rev", "r"};

    private final String s;

    String epoch = "0";
    final List<String> release = new ArrayList<>();
    String preLabel;
    String preNumber;
    String post;
    String dev;
    String local;

    private Pep440Parser(String s) {
        this.s = s;
    }

    /** Parses the stripped text; null when it does not match the grammar. */
    static Pep440Parser parse(String stripped) {
        Pep440Parser p = new Pep440Parser(stripped);
        return p.parseAll() ? p : null;
    }

    private boolean parseAll() {
        int pos = 0;
        if (pos < s.length() && (s.charAt(pos) == 'v' || s.charAt(pos) == 'V')) {
            pos++;
        }
        int end = digitsEnd(pos);
        if (end == pos) {
            return false;
        }
        if (end < s.length() && s.charAt(end) == '!') {
            epoch = s.substring(pos, end);
            pos = end + 1;
            end = digitsEnd(pos);
            if (end == pos) {
                return false;
            }
        }
        release.add(s.substring(pos, end));
        pos = end;
        // A '.' not followed by a digit belongs to a later part (".post1"), never to the release.
        while (pos + 1 < s.length() && s.charAt(pos) == '.' && isDigit(s.charAt(pos + 1))) {
            end = digitsEnd(pos + 1);
            release.add(s.substring(pos + 1, end));
            pos = end;
        }
        return pre(pos);
    }

    /** {@code ([-_.]? label [-_.]? N?)?} then the post part. */
    private boolean pre(int pos) {
        for (int q : separatorChoices(pos)) {
            String label = label(q, PRE_LABELS);
            if (label == null) {
                continue;
            }
            int afterLabel = q + label.length();
            for (int r : separatorChoices(afterLabel)) {
                int end = digitsEnd(r);
                if (post(end)) {
                    preLabel = label;
                    preNumber = end > r ? s.substring(r, end) : null;
                    return true;
                }
            }
        }
        return post(pos);
    }

    /** {@code (-N | [-_.]? (post|rev|r) [-_.]? N?)?} then the dev part. */
    private boolean post(int pos) {
        if (pos + 1 < s.length() && s.charAt(pos) == '-' && isDigit(s.charAt(pos + 1))) {
            int end = digitsEnd(pos + 1);
            if (dev(end)) {
                post = s.substring(pos + 1, end);
                return true;
            }
        }
        for (int q : separatorChoices(pos)) {
            String label = label(q, POST_LABELS);
            if (label == null) {
                continue;
            }
            int afterLabel = q + label.length();
            for (int r : separatorChoices(afterLabel)) {
                int end = digitsEnd(r);
                if (dev(end)) {
                    post = end > r ? s.substring(r, end) : "0";
                    return true;
                }
            }
        }
        return dev(pos);
    }

    /** {@code ([-_.]? dev [-_.]? N?)?} then the local part. */
    private boolean dev(int pos) {
        for (int q : separatorChoices(pos)) {
            if (!s.regionMatches(true, q, "dev", 0, 3)) {
                continue;
            }
            for (int r : separatorChoices(q + 3)) {
                int end = digitsEnd(r);
                if (local(end)) {
                    dev = end > r ? s.substring(r, end) : "0";
                    return true;
                }
            }
        }
        return local(pos);
    }

    /** {@code (+ [a-z0-9]+ ([-_.][a-z0-9]+)*)?} then the end of the text. */
    private boolean local(int pos) {
        if (pos == s.length()) {
            return true;
        }
        if (s.charAt(pos) != '+') {
            return false;
        }
        int i = pos + 1;
        while (true) {
            int start = i;
            while (i < s.length() && isAlphanumeric(s.charAt(i))) {
                i++;
            }
            if (i == start) {
                return false;
            }
            if (i == s.length()) {
                local = s.substring(pos + 1);
                return true;
            }
            if (!isSeparator(s.charAt(i))) {
                return false;
            }
            i++;
        }
    }

    /**
     * Where an optional {@code [-_.]} may leave the parser: after it first (the regular
     * expression's greedy choice), then without it.
     */
    private int[] separatorChoices(int pos) {
        return pos < s.length() && isSeparator(s.charAt(pos)) ? new int[] {pos + 1, pos} : new int[] {pos};
    }

    private String label(int pos, String[] labels) {
        for (String label : labels) {
            if (s.regionMatches(true, pos, label, 0, label.length())) {
                return label;
            }
        }
        return null;
    }

    private int digitsEnd(int pos) {
        int i = pos;
        while (i < s.length() && isDigit(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isAlphanumeric(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isSeparator(char c) {
        return c == '-' || c == '_' || c == '.';
    }
}
