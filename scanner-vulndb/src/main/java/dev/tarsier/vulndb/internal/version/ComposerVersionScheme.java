package dev.tarsier.vulndb.internal.version;

import dev.tarsier.api.spi.InvalidVersionException;
import dev.tarsier.api.spi.Version;
import dev.tarsier.api.spi.VersionScheme;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PHP Composer package versions, used for the OSV ecosystem {@code Packagist}: normalised as
 * composer/semver's {@code VersionParser::normalize} does, then ordered as its {@code Comparator}
 * orders normalised versions, with PHP's {@code version_compare}.
 *
 * <p>Normalisation (getcomposer.org/doc/articles/versions.md, composer/semver): surrounding
 * whitespace, an {@code as} alias ({@code 1.0.x-dev as 1.0.0} is its first part) and build metadata
 * ({@code +...}) are dropped; then either
 * <ul>
 *   <li>a classical version {@code v?N(.N){0,3}} padded to four numbers ({@code v1.2} is
 *       {@code 1.2.0.0}), or a date version {@code YYYY(.MM)...} with its separators made dots;</li>
 *   <li>optionally followed by a stability modifier (after {@code .}, {@code _} or {@code -}),
 *       case-insensitive: {@code stable} (nothing), {@code alpha}/{@code a}, {@code beta}/{@code b},
 *       {@code RC}, {@code patch}/{@code pl}/{@code p}, each with optional numbers
 *       ({@code 1.0.0-beta.2} is {@code 1.0.0.0-beta2}, {@code 1.0-p1} is {@code 1.0.0.0-patch1});</li>
 *   <li>and an optional {@code -dev} ({@code 1.0.0-dev}, {@code 2.1.0-beta1-dev});</li>
 * </ul>
 * or a branch version {@code N.x-dev} / {@code N.N.*-dev} whose wildcards become {@code 9999999}.
 * Named branches ({@code dev-main}) have no order and are rejected.
 *
 * <p>Ordering ({@code version_compare} on the normalised form): parts compare left to right,
 * numbers numerically; stability words rank {@code dev < alpha < beta < RC < (a number) < patch};
 * when one version has more parts, a further number makes it higher and a further word compares to
 * a number. Hence {@code 1.0.0-dev < 1.0.0-alpha1 < 1.0.0-beta1-dev < 1.0.0-beta1 < 1.0.0-RC1 <
 * 1.0.0 < 1.0.0-p1 < 1.0.0.1}.
 *
 * @see <a href="https://getcomposer.org/doc/articles/versions.md">Composer: Versions and constraints</a>
 * @see <a href="https://www.php.net/manual/en/function.version-compare.php">PHP version_compare</a>
 */
public final class ComposerVersionScheme implements VersionScheme {

    /** Scheme id. */
    public static final String ID = "composer";

    /** The OSV ecosystem. */
    public static final String ECOSYSTEM = "Packagist";

    private static final String MODIFIER =
            "[._-]?(?:(stable|beta|b|RC|alpha|a|patch|pl|p)((?:[.-]?\\d+)*+)?)?([.-]?dev)?";
    private static final Pattern CLASSICAL =
            Pattern.compile("v?(\\d{1,5}+)(\\.\\d++)?(\\.\\d++)?(\\.\\d++)?" + MODIFIER, Pattern.CASE_INSENSITIVE);
    private static final Pattern DATE =
            Pattern.compile("v?(\\d{4}(?:[.:-]?\\d{2}){1,6}(?:[.:-]?\\d{1,3}){0,2})" + MODIFIER, Pattern.CASE_INSENSITIVE);
    private static final Pattern BRANCH =
            Pattern.compile("v?(\\d++)(\\.(?:\\d++|[xX*]))?(\\.(?:\\d++|[xX*]))?(\\.(?:\\d++|[xX*]))?[.-]?dev",
                    Pattern.CASE_INSENSITIVE);
    private static final Pattern ALIAS = Pattern.compile("([^,\\s]++) ++as ++[^,\\s]++");
    private static final Pattern BUILD = Pattern.compile("([^,\\s+]++)\\+\\S++");
    private static final Pattern NON_DIGIT = Pattern.compile("\\D");
    private static final Pattern LEADING_SEPARATORS = Pattern.compile("^[.-]+");

    /** Ranks of {@code version_compare}'s special forms; a number ranks as {@link #NUMBER}. */
    private static final int DEV = 0;
    private static final int ALPHA = 1;
    private static final int BETA = 2;
    private static final int RC = 3;
    private static final int NUMBER = 4;
    private static final int PATCH = 5;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Set<String> ecosystems() {
        return Set.of(ECOSYSTEM);
    }

    @Override
    public Version parse(String text) throws InvalidVersionException {
        return new ComposerVersion(text, tokens(normalize(text)));
    }

