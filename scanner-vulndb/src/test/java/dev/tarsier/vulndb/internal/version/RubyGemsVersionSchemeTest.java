package dev.tarsier.vulndb.internal.version;

import dev.tarsier.api.spi.InvalidVersionException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@code Gem::Version} ordering. The first rows are the assertions of rubygems'
 * {@code test/rubygems/test_gem_version.rb} ({@code test_spaceship} except {@code "" <=> "0"}, which
 * this scheme rejects on purpose, {@code test_equals2}, {@code test_semver}, {@code test_prerelease});
 * the rest the rules of {@code Gem::Version}'s documentation
 * ("1.0.a.2 < 1.0.b1 < 1.0 < 1.0.1") and spellings seen in gemspecs and Gemfile.lock files.
 */
class RubyGemsVersionSchemeTest {

    private final RubyGemsVersionScheme scheme = new RubyGemsVersionScheme();

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource(delimiter = ' ', value = {
            // test_spaceship
            "1.0 = 1.0.0",
            "1.0 > 1.0.a",
            "1.8.2 > 0.0.0",
            "1.8.2 > 1.8.2.a",
            "1.8.2.b > 1.8.2.a",
            "1.8.2.a < 1.8.2",
            "1.8.2.a10 > 1.8.2.a9",
            "0.beta.1 = 0.0.beta.1",
            "0.0.beta < 0.0.beta.1",
            "0.0.beta < 0.beta.1",
            "5.a < 5.0.0.rc2",
            "5.x > 5.0.0.rc2",
            // test_equals2
            "1.2.b1 = 1.2.b.1",
            "1.2 < 1.3",
            // test_semver: SemVer pre-release spellings through the '-' rule
            "1.0.0-alpha < 1.0.0-alpha.1",
            "1.0.0-alpha.1 < 1.0.0-beta.2",
            "1.0.0-beta.2 < 1.0.0-beta.11",
            "1.0.0-beta.11 < 1.0.0-rc.1",
            "1.0.0-rc1 < 1.0.0",
            "1.0.0-1 < 1",
            // test_prerelease: a letter anywhere makes a pre-release
            "22.1.50.0.d < 22.1.50",
            "1.2.d.42 < 1.2",
            "1.A < 1",
            // Gem::Version documentation: release ordering of pre-releases
            "1.0.a.2 < 1.0.b1",
            "1.0.b1 < 1.0",
            "1.0 < 1.0.1",
            "1.0.a < 1.0.a.1",
            "1.0.a1 = 1.0.a.1",
            // '-' is '.pre.' (Gem::Version#initialize)
            "1.0.0-rc1 = 1.0.0.pre.rc1",
            "1.0.0-rc1 < 1.0.0",
            "1.0.0-rc1 > 1.0.0.beta",
            // numbers are numbers, letters compare by bytes
            "1.10 > 1.9",
            "1.01 = 1.1",
            "1.0.RC1 < 1.0.rc1",
            "7.0.3.1 > 7.0.3",
            "7.0.3.1 < 7.0.4",
            "6.1.6.1 > 6.1.6",
            "1.13.4 > 1.13.3",
            "1.13.10 > 1.13.4",
            "_1.2 = 1.2",
    })
    void compare(String left, String op, String right) throws InvalidVersionException {
        int c = Integer.signum(scheme.compare(left.replace('_', ' '), right));
        assertEquals(switch (op) { case "<" -> -1; case ">" -> 1; default -> 0; }, c, left + " " + op + " " + right);
        assertEquals(-c, Integer.signum(scheme.compare(right, left.replace('_', ' '))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "junk", "1.0\n1.0", "1..2", "1.2.", ".1", "v1.0", "1.0 beta", "1.2.3-", "=1.0"})
    void parse_rejectsWhatGemVersionRejects(String text) {
        assertThrows(InvalidVersionException.class, () -> scheme.parse(text));
    }
}
