package dev.tarsier.vulndb.internal.version;

import dev.tarsier.api.spi.InvalidVersionException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Composer versions: normalisation cases of composer/semver's {@code VersionParserTest}
 * ({@code successfulNormalizedVersions}) and orderings of its {@code ComparatorTest} and of PHP's
 * {@code version_compare} documentation, plus spellings of real installed.json files.
 */
class ComposerVersionSchemeTest {

    private final ComposerVersionScheme scheme = new ComposerVersionScheme();

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = ' ', value = {
            "1.0.0 1.0.0.0",
            "1.2.3.4 1.2.3.4",
            "1.0.0RC1dev 1.0.0.0-RC1-dev",
            "1.0.0-rC15-dev 1.0.0.0-RC15-dev",
            "1.0.0.RC.15-dev 1.0.0.0-RC15-dev",
            "1.0.0-rc1 1.0.0.0-RC1",
            "1.0.0.pl3-dev 1.0.0.0-patch3-dev",
            "1.0-dev 1.0.0.0-dev",
            "0 0.0.0.0",
            "10.4.13-beta 10.4.13.0-beta",
            "10.4.13beta2 10.4.13.0-beta2",
            "10.4.13beta.2 10.4.13.0-beta2",
            "v1.13.11-beta.0 1.13.11.0-beta0",
            "1.13.11.0-beta0 1.13.11.0-beta0",
            "10.4.13-b 10.4.13.0-beta",
            "10.4.13-b5 10.4.13.0-beta5",
            "v1.0.0 1.0.0.0",
            "v20100102 20100102",
            "2010.01 2010.01.0.0",
            "2010.01.02 2010.01.02.0",
            "2010-01-02 2010.01.02",
            "2010-01-02.5 2010.01.02.5",
            "20100102-203040 20100102.203040",
            "20100102203040-10 20100102203040.10",
            "1.0.0-stable 1.0.0.0",
            "1.0.0-p1 1.0.0.0-patch1",
            "1.0.0-pl1 1.0.0.0-patch1",
            "1.0.0+foo 1.0.0.0",
            "1.0.0-alpha.3.1+foo 1.0.0.0-alpha3.1",
            "1.x-dev 1.9999999.9999999.9999999-dev",
            "1.0.x-dev 1.0.9999999.9999999-dev",
            "1.0.0.x-dev 1.0.0.9999999-dev",
            "1.0.x-dev_as_1.0.0 1.0.9999999.9999999-dev",
            "__1.0.0__ 1.0.0.0",
            "2010.1.555 2010.1.555.0",
            "20150920.0.0 20150920.0.0",
            "20100102-203040-p1 20100102.203040-patch1",
            "1.0.0-beta.5+foo 1.0.0.0-beta5",
            "1.0.0-alpha2.1+foo 1.0.0.0-alpha2.1",
            "1.0.0-alpha-2.1-3+foo 1.0.0.0-alpha2.1-3",
            "1.0.0+foo_as_2.0 1.0.0.0",
            "1.2-p.5+foo 1.2.0.0-patch5",
    })
    void normalize(String text, String normalized) throws InvalidVersionException {
        assertEquals(normalized, ComposerVersionScheme.normalize(text.replace('_', ' ')));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource(delimiter = ' ', value = {
            "1.25.0 > 1.24.0",
            "1.25.0 < 1.26.0",
            "1.25.0 = 1.25.0",
            "v1.25.0 = 1.25.0.0",
            "1.0.0 > 1.0.0-RC1",
            "1.0.0-RC1 > 1.0.0-beta2",
            "1.0.0-beta2 > 1.0.0-beta1",
            "1.0.0-beta1 > 1.0.0-beta1-dev",
            "1.0.0-beta1-dev > 1.0.0-alpha2",
            "1.0.0-alpha2 > 1.0.0-alpha1",
            "1.0.0-alpha1 > 1.0.0-dev",
            "1.0.0-a1 = 1.0.0-alpha1",
            "1.0.0-b1 = 1.0.0-BETA1",
            "1.0.0-rc1 = 1.0.0-RC1",
            "1.0.0-p1 > 1.0.0",
            "1.0.0-patch2 > 1.0.0-p1",
            "1.0.0-p1 < 1.0.0.1",
            "1.0.0-p1 < 1.0.1",
            "1.0.0-stable = 1.0.0",
            "1.0.0.1 > 1.0.0",
            "1.0 = 1.0.0.0",
            "1.10.0 > 1.9.0",
            "1.0.0-RC10 > 1.0.0-RC9",
            "1.0.0-beta.1 = 1.0.0-beta1",
            "1.0.x-dev > 1.0.5",
            "1.0.x-dev < 1.1.0",
            "4.4.45 < 4.4.46",
            "4.4.46 = v4.4.46",
            "4.8.5 < 4.8.6",
            "2010-01-02 < 2010-01-03",
    })
    void compare(String left, String op, String right) throws InvalidVersionException {
        int c = Integer.signum(scheme.compare(left, right));
        assertEquals(switch (op) { case "<" -> -1; case ">" -> 1; default -> 0; }, c, left + " " + op + " " + right);
        assertEquals(-c, Integer.signum(scheme.compare(right, left)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "dev-main", "dev-master", "master", "1.0.0-foo", "a", "1.0.0-beta-alpha",
            "1.0.0.0.0", "1.0.0-dev-beta", "feature-foo", "1.0.0+foo bar", "feature/x", "1.0.0-meh"})
    void parse_rejectsWhatComposerCannotOrder(String text) {
        assertThrows(InvalidVersionException.class, () -> scheme.parse(text));
    }
}
