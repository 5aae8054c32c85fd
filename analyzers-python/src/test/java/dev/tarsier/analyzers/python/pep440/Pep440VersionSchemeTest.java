package dev.tarsier.analyzers.python.pep440;

import dev.tarsier.api.spi.InvalidVersionException;
import dev.tarsier.api.spi.Version;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PEP 440 ordering on vectors written from the specification ("Version specifiers"). */
class Pep440VersionSchemeTest {

    private static final Pep440VersionScheme SCHEME = new Pep440VersionScheme();

    private static String symbol(int c) {
        return c < 0 ? "<" : c == 0 ? "=" : ">";
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource(delimiter = ' ', value = {
        // Version epochs: the epoch is compared first, numerically; 0! is the implicit epoch.
        "1!1.0 > 2.0", "0!1.0 = 1.0", "1!0.1 > 99.99", "2!1.0 > 1!9.0", "01!1.0 = 1!1.0",
        // Final releases: numeric segments, padded with zeros; leading zeros ignored.
        "1.0 = 1.0.0", "1.0.0.0.1 > 1.0", "1.01 = 1.1", "1.10 > 1.9", "2.0 > 1.99.99", "1 = 1.0",
        "1.99999999999999999999 < 1.100000000000000000000",
        // Pre-releases: a < b < rc < final; alternative spellings and separators.
        "1.0a1 < 1.0b1", "1.0b1 < 1.0rc1", "1.0rc1 < 1.0", "1.0a2 < 1.0a10", "1.0c1 = 1.0rc1",
        "1.0alpha1 = 1.0a1", "1.0beta2 = 1.0b2", "1.0pre1 = 1.0rc1", "1.0preview1 = 1.0rc1",
        "1.0a = 1.0a0", "1.0-a1 = 1.0a1", "1.0.a.1 = 1.0a1", "1.0_b_2 = 1.0b2", "1.0RC1 = 1.0rc1",
        "1.0rc1 > 0.9.post9", "1.0a.post1 = 1.0a0.post1", "1.0-rc-1-1 = 1.0rc1.post1",
        // Post-releases: after the final release, before the next one; implicit number and "-N".
        "1.0 < 1.0.post0", "1.0-1 = 1.0.post1", "1.0post1 = 1.0.post1", "1.0.rev1 = 1.0.post1",
        "1.0-r1 = 1.0.post1", "1.0.post = 1.0.post0", "1.0.post1 < 1.0.1", "1.0.post2 < 1.0.post10",
        "1.0b2.post1 < 1.0rc1", "1.0b2.post1 > 1.0b2",
        // Developmental releases: before the release they belong to, even before its pre-releases.
        "1.0.dev1 < 1.0a1", "1.0.dev999 < 1.0a0", "1.0.dev1 < 1.0.dev2", "1.0.dev = 1.0.dev0",
        "1.0a1.dev1 < 1.0a1", "1.0a1.dev1 > 1.0.dev1", "1.0-dev1 = 1.0.dev1", "1.0dev1 = 1.0.dev1",
        "1.0.post1.dev1 < 1.0.post1", "1.0.post1.dev1 > 1.0", "1.0.dev1 > 0.9", "1.0rc1.dev1 > 1.0b9",
        // Local versions: after the public version, segment by segment, numbers above letters.
        "1.0+local > 1.0", "1.0+local < 1.0.post1", "1.0+local < 1.0.0.1", "1.0+abc < 1.0+1",
        "1.0+abc < 1.0+abc.1", "1.0+ubuntu-1 = 1.0+ubuntu.1", "1.0+ubuntu_1 = 1.0+ubuntu.1",
        "1.0+ABC = 1.0+abc", "1.0+01 = 1.0+1", "1.0+2 < 1.0+10", "1.0+a10 < 1.0+a9",
        "1.0a1+local < 1.0a2",
        // Accepted spellings of the same version.
        "v1.0 = 1.0", "V2.0.POST1 = 2.0.post1", "1.0.0-RC.1+Ubuntu-1 = 1.0rc1+ubuntu.1"})
    void compare_specVectors_orderAsTheSpecSays(String left, String op, String right)
            throws InvalidVersionException {
        assertEquals(op, symbol(SCHEME.compare(left, right)), left + " vs " + right);
        assertEquals(symbol(-SCHEME.compare(left, right)), symbol(SCHEME.compare(right, left)),
                "antisymmetric: " + right + " vs " + left);
        Version l = SCHEME.parse(left);
        Version r = SCHEME.parse(right);
        assertEquals(op.equals("="), l.equals(r), "equals agrees with compareTo");
        if (op.equals("=")) {
            assertEquals(l.hashCode(), r.hashCode(), "equal versions hash alike");
        }
    }

    /** The ordered example list of the specification's "Summary of permitted suffixes and relative ordering". */
    @Test
    void compare_specSummaryList_isStrictlyIncreasing() throws InvalidVersionException {
        List<String> ordered = List.of("1.dev0", "1.0.dev456", "1.0a1", "1.0a2.dev456",
                "1.0a12.dev456", "1.0a12", "1.0b1.dev456", "1.0b2", "1.0b2.post345.dev456",
                "1.0b2.post345", "1.0rc1.dev456", "1.0rc1", "1.0", "1.0+abc.5", "1.0+abc.7",
                "1.0+5", "1.0.post456.dev34", "1.0.post456", "1.0.15", "1.1.dev1");
        for (int i = 0; i < ordered.size(); i++) {
            for (int j = 0; j < ordered.size(); j++) {
                assertEquals(symbol(Integer.compare(i, j)),
                        symbol(SCHEME.compare(ordered.get(i), ordered.get(j))),
                        ordered.get(i) + " vs " + ordered.get(j));
            }
        }
    }

    @ParameterizedTest(name = "''{0}'' normalizes to {1}")
    @CsvSource({"v1.0-1, 1.0.post1", "1.0ALPHA, 1.0a0", "0!1.0, 1.0", "01.02, 1.2",
        "1.0.0-RC.1+Ubuntu-1, 1.0.0rc1+ubuntu.1", "1.0-dev, 1.0.dev0", "1!2.0.preview3, 1!2.0rc3",
        "1.0.r, 1.0.post0", "1.0c, 1.0rc0", "2.0b1.post2.dev3, 2.0b1.post2.dev3"})
    void normalized_alternativeSpellings_giveTheCanonicalForm(String text, String normalized)
            throws InvalidVersionException {
        Pep440Version v = SCHEME.parse(text);
        assertEquals(normalized, v.normalized());
        assertEquals(text, v.text());
    }

    @Test
    void parse_surroundingWhitespace_isIgnored() throws InvalidVersionException {
        assertEquals(0, SCHEME.compare(" \t1.0.post1\n", "1.0.post1"));
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"", " ", "2004d", "1.0-foo", "1.0.", ".1", "1..0", "1.0+", "1.0+abc_",
        "1.0a1a2", "latest", "1.0 beta", "1!", "1.0+foo+bar", "1.0-", "1.0.post1.post2",
        "dev", "1.0.dev1.post1", "1,0", "١.٠"})
    void parse_notAPep440Version_isRejectedNotGuessed(String text) {
        InvalidVersionException e = assertThrows(InvalidVersionException.class, () -> SCHEME.parse(text));
        assertEquals(Pep440VersionScheme.ID, e.scheme());
        assertEquals(text, e.version());
    }

