package dev.tarsier.vulndb.internal.version;

import dev.tarsier.api.spi.InvalidVersionException;
import dev.tarsier.api.spi.Version;
import dev.tarsier.api.spi.VersionScheme;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NuGet package versions ({@code NuGetVersion} of NuGet.Versioning), used for the OSV ecosystem
 * {@code NuGet}.
 *
 * <p>Accepted (learn.microsoft.com, "NuGet package version reference"): one to four dot-separated
 * numbers ({@code 1}, {@code 1.0}, {@code 1.2.3}, the legacy four-part {@code 1.2.3.4}), then an
 * optional pre-release label {@code -x.y.z} of {@code [0-9A-Za-z-]} identifiers and optional build
 * metadata {@code +...}. Surrounding whitespace is ignored.
 *
 * <p>Ordering (SemVer 2.0.0 as NuGet applies it, {@code VersionComparer.Default}): major, minor,
 * patch and revision numerically, a missing part being {@code 0} ({@code 1.0 = 1.0.0 = 1.0.0.0});
 * then a version without a label is higher than any pre-release of it; labels compare identifier by
 * identifier, numeric ones numerically and below alphanumeric ones, alphanumeric ones ordinally
 * ignoring case ({@code 1.0.0-RC.1 = 1.0.0-rc.1}), and a label that extends another is higher.
 * Build metadata is ignored ({@code 1.0.0+abc = 1.0.0}).
 *
 * @see <a href="https://learn.microsoft.com/en-us/nuget/concepts/package-versioning">NuGet package
 *     version reference</a>
 * @see <a href="https://semver.org/spec/v2.0.0.html">Semantic Versioning 2.0.0</a>
 */
public final class NuGetVersionScheme implements VersionScheme {

    /** Scheme id. */
    public static final String ID = "nuget";

    /** The OSV ecosystem. */
    public static final String ECOSYSTEM = "NuGet";

    private static final Pattern VERSION = Pattern.compile(
            "(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?(?:\\.(\\d+))?"
                    + "(?:-([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?(?:\\+[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?");

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
        Matcher m = VERSION.matcher(text.strip());
        if (!m.matches()) {
            throw new InvalidVersionException(ID, text, "not a NuGet version");
        }
        BigInteger[] numbers = new BigInteger[4];
        for (int i = 0; i < 4; i++) {
            numbers[i] = m.group(i + 1) == null ? BigInteger.ZERO : new BigInteger(m.group(i + 1));
        }
        Object[] label = null;
        if (m.group(5) != null) {
            String[] ids = m.group(5).split("\\.");
            label = new Object[ids.length];
            for (int i = 0; i < ids.length; i++) {
                label[i] = ids[i].chars().allMatch(c -> c >= '0' && c <= '9')
                        ? new BigInteger(ids[i]) : ids[i].toLowerCase(Locale.ROOT);
            }
        }
        return new NuGetVersion(text, numbers, label);
    }

    /** A parsed NuGet version: four numbers and the pre-release identifiers (null for a release). */
    static final class NuGetVersion implements Version {
        private final String text;
        private final BigInteger[] numbers;
        private final Object[] label;

        NuGetVersion(String text, BigInteger[] numbers, Object[] label) {
            this.text = text;
            this.numbers = numbers;
            this.label = label;
        }

        @Override
        public String text() {
            return text;
        }

        @Override
        public int compareTo(Version o) {
            NuGetVersion other = (NuGetVersion) o;
            for (int i = 0; i < 4; i++) {
                int c = numbers[i].compareTo(other.numbers[i]);
                if (c != 0) {
                    return c;
                }
            }
            if (label == null || other.label == null) {
                return label == other.label ? 0 : label == null ? 1 : -1;
            }
            int n = Math.min(label.length, other.label.length);
            for (int i = 0; i < n; i++) {
                int c = compareIdentifier(label[i], other.label[i]);
                if (c != 0) {
                    return c;
                }
            }
            return Integer.compare(label.length, other.label.length);
        }

        /** Numeric identifiers numerically and below alphanumeric ones, which compare as lower-cased text. */
        private static int compareIdentifier(Object l, Object r) {
            boolean ln = l.getClass() == BigInteger.class;
            boolean rn = r.getClass() == BigInteger.class;
            if (ln && rn) {
                return ((BigInteger) l).compareTo((BigInteger) r);
            }
            if (ln != rn) {
                return ln ? -1 : 1;
            }
            return ((String) l).compareTo((String) r);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof NuGetVersion v && Arrays.equals(numbers, v.numbers) && Arrays.equals(label, v.label);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(numbers) + Arrays.hashCode(label);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
