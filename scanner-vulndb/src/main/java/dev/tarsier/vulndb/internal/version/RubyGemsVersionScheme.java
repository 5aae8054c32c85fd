package dev.tarsier.vulndb.internal.version;

import dev.tarsier.api.spi.InvalidVersionException;
import dev.tarsier.api.spi.Version;
import dev.tarsier.api.spi.VersionScheme;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * RubyGems versions ({@code Gem::Version}, rubygems {@code lib/rubygems/version.rb}), used for the
 * OSV ecosystem {@code RubyGems}.
 *
 * <p>Accepted: what {@code Gem::Version.correct?} accepts, {@code [0-9]+(.[0-9a-zA-Z]+)*} optionally
 * followed by {@code -} and dot-separated {@code [0-9A-Za-z-]+} parts, with surrounding whitespace.
 * A {@code -} means {@code .pre.} ({@code 1.0-rc1} is {@code 1.0.pre.rc1}), as in
 * {@code Gem::Version#initialize}. The empty string, which RubyGems reads as {@code 0}, is rejected:
 * a package without a version must not match every range.
 *
 * <p>Ordering ({@code Gem::Version#<=>}): the version is split into segments, runs of digits
 * (numbers) and runs of letters (strings), separators dropped. Trailing zeros are removed from the
 * numeric run before the first string segment and from the rest ({@code canonical_segments}), so
 * {@code 1.0 = 1.0.0} and {@code 0.beta.1 = 0.0.beta.1}. Segments then compare pairwise, a missing
 * segment counting as {@code 0}: numbers numerically, strings by bytes (case-sensitive), and a string
 * is lower than any number, which is why any version with a letter is a pre-release:
 * {@code 1.0.a < 1.0 < 1.0.1}.
 *
 * @see <a href="https://guides.rubygems.org/patterns/#semantic-versioning">RubyGems guides: Patterns</a>
 * @see <a href="https://docs.ruby-lang.org/en/master/Gem/Version.html">Gem::Version</a>
 */
public final class RubyGemsVersionScheme implements VersionScheme {

    /** Scheme id. */
    public static final String ID = "gem";

    /** The OSV ecosystem. */
    public static final String ECOSYSTEM = "RubyGems";

    private static final Pattern CORRECT =
            Pattern.compile("[0-9]+(?:\\.[0-9a-zA-Z]+)*(?:-[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?");

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
        String v = text.strip();
        if (v.isEmpty()) {
            throw new InvalidVersionException(ID, text, "empty");
        }
        if (!CORRECT.matcher(v).matches()) {
            throw new InvalidVersionException(ID, text, "not a RubyGems version");
        }
        v = v.replace("-", ".pre.");
        List<Object> segments = new ArrayList<>();
        int i = 0;
        while (i < v.length()) {
            char c = v.charAt(i);
            int start = i;
            if (isDigit(c)) {
                while (i < v.length() && isDigit(v.charAt(i))) {
                    i++;
                }
                segments.add(new BigInteger(v.substring(start, i)));
            } else if (isLetter(c)) {
                while (i < v.length() && isLetter(v.charAt(i))) {
                    i++;
                }
                segments.add(v.substring(start, i));
            } else {
                i++;
            }
        }
        return new GemVersion(text, canonical(segments));
    }

    /** {@code canonical_segments}: trailing zeros dropped from the numeric head and from the rest. */
    private static Object[] canonical(List<Object> segments) {
        int firstString = 0;
        while (firstString < segments.size() && !(segments.get(firstString) instanceof String)) {
            firstString++;
        }
        List<Object> out = new ArrayList<>(dropTrailingZeros(segments.subList(0, firstString)));
        out.addAll(dropTrailingZeros(segments.subList(firstString, segments.size())));
        return out.toArray();
    }

    private static List<Object> dropTrailingZeros(List<Object> run) {
        int end = run.size();
        while (end > 0 && BigInteger.ZERO.equals(run.get(end - 1))) {
            end--;
        }
        return run.subList(0, end);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /** A parsed gem version: its canonical segments, {@link BigInteger}s and {@link String}s. */
    static final class GemVersion implements Version {
        private final String text;
        private final Object[] segments;

        GemVersion(String text, Object[] segments) {
            this.text = text;
            this.segments = segments;
        }

        @Override
        public String text() {
            return text;
        }

        @Override
        public int compareTo(Version o) {
            Object[] other = ((GemVersion) o).segments;
            int n = Math.max(segments.length, other.length);
            for (int i = 0; i < n; i++) {
                Object l = i < segments.length ? segments[i] : BigInteger.ZERO;
                Object r = i < other.length ? other[i] : BigInteger.ZERO;
                if (l instanceof String ls) {
                    if (r instanceof String rs) {
                        int c = ls.compareTo(rs);
                        if (c != 0) {
                            return c;
                        }
                    } else {
                        return -1;
                    }
                } else if (r instanceof String) {
                    return 1;
                } else {
                    int c = ((BigInteger) l).compareTo((BigInteger) r);
                    if (c != 0) {
                        return c;
                    }
                }
            }
            return 0;
        }

        /** Equal when the canonical segments are, as {@code Gem::Version#eql?} is not but {@code <=>} is. */
        @Override
        public boolean equals(Object o) {
            return o instanceof GemVersion g && Arrays.equals(segments, g.segments);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(segments);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