    /**
     * The normalised form, as {@code VersionParser::normalize} writes it ({@code v1.2-beta.1} is
     * {@code 1.2.0.0-beta1}).
     *
     * @throws InvalidVersionException for named branches and anything else Composer rejects
     */
    public static String normalize(String text) throws InvalidVersionException {
        String v = text.strip();
        Matcher alias = ALIAS.matcher(v);
        if (alias.matches()) {
            v = alias.group(1);
        }
        Matcher build = BUILD.matcher(v);
        if (build.matches()) {
            v = build.group(1);
        }
        if (v.isEmpty()) {
            throw new InvalidVersionException(ID, text, "empty");
        }
        String lower = v.toLowerCase(Locale.ROOT);
        if (lower.startsWith("dev-") || lower.equals("master") || lower.equals("trunk") || lower.equals("default")) {
            throw new InvalidVersionException(ID, text, "a named branch has no version order");
        }
        Matcher m = CLASSICAL.matcher(v);
        String base;
        if (m.matches()) {
            base = m.group(1) + orZero(m.group(2)) + orZero(m.group(3)) + orZero(m.group(4));
            return base + modifiers(m, 5);
        }
        m = DATE.matcher(v);
        if (m.matches()) {
            return NON_DIGIT.matcher(m.group(1)).replaceAll(".") + modifiers(m, 2);
        }
        m = BRANCH.matcher(v);
        if (m.matches()) {
            StringBuilder b = new StringBuilder(m.group(1));
            for (int g = 2; g <= 4; g++) {
                String part = m.group(g) == null ? ".x" : m.group(g);
                b.append(Character.isDigit(part.charAt(1)) ? part : ".9999999");
            }
            return b.append("-dev").toString();
        }
        throw new InvalidVersionException(ID, text, "not a Composer version");
    }

    private static String orZero(String dottedNumber) {
        return dottedNumber == null || dottedNumber.isEmpty() ? ".0" : dottedNumber;
    }

    private static String modifiers(Matcher m, int index) {
        StringBuilder out = new StringBuilder();
        String stability = m.group(index);
        if (stability != null && !stability.isEmpty()) {
            String s = stability.toLowerCase(Locale.ROOT);
            if (s.equals("stable")) {
                return "";
            }
            String expanded = switch (s) {
                case "a" -> "alpha";
                case "b" -> "beta";
                case "p", "pl" -> "patch";
                case "rc" -> "RC";
                default -> s;
            };
            String numbers = m.group(index + 1) == null ? "" : LEADING_SEPARATORS.matcher(m.group(index + 1)).replaceFirst("");
            out.append('-').append(expanded).append(numbers);
        }
        if (m.group(index + 2) != null && !m.group(index + 2).isEmpty()) {
            out.append("-dev");
        }
        return out.toString();
    }

    /**
     * Splits a normalised version the way {@code version_compare} canonicalises it: {@code -},
     * {@code _} and {@code +} are dots, and a dot separates every change between digits and
     * non-digits. A token is a {@link BigInteger} or the {@code Integer} rank of a word.
     */
    private static Object[] tokens(String normalized) {
        List<Object> out = new ArrayList<>();
        int i = 0;
        while (i < normalized.length()) {
            char c = normalized.charAt(i);
            int start = i;
            if (c >= '0' && c <= '9') {
                while (i < normalized.length() && Character.isDigit(normalized.charAt(i))) {
                    i++;
                }
                out.add(new BigInteger(normalized.substring(start, i)));
            } else if (c == '.' || c == '-' || c == '_' || c == '+') {
                i++;
            } else {
                while (i < normalized.length() && !Character.isDigit(normalized.charAt(i))
                        && ".-_+".indexOf(normalized.charAt(i)) < 0) {
                    i++;
                }
                out.add(rank(normalized.substring(start, i)));
            }
        }
        return out.toArray();
    }

    /** PHP's special forms matched by prefix, as {@code compare_special_version_forms} does. */
    private static Integer rank(String word) {
        if (word.startsWith("dev")) {
            return DEV;
        }
        if (word.startsWith("alpha") || word.startsWith("a")) {
            return ALPHA;
        }
        if (word.startsWith("beta") || word.startsWith("b")) {
            return BETA;
        }
        if (word.startsWith("RC") || word.startsWith("rc")) {
            return RC;
        }
        return PATCH; // "patch": the normaliser writes no other word
    }

    /** A parsed Composer version: the tokens of its normalised form. */
    static final class ComposerVersion implements Version {
        private final String text;
        private final Object[] tokens;

        ComposerVersion(String text, Object[] tokens) {
            this.text = text;
            this.tokens = tokens;
        }

        @Override
        public String text() {
            return text;
        }

        @Override
        public int compareTo(Version o) {
            Object[] other = ((ComposerVersion) o).tokens;
            int n = Math.min(tokens.length, other.length);
            for (int i = 0; i < n; i++) {
                int c = compareToken(tokens[i], other[i]);
                if (c != 0) {
                    return c;
                }
            }
            if (tokens.length > n) {
                return tokens[n] instanceof BigInteger ? 1 : Integer.compare((Integer) tokens[n], NUMBER);
            }
            if (other.length > n) {
                return other[n] instanceof BigInteger ? -1 : Integer.compare(NUMBER, (Integer) other[n]);
            }
            return 0;
        }

        private static int compareToken(Object l, Object r) {
            if (l instanceof BigInteger li && r instanceof BigInteger ri) {
                return li.compareTo(ri);
            }
            int lr = l instanceof Integer rank ? rank : NUMBER;
            int rr = r instanceof Integer rank ? rank : NUMBER;
            return Integer.compare(lr, rr);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ComposerVersion v && Arrays.equals(tokens, v.tokens);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(tokens);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
