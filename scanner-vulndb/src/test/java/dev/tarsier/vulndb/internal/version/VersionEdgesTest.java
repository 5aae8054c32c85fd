package dev.tarsier.vulndb.internal.version;

import dev.tarsier.api.spi.InvalidVersionException;
import dev.tarsier.api.spi.Version;
import dev.tarsier.api.spi.VersionScheme;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Version rules at the edges (issue 14), driven by the vectors of the package managers' own test
 * suites: dpkg's {@code lib/dpkg/t/t-version.c}, apk-tools 3's {@code test/unit/version.data} and
 * Maven's {@code ComparableVersionTest} (maven-artifact). Only the vectors are transcribed.
 */
class VersionEdgesTest {

    private static final DebVersionScheme DEB = new DebVersionScheme();
    private static final ApkVersionScheme APK = new ApkVersionScheme();
    private static final MavenVersionScheme MAVEN = new MavenVersionScheme();

    private static int compare(VersionScheme scheme, String a, String b) throws InvalidVersionException {
        Version va = scheme.parse(a);
        Version vb = scheme.parse(b);
        int forward = Integer.signum(va.compareTo(vb));
        assertEquals(-forward, Integer.signum(vb.compareTo(va)), a + " vs " + b + " is not antisymmetric");
        return forward;
    }

    private static int sign(String op) {
        return switch (op) {
            case "<" -> -1;
            case ">" -> 1;
            case "=" -> 0;
            default -> throw new IllegalArgumentException(op);
        };
    }

    // ---- dpkg: lib/dpkg/t/t-version.c (test_version_compare, test_version_parse) ----

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource(delimiter = ' ', value = {
        // test_version_compare: (epoch, version, revision) objects written as strings
        "0:1-1 < 0:2-1", "0:1-1 < 0:1-2", "0:0-0 = 0:0-0", "0:0-00 = 0:00-0", "1:2-3 = 1:2-3",
        "0:0-0 < 1:0-0", "0:a-0 < 0:b-0", "0:0-a < 0:0-b",
        // test_version_parse: what parses compares equal to the object it stands for
        "0 = 0:0", "0:0- = 0", "0:0-0 = 0:0-0", "0:0.0-0.0 = 0:0.0-0.0", "1:0 > 0", "5:1 > 4:9",
        "0:0-0-0 = 0:0-0-0", "0:0-0-0-0 = 0:0-0-0-0", "0:0:0-0 = 0:0:0-0", "0:0:0:0-0 = 0:0:0:0-0",
        "0:0:0-0-0 = 0:0:0-0-0", "0:0-0:0-0 = 0:0-0:0-0", "0:09azAZ.-+~:-0 = 0:09azAZ.-+~:-0",
        "0:0-azAZ09.+~ = 0:0-azAZ09.+~",
        // versions dpkg only warns about: compared all the same
        "0:abc3-0 < 0:abd3-0", "0:abc3-0 > 0:0abc3-0", "0:a-0 < 0:b-0", "a > 0", "a~ < a", "a < aa", "a < a+",
        "0:0-0:0 > 0:0-0", "0:0-0:0 > 0:0-0a", "0:0!-0 > 0:0-0", "0:0!-0 < 0:0+-0", "0:0a-0 < 0:0!-0"
    })
    void deb_dpkgVectors(String a, String op, String b) throws InvalidVersionException {
        assertEquals(sign(op), compare(DEB, a, b));
    }

    @Test
    void deb_leadingAndTrailingBlanks_areIgnoredAsDpkgDoes() throws InvalidVersionException {
        for (String spaced : List.of("  \t0:0-1", "0:0-1\t  ", "\t  0:0-1  \t")) {
            assertEquals(0, compare(DEB, spaced, "0:0-1"), spaced);
        }
    }

