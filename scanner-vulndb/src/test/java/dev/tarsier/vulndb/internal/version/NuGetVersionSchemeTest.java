package dev.tarsier.vulndb.internal.version;

import dev.tarsier.api.spi.InvalidVersionException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * NuGet version ordering: the examples of Microsoft's "NuGet package version reference" (pre-release
 * ordering, normalisation of {@code 1.0} and {@code 1.0.0.0}, four-part versions, metadata), the
 * SemVer 2.0.0 precedence example chain, and case-insensitive labels as NuGet.Versioning's
 * {@code VersionComparer} compares them.
 */
class NuGetVersionSchemeTest {

    private final NuGetVersionScheme scheme = new NuGetVersionScheme();

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource(delimiter = ' ', value = {
            // NuGet docs: pre-release ordering example
            "1.0.1-alpha < 1.0.1-beta",
            "1.0.1-beta < 1.0.1-rc",
            "1.0.1-rc < 1.0.1",
            "1.0.1 < 1.0.1.1",
            "1.0.1-alpha.10 > 1.0.1-alpha.9",
            // NuGet docs: "1.0.1, 1.0.1-zzz, 1.0.1-rc, 1.0.1-open, 1.0.1-beta, 1.0.1-alpha2, 1.0.1-alpha, 1.0.1-aaa"
            "1.0.1 > 1.0.1-zzz",
            "1.0.1-zzz > 1.0.1-rc",
            "1.0.1-rc > 1.0.1-open",
            "1.0.1-open > 1.0.1-beta",
            "1.0.1-beta > 1.0.1-alpha2",
            "1.0.1-alpha2 > 1.0.1-alpha",
            "1.0.1-alpha > 1.0.1-aaa",
            // NuGet docs: normalized version numbers
            "1.00 = 1.0",
            "1.00.0.1 = 1.0.0.1",
            "1.0.01.0 = 1.0.1",
            "1.0.7+r3456 = 1.0.7",
            "1.0 = 1.0.0",
            "1.0.0.0 = 1.0.0",
            "1 = 1.0.0",
            "1.01.1 = 1.1.1",
            "1.0.0+githash = 1.0.0",
            "1.0.0-beta+a = 1.0.0-beta+b",
            "4.3.2.1 > 4.3.2",
            "4.3.2.10 > 4.3.2.9",
            // case-insensitive labels (VersionComparer: OrdinalIgnoreCase)
            "1.0.0-RC.1 = 1.0.0-rc.1",
            "1.0.0-Beta < 1.0.0-rc",
            "1.0.0-BETA2 > 1.0.0-beta1",
            // SemVer 2.0.0 section 11 chain
            "1.0.0-alpha < 1.0.0-alpha.1",
            "1.0.0-alpha.1 < 1.0.0-alpha.beta",
            "1.0.0-alpha.beta < 1.0.0-beta",
            "1.0.0-beta < 1.0.0-beta.2",
            "1.0.0-beta.2 < 1.0.0-beta.11",
            "1.0.0-beta.11 < 1.0.0-rc.1",
            "1.0.0-rc.1 < 1.0.0",
            // legacy SemVer 1 labels are one identifier, compared as text
            "1.0.0-beta10 < 1.0.0-beta9",
            "2.0.0 > 1.99.99.99",
            "9.0.5 < 9.0.6",
            "9.0.6 > 9.0.0-preview.1.24080.9",
            "10.0.0-rc.1.25451.107 > 9.0.6",
    })
    void compare(String left, String op, String right) throws InvalidVersionException {
        int c = Integer.signum(scheme.compare(left, right));
        assertEquals(switch (op) { case "<" -> -1; case ">" -> 1; default -> 0; }, c, left + " " + op + " " + right);
        assertEquals(-c, Integer.signum(scheme.compare(right, left)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1.2.3.4.5", "v1.0.0", "1.0.0-", "1.0.0-a..b", "1.0.0+", "a.b.c", "1.0.0-beta_1", "[1.0,2.0)"})
    void parse_rejectsNonVersions(String text) {
        assertThrows(InvalidVersionException.class, () -> scheme.parse(text));
    }
}
