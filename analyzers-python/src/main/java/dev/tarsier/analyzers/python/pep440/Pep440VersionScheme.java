package dev.tarsier.analyzers.python.pep440;

import dev.tarsier.api.spi.InvalidVersionException;
import dev.tarsier.api.spi.VersionScheme;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Version ordering of Python packages as specified by PEP 440 ("Version Identification and
 * Dependency Specification", now the PyPA "Version specifiers" specification), used for the OSV
 * ecosystem {@code PyPI}.
 *
 * <p>Accepted: the public version scheme {@code [N!]N(.N)*[{a|b|rc}N][.postN][.devN]} with an
 * optional local label {@code +<local>}, plus every spelling the specification's "Normalization"
 * section tells tools to accept: any case, a leading {@code v}, surrounding whitespace,
 * {@code alpha}/{@code beta}/{@code c}/{@code pre}/{@code preview} for {@code a}/{@code b}/{@code rc},
 * {@code rev}/{@code r} for {@code post}, {@code -}, {@code _} or {@code .} (or nothing) as
 * separators before and inside pre, post and dev segments, implicit numbers ({@code 1.0a} is
 * {@code 1.0a0}), the implicit post release {@code 1.0-1}, leading zeros in numbers, and
 * {@code -} or {@code _} between local segments. Anything else, such as the legacy
 * {@code 2004d} or {@code 1.0-foo}, is rejected: the specification gives it no ordering.
 *
 * <p>Ordering (specification section "Summary of permitted suffixes and relative ordering"):
 * <ol>
 *   <li>the epoch, numerically;</li>
 *   <li>the release segments, numerically, the shorter one padded with zeros ({@code 1.0 = 1.0.0});</li>
 *   <li>within one release: developmental releases of the release itself ({@code 1.0.dev1}) first,
 *       then alpha, beta and release candidates (each with their own {@code .devN} before them and
 *       {@code .postN} after them), then the final release, then post releases, each post release
 *       preceded by its own developmental releases ({@code 1.0.post1.dev1 < 1.0.post1});</li>
 *   <li>last, a version with a local label is newer than the same version without one; labels
 *       compare segment by segment, numeric segments numerically and above alphanumeric ones,
 *       alphanumeric ones case-insensitively, and a label that extends another one is newer.</li>
 * </ol>
 * Two versions compare equal when their normalized forms are the same ({@code 1.0-1} and
 * {@code 1.0.post1}, {@code 1.0} and {@code 1.0.0}); {@link Pep440Version#equals} agrees with that.
 *
 * @see <a href="https://packaging.python.org/en/latest/specifications/version-specifiers/">Version
 *     specifiers</a>
 * @see <a href="https://peps.python.org/pep-0440/">PEP 440</a>
 * @since 0.1
 */
public final class Pep440VersionScheme implements VersionScheme {

    /** Scheme id. */
    public static final String ID = "pep440";

    /** The OSV ecosystem whose ranges use this ordering. */
    public static final String ECOSYSTEM = "PyPI";

    private static final Pattern LOCAL_SEPARATOR = Pattern.compile("[-_.]");

    /** Creates the scheme; stateless, as the service loader needs it. */
    public Pep440VersionScheme() {
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Set<String> ecosystems() {
        return Set.of(ECOSYSTEM);
    }

    @Override
    public Pep440Version parse(String text) throws InvalidVersionException {
        return parseVersion(text);
    }

    /**
     * Parses a version (see the class comment for what is accepted).
     *
     * @throws InvalidVersionException if the text is not a PEP 440 version
     * @throws NullPointerException if {@code text} is null
     */
    public static Pep440Version parseVersion(String text) throws InvalidVersionException {
        String stripped = text.strip();
        if (stripped.isEmpty()) {
            throw new InvalidVersionException(ID, text, "empty");
        }
        Pep440Parser m = Pep440Parser.parse(stripped);
        if (m == null) {
            throw new InvalidVersionException(ID, text, "not a PEP 440 version");
        }
        String epoch = canonicalNumber(m.epoch);
        String[] release = new String[m.release.size()];
        for (int i = 0; i < release.length; i++) {
            release[i] = canonicalNumber(m.release.get(i));
        }

        int preRank;
        String preNumber = "0";
        if (m.preLabel != null) {
            preRank = preRank(m.preLabel.toLowerCase(Locale.ROOT));
            preNumber = numberOrZero(m.preNumber);
        } else if (m.post == null && m.dev != null) {
            // "1.0.dev1" sorts before "1.0a1": a developmental release of the release itself.
            preRank = Pep440Version.PRE_DEV_ONLY;
        } else {
            preRank = Pep440Version.PRE_NONE;
        }
        String post = m.post == null ? null : canonicalNumber(m.post);
        String dev = m.dev == null ? null : canonicalNumber(m.dev);

        String[] local = null;
        if (m.local != null) {
            local = LOCAL_SEPARATOR.split(m.local.toLowerCase(Locale.ROOT));
            for (int i = 0; i < local.length; i++) {
                if (Pep440Version.isDigits(local[i])) {
                    local[i] = canonicalNumber(local[i]);
                }
            }
        }
        return new Pep440Version(text, epoch, release, preRank, preNumber, post, dev, local);
    }

    private static int preRank(String label) {
        return switch (label) {
            case "a", "alpha" -> Pep440Version.PRE_ALPHA;
            case "b", "beta" -> Pep440Version.PRE_BETA;
            // "c", "pre" and "preview" are spellings of "rc" (Normalization: pre-release spelling).
            default -> Pep440Version.PRE_RC;
        };
    }

    private static String numberOrZero(String digits) {
        return digits == null ? "0" : canonicalNumber(digits);
    }

    /** Digits without leading zeros ("Integer normalization"), "0" for zero. */
    static String canonicalNumber(String digits) {
        int i = 0;
        while (i < digits.length() - 1 && digits.charAt(i) == '0') {
            i++;
        }
        return digits.substring(i);
    }
}