    @Test
    void deb_everyCharacterDpkgWarnsAbout_isAcceptedAndOrdered() throws InvalidVersionException {
        // t-version.c replaces the fourth character of "0:0a-0" (upstream) and the fifth of
        // "0:0-0" (revision) with each of these; dpkg warns and goes on
        for (char c : "!#@$%&/|\\<>()[]{};,_=*^'".toCharArray()) {
            String upstream = "0:0" + c + "-0";
            assertEquals(1, compare(DEB, upstream, "0:0-0"), upstream);
            assertEquals(1, compare(DEB, upstream, "0:0z-0"), upstream + ": non-letters sort after letters");
        }
        for (char c : "!#@$%&/|\\<>()[]{}:;,_=*^'".toCharArray()) {
            String revision = "0:0-" + c;
            // against the digit run of "0", the character weighs against the end of a non-digit run (0)
            assertEquals(1, compare(DEB, revision, "0:0-0"), revision);
            assertEquals(-1, compare(DEB, "0:0-~", revision), revision + ": only '~' sorts before the end");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "0:", "0:0 0-1", "-1:0-1", "999999999999999999999999:0-1", "a:0-0", "A:0-0",
        "-0", "0:-0", ":1.0", "1.0\u00e9", "1.0\u0001"})
    void deb_whatDpkgRefusesWithAnError_isRejected(String text) {
        assertThrows(InvalidVersionException.class, () -> DEB.parse(text), text);
    }

    // ---- apk-tools 3: test/unit/version.data ----

