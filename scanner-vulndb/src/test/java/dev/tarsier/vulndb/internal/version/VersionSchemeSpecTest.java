package dev.tarsier.vulndb.internal.version;

import dev.tarsier.api.spi.InvalidVersionException;
import dev.tarsier.api.spi.VersionScheme;
import dev.tarsier.vulndb.internal.version.SemverVersionScheme.SemverVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Edge cases written from the package managers' specifications. */
class VersionSchemeSpecTest {

    private static final VersionSchemeRegistry SCHEMES = VersionSchemeRegistry.builtIn();

    @ParameterizedTest(name = "{0}: {1} {2} {3}")
    @CsvSource(delimiter = ' ', value = {
        // Debian Policy 5.6.12: ~ sorts before everything, even the end.
        "deb 1.0~rc1 < 1.0", "deb 1.0~~ < 1.0~", "deb 1.0~ < 1.0", "deb 1.0 < 1.0a", "deb 1.0a < 1.0+",
        "deb 1:0.1 > 9.9", "deb 1.0-1 < 1.0-1+deb12u1", "deb 1.0-0 = 1.0", "deb 2.30-1 > 2.4-1",
        "deb 1.2.3-1~deb12u1 < 1.2.3-1", "deb 00:1.0 = 1.0", "deb 1.0.0 > 1.0",
        // rpmvercmp: ~ before anything, ^ after the end; numbers beat letters.
        "rpm 1.0~rc1 < 1.0", "rpm 1.0^git1 > 1.0", "rpm 1.0^git1 < 1.0.1", "rpm 1.0a < 1.0.1",
        "rpm 1:1.0 > 2.0", "rpm 1.0-1.el8 < 1.0-1.el8_1", "rpm 1.01 = 1.1", "rpm 2.0 > 1.99",
        // apk-tools: suffix order, letters, revisions, leading zeros.
        "apk 1.0_alpha < 1.0_beta", "apk 1.0_rc1 < 1.0", "apk 1.0 < 1.0_p1", "apk 1.0_p1 > 1.0-r1",
        "apk 1.0a < 1.0b", "apk 1.0-r1 < 1.0-r10", "apk 1.01 < 1.1", "apk 1.0 > 1", "apk 1.2_git1 < 1.2_hg1",
        // Maven's version order specification.
        "maven 1-alpha < 1-beta", "maven 1-beta < 1-milestone", "maven 1-milestone < 1-rc",
        "maven 1-rc < 1-snapshot", "maven 1-snapshot < 1", "maven 1 < 1-sp", "maven 1-cr1 = 1-rc1",
        "maven 1.0.0 = 1", "maven 1-ga = 1", "maven 1-final = 1", "maven 1.0-a1 = 1.0-alpha-1",
        "maven 1-sp < 1-abc", "maven 1-abc < 1.0.1", "maven 2.15.0 > 2.14.1", "maven 2.0-SNAPSHOT < 2.0",
        "maven 1.0.RELEASE = 1.0",
        // SemVer 2.0.0 §11.
        "semver 1.0.0-alpha < 1.0.0-alpha.1", "semver 1.0.0-alpha.1 < 1.0.0-alpha.beta",
        "semver 1.0.0-beta.2 < 1.0.0-beta.11", "semver 1.0.0-rc.1 < 1.0.0", "semver 1.0.0+a = 1.0.0+b",
        "semver 18.12.0 < 18.20.2", "semver 10.0.0 > 9.99.99"})
    void compare_specExamples_orderAsTheSpecSays(String scheme, String left, String op, String right)
            throws InvalidVersionException {
        VersionScheme s = SCHEMES.byId(scheme).orElseThrow();
        assertEquals(op, VersionVectorsTest.symbol(s.compare(left, right)));
        assertEquals(VersionVectorsTest.symbol(-s.compare(left, right)), VersionVectorsTest.symbol(s.compare(right, left)));
    }

    @ParameterizedTest(name = "{0}: ''{1}''")
    @CsvSource(delimiter = ' ', value = {"deb a:1.0", "deb '1.0 1'", "deb ''",
        "rpm ''", "rpm '1.0 beta'", "apk 1.0A", "apk 1.0-x1", "apk 1.0_foo", "maven ''",
        "semver 1.2", "semver 01.2.3", "semver 1.2.3-01", "semver 1.2.3.4", "semver latest"})
    void parse_invalidVersion_isRejectedNotGuessed(String scheme, String text) {
        VersionScheme s = SCHEMES.byId(scheme).orElseThrow();
        InvalidVersionException e = assertThrows(InvalidVersionException.class, () -> s.parse(text));
        assertEquals(scheme, e.scheme());
    }