    @Test
    void parse_hostileLongInputs_answerInLinearTimeWithoutStackOverflow() {
        String manySegments = "1" + ".0".repeat(200_000) + ".1";
        String longLocal = "1.0+" + "a.".repeat(100_000) + "b";
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            assertEquals(">", symbol(SCHEME.compare(manySegments, "1.0")));
            assertEquals(">", symbol(SCHEME.compare(longLocal, "1.0+a")));
            assertThrows(InvalidVersionException.class, () -> SCHEME.parse(longLocal + "!"));
            assertThrows(InvalidVersionException.class, () -> SCHEME.parse("1.0" + "-".repeat(100_000) + "x"));
            assertThrows(InvalidVersionException.class, () -> SCHEME.parse("1.0" + ".dev".repeat(50_000)));
        });
    }

    @Test
    void isPrerelease_devAndPreReleases_butNotPostOrLocal() throws InvalidVersionException {
        assertTrue(SCHEME.parse("1.0a1").isPrerelease());
        assertTrue(SCHEME.parse("1.0.dev1").isPrerelease());
        assertTrue(SCHEME.parse("1.0.post1.dev1").isPrerelease());
        assertFalse(SCHEME.parse("1.0.post1").isPrerelease());
        assertFalse(SCHEME.parse("1.0+dev").isPrerelease());
        assertTrue(SCHEME.parse("1.0+dev").hasLocal());
    }

    @Test
    void scheme_idAndEcosystem_matchOsv() {
        assertEquals("pep440", SCHEME.id());
        assertEquals(Set.of("PyPI"), SCHEME.ecosystems());
    }
}