    @Test
    void apk_apkTools3VersionData_allRowsAgree() throws IOException, InvalidVersionException {
        int compared = 0;
        int validity = 0;
        int fuzzy = 0;
        List<String> skippedInvalid = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        for (String row : apkRows()) {
            String[] f = row.split(" ");
            if (f.length == 3) {
                String op = f[1];
                if (op.contains("~")) {
                    fuzzy++; // prefix matching of dependency constraints, not an ordering
                    continue;
                }
                boolean invert = op.startsWith("!");
                if (!valid(f[0]) || !valid(f[2])) {
                    // apk still answers for strings its validator refuses; this scheme rejects them
                    skippedInvalid.add(row);
                    continue;
                }
                int got = compare(APK, f[0], f[2]);
                boolean holds = switch (op.substring(invert ? 1 : 0)) {
                    case "<" -> got < 0;
                    case ">" -> got > 0;
                    case "=" -> got == 0;
                    default -> throw new IllegalArgumentException(row);
                };
                if (holds == invert) {
                    wrong.add(row + " (got " + got + ")");
                }
                compared++;
            } else {
                boolean expectValid = !row.startsWith("!");
                String v = expectValid ? row : row.substring(1);
                if (valid(v) != expectValid) {
                    wrong.add(row + (expectValid ? " rejected" : " accepted"));
                }
                validity++;
            }
        }
        // the one deliberate difference, see ApkVersionScheme: a number after a letter (apk-tools 2)
        assertEquals(List.of("!0.1a1 accepted"), wrong);
        assertEquals(java.util.Set.of("1.0 < 1.0bc", "23_foo > 4_beta"), java.util.Set.copyOf(skippedInvalid));
        assertTrue(compared > 700, "compared " + compared);
        assertEquals(31, validity);
        assertEquals(16, fuzzy);
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource(delimiter = ' ', value = {
        "1.0~1234-r1 < 1.0~2345-r0", "1.0~1234 < 1.0~1234-r1", "1.0 < 1.0~1234", "1.0_rc1 < 1.0~1234",
        "1.0~1234 < 1.0_p1", "1.0~abc < 1.0~abcd", "1.0~ABC < 1.0~abc", "1.0~1234 < 1.0.1", "1.0a > 1.0~1234",
        "8.2.0 < 8.2.001", "1.01 < 1.1", "1.0_rc1 < 1.0"
    })
    void apk_commitHashesAndLeadingZeros(String a, String op, String b) throws InvalidVersionException {
        assertEquals(sign(op), compare(APK, a, b));
    }

    private static boolean valid(String v) {
        try {
            APK.parse(v);
            return true;
        } catch (InvalidVersionException e) {
            return false;
        }
    }

    private static List<String> apkRows() throws IOException {
        List<String> rows = new ArrayList<>();
        try (InputStream in = VersionEdgesTest.class.getResourceAsStream("/versions/apk-tools-3-version.data");
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                int hash = line.indexOf('#');
                String row = (hash >= 0 ? line.substring(0, hash) : line).strip();
                if (!row.isEmpty()) {
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    // ---- Maven: ComparableVersionTest (maven-artifact) ----

    /** testVersionsQualifier: each is older than every one after it. */
    private static final List<String> QUALIFIER_ORDER = List.of("1-alpha2snapshot", "1-alpha2", "1-alpha-123",
            "1-beta-2", "1-beta123", "1-m2", "1-m11", "1-rc", "1-cr2", "1-rc123", "1-SNAPSHOT", "1", "1-sp", "1-sp2",
            "1-sp123", "1-abc", "1-def", "1-pom-1", "1-1-snapshot", "1-1", "1-2", "1-123");

    /** testVersionsNumber. */
    private static final List<String> NUMBER_ORDER = List.of("2.0", "2.0.a", "2-1", "2.0.2", "2.0.123", "2.1.0",
            "2.1-a", "2.1b", "2.1-c", "2.1-1", "2.1.0.1", "2.2", "2.123", "11.a2", "11.a11", "11.b2", "11.b11", "11.m2",
            "11.m11", "11", "11.a", "11b", "11c", "11m");

    @Test
    void maven_comparableVersionTest_orderedLists() throws InvalidVersionException {
        for (List<String> order : List.of(QUALIFIER_ORDER, NUMBER_ORDER)) {
            for (int i = 0; i < order.size(); i++) {
                for (int j = i + 1; j < order.size(); j++) {
                    assertEquals(-1, compare(MAVEN, order.get(i), order.get(j)), order.get(i) + " < " + order.get(j));
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource(delimiter = ' ', value = {
        // testVersionsEqual
        "1 = 1", "1 = 1.0", "1 = 1.0.0", "1.0 = 1.0.0", "1 = 1-0", "1 = 1.0-0", "1.0 = 1.0-0", "1a = 1-a", "1a = 1.0-a",
        "1a = 1.0.0-a", "1.0a = 1-a", "1.0.0a = 1-a", "1x = 1-x", "1x = 1.0-x", "1x = 1.0.0-x", "1.0x = 1-x",
        "1.0.0x = 1-x", "1cr = 1rc", "1a1 = 1-alpha-1", "1b2 = 1-beta-2", "1m3 = 1-milestone-3", "1X = 1x", "1A = 1a",
        "1B = 1b", "1M = 1m", "1Cr = 1Rc", "1cR = 1rC", "1m3 = 1Milestone3", "1m3 = 1MileStone3", "1m3 = 1MILESTONE3",
        // testVersionsHaveSameOrderButAreNotEqual
        "1ga = 1", "1release = 1", "1final = 1", "1Ga = 1", "1GA = 1", "1RELEASE = 1", "1RELeaSE = 1", "1Final = 1",
        "1FinaL = 1", "1FINAL = 1",
        // testVersionComparing
        "1 < 2", "1.5 < 2", "1 < 2.5", "1.0 < 1.1", "1.1 < 1.2", "1.0.0 < 1.1", "1.0.1 < 1.1", "1.1 < 1.2.0",
        "1.0-alpha-1 < 1.0", "1.0-alpha-1 < 1.0-alpha-2", "1.0-alpha-1 < 1.0-beta-1", "1.0-beta-1 < 1.0-SNAPSHOT",
        "1.0-SNAPSHOT < 1.0", "1.0-alpha-1-SNAPSHOT < 1.0-alpha-1", "1.0 < 1.0-1", "1.0-1 < 1.0-2", "1.0.0 < 1.0-1",
        "2.0-1 < 2.0.1", "2.0.1-klm < 2.0.1-lmn", "2.0.1 < 2.0.1-xyz", "2.0.1 < 2.0.1-123", "2.0.1-xyz < 2.0.1-123",
        // testLeadingZeroes, testCompareDigitToLetter, testLexicographicOrder, testCompareLowerCaseToUpperCase*
        "0.7 < 2", "0.2 < 1.0.7", "7 > J", "7 > c", "zebra > aardvark", "1.0.0-ALPHA1 = 1.0.0-alpha1", "1.A = 1.a",
        // testMng5568
        "6.1.0rc3 < 6.1.0", "6.1.0rc3 < 6.1H.5-beta", "6.1.0 < 6.1H.5-beta",
        // testMng6572
        "20190126.230843 < 1234567890.12345", "1234567890.12345 < 123456789012345.1H.5-beta",
        "123456789012345.1H.5-beta < 12345678901234567890.1H.5-beta",
        // testMng6964
        "1-0.alpha < 1", "1-0.beta < 1", "1-0.alpha < 1-0.beta",
        // testMng7714 is Maven 4's ("final" kept as an item); maven-artifact 3.9 drops it, as this scheme does
        "1.0.final-redhat > 1.0-sp1-redhat", "1.0.final-redhat > 1.0-sp-1-redhat", "1.0.final-redhat > 1.0-sp.1-redhat",
        // the corner cases named in issue 14
        "1-ga = 1", "1.0.0.RELEASE = 1", "1.0.0.RELEASE = 1.0.0", "1-sp1 > 1", "1-sp1 > 1-ga", "1-0.1 > 1",
        "1.0-alpha10 > 1.0-alpha2", "2.0.a < 2.0.1", "2.0.a > 2.0", "2.0.a = 2-a", "1.0.RC1 < 1.0", "1.0.CR1 = 1.0.RC1"
    })
    void maven_comparableVersionTestVectors(String a, String op, String b) throws InvalidVersionException {
        assertEquals(sign(op), compare(MAVEN, a, b));
    }

    @Test
    void maven_nonAsciiAndLeadingZeros() throws InvalidVersionException {
        // testDigitGreaterThanNonAscii / NonBmpCharacters / NonAsciiDigits / Greek zebra
        for (String other : List.of("\u00e9", "\uD835\uDFE4", "\u0668")) {
            assertEquals(1, compare(MAVEN, "1", other), other);
            assertEquals(1, compare(MAVEN, "9", other), other);
        }
        assertEquals(1, compare(MAVEN, "\u03b6\u03ad\u03b2\u03c1\u03b1", "zebra"));
        assertEquals(0, compare(MAVEN, "1.\u00e9", "1.\u00c9"));
        // testVersionEqualWithLeadingZeroes and the zeros-only counterpart
        for (int n = 1; n <= 19; n++) {
            assertEquals(0, compare(MAVEN, "0".repeat(n - 1) + "1", "1"), n + " digits");
            assertEquals(0, compare(MAVEN, "0".repeat(n), "0"), n + " zeros");
        }
        // testMng7644: 1.0.0.X1 < 1.0.0-X2 and 2-X = 2.0.X = 2.0.0.X for any X
        for (String x : List.of("abc", "alpha", "a", "beta", "b", "def", "milestone", "m", "RC")) {
            assertEquals(-1, compare(MAVEN, "1.0.0." + x + "1", "1.0.0-" + x + "2"), x);
            assertEquals(0, compare(MAVEN, "2-" + x, "2.0." + x), x);
            assertEquals(0, compare(MAVEN, "2-" + x, "2.0.0." + x), x);
            assertEquals(0, compare(MAVEN, "2.0." + x, "2.0.0." + x), x);
        }
    }
}