    @Test
    void rpm_advisoryWithoutEpoch_takesInstalledEpoch() throws InvalidVersionException {
        RpmVersionScheme s = new RpmVersionScheme();
        // Installed 1:1.1.1k-5.el8 is below the fix 1.1.1k-7.el8 published without epoch.
        assertEquals(-1, Integer.signum(s.parse("1.1.1k-7.el8").compareInstalled(s.parse("1:1.1.1k-5.el8"))));
        assertEquals(1, Integer.signum(s.parse("1.1.1k-7.el8").compareInstalled(s.parse("1:1.1.1k-8.el8"))));
        // With an explicit epoch in the advisory, epochs compare as usual.
        assertEquals(1, Integer.signum(s.parse("0:1.1.1k-7.el8").compareInstalled(s.parse("1:1.1.1k-5.el8"))));
    }

    @ParameterizedTest(name = "{0} in ''{1}'' = {2}")
    @CsvSource(delimiter = ';', value = {
        "8.1.3;8.x || 7.x;true", "9.0.0;8.x || 7.x;false", "8.1.4;^8.1.4 || ^7.10.1;true",
        "8.1.3;^8.1.4 || ^7.10.1;false", "7.10.1;^8.1.4 || ^7.10.1;true", "0.2.5;^0.2.3;true",
        "0.3.0;^0.2.3;false", "0.0.4;^0.0.3;false", "1.2.9;~1.2.3;true", "1.3.0;~1.2.3;false",
        "2.3.4;1.2 - 2.3.4;true", "2.3.5;1.2 - 2.3.4;false", "2.3.9;1.2 - 2.3;true", "2.4.0;1.2 - 2.3;false",
        "10.9.0;>= 10.9.0;true", "10.8.9;>= 10.9.0;false", "6.1.0;>=6.0.0 <6.2.0 || 5.x;true",
        "6.2.0;>=6.0.0 <6.2.0 || 5.x;false", "10.0.0;<= 10;true", "11.0.0;<= 10;false", "3.0.0;*;true",
        "2.0.0-rc.1;^1.2.3;false", "1.5.0-rc.1;^1.2.3;true", "12.1.0; 12.x || 14.x;true", "8.5.0;8.5.0;true",
        "1.2.0;>1.1;true", "1.1.9;>1.1;false", "1.1.9;<1.2;true", "1.2.0-0;<1.2;false"})
    void semverRange_nodeSemverSyntax_matchesAsNodeSemver(String version, String range, boolean expected)
            throws InvalidVersionException {
        SemverVersion v = SemverVersionScheme.parseVersion(version);
        assertEquals(expected, SemverRange.parse(range).test(v));
    }

    @Test
    void semverRange_patchedRange_lowerBoundsAreTheFixedVersions() throws InvalidVersionException {
        List<String> bounds = SemverRange.parse("^18.20.2 || ^20.12.2 || >= 21.7.3").lowerBounds().stream()
                .map(SemverVersion::text).toList();
        assertEquals(List.of("18.20.2", "20.12.2", "21.7.3"), bounds);
    }

    @Test
    void semverRange_garbage_isRejected() {
        assertThrows(InvalidVersionException.class, () -> SemverRange.parse("abc"));
        assertThrows(InvalidVersionException.class, () -> SemverRange.parse("1.2.3.4"));
    }

    @Test
    void registry_serviceFile_listsExactlyTheBuiltInSchemes() throws IOException {
        VersionSchemeRegistry discovered = VersionSchemeRegistry.discover();
        assertEquals(List.of("apk", "composer", "deb", "gem", "go", "maven", "nuget", "rpm", "semver"),
                discovered.schemes().stream().map(VersionScheme::id).toList());
        assertEquals(List.of(), discovered.diagnostics());
        assertEquals("deb", discovered.forEcosystem("Ubuntu:22.04:LTS").orElseThrow().id());
        assertEquals("rpm", discovered.forEcosystem("AlmaLinux:8").orElseThrow().id());
        try (InputStream in = getClass().getResourceAsStream("/META-INF/services/dev.tarsier.api.spi.VersionScheme")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(9, text.strip().lines().count());
        }
    }

    @Test
    void registry_duplicateIdOrEcosystem_failsFast() {
        IllegalArgumentException dupId = assertThrows(IllegalArgumentException.class,
                () -> VersionSchemeRegistry.of(List.of(new DebVersionScheme(), new DebVersionScheme())));
        assertTrue(dupId.getMessage().contains("two version schemes with id 'deb'"), dupId.getMessage());
        VersionScheme other = new VersionScheme() {
            @Override
            public String id() {
                return "other";
            }

            @Override
            public java.util.Set<String> ecosystems() {
                return java.util.Set.of("Debian");
            }

            @Override
            public dev.tarsier.api.spi.Version parse(String text) throws InvalidVersionException {
                throw new InvalidVersionException("other", text, "never");
            }
        };
        IllegalArgumentException dupEco = assertThrows(IllegalArgumentException.class,
                () -> VersionSchemeRegistry.of(List.of(new DebVersionScheme(), other)));
        assertTrue(dupEco.getMessage().contains("ecosystem 'Debian' claimed"), dupEco.getMessage());
    }
}
