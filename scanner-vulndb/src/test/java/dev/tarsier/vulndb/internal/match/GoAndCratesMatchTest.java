package dev.tarsier.vulndb.internal.match;

import dev.tarsier.api.Finding;
import dev.tarsier.vulndb.VulnerabilityMatchResult;
import dev.tarsier.vulndb.VulnerabilityMatcher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.tarsier.vulndb.internal.match.Inventories.crate;
import static dev.tarsier.vulndb.internal.match.Inventories.go;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real Go vulnerability database and crates.io records of {@code advisories/osv-more}
 * (stdlib net/http, golang.org/x/net, smallvec, sized-chunks) against packages as the
 * {@code app.binary} analyzer reports them: {@code stdlib} at the toolchain's SemVer version,
 * modules with their {@code v} and pseudo-versions.
 */
class GoAndCratesMatchTest {

    private static OsvMoreDb db;
    private static VulnerabilityMatcher matcher;

    @BeforeAll
    static void build() throws IOException {
        db = OsvMoreDb.of("go", "crates.io");
        matcher = db.matcher();
    }

    @AfterAll
    static void cleanUp() throws IOException {
        // Null when the fixtures are absent and the class was skipped.
        if (db != null) {
            db.close();
        }
    }

    private static Set<String> ids(VulnerabilityMatchResult r, String name, String version) {
        return r.findings().stream().filter(f -> f.pkg().name().equals(name) && f.pkg().version().equals(version))
                .map(Finding::id).collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    private static Set<String> idsAndAliases(VulnerabilityMatchResult r, String name, String version) {
        return r.findings().stream().filter(f -> f.pkg().name().equals(name) && f.pkg().version().equals(version))
                .flatMap(f -> java.util.stream.Stream.concat(java.util.stream.Stream.of(f.id()), f.aliases().stream()))
                .collect(Collectors.toSet());
    }

    @Test
    void stdlib_oldToolchain_getsTheStandardLibraryFindings() throws IOException {
        VulnerabilityMatchResult r = matcher.match(Inventories.of(null, List.of(
                go("stdlib", "1.19.8"), go("stdlib", "1.22.2"), go("stdlib", "1.18.5"))));
        Set<String> old = idsAndAliases(r, "stdlib", "1.19.8");
        // 1.19.8: fixed in 1.20.10/1.21.3 (GO-2023-2102) and 1.21.9/1.22.2 (GO-2024-2687), not in 1.19.4/1.19.6 ones
        assertTrue(old.contains("GO-2023-2102") && old.contains("GO-2024-2687"), r.findings().toString());
        assertTrue(!old.contains("GO-2022-1144") && !old.contains("GO-2023-1571"), old.toString());
        assertTrue(idsAndAliases(r, "stdlib", "1.22.2").isEmpty(), r.findings().toString());
        assertTrue(idsAndAliases(r, "stdlib", "1.18.5").contains("GO-2022-0969"));
        assertTrue(r.diagnostics().isEmpty(), r.diagnostics().toString());
    }

    @Test
    void stdlib_toolchainSpelling_isComparedByTheGoScheme() throws IOException {
        VulnerabilityMatchResult r = matcher.match(Inventories.of(null, List.of(go("stdlib", "go1.19.8"), go("stdlib", "go1.22"))));
        Set<String> old = idsAndAliases(r, "stdlib", "go1.19.8");
        assertTrue(old.contains("GO-2023-2102") && old.contains("GO-2024-2687"), r.findings().toString());
        // go1.22 = 1.22.0: before GO-2024-2687's fix 1.22.2
        assertTrue(idsAndAliases(r, "stdlib", "go1.22").contains("GO-2024-2687"), r.findings().toString());
        assertTrue(r.diagnostics().isEmpty(), r.diagnostics().toString());
    }

    @Test
    void modules_pseudoVersionsAndVPrefix_compareAgainstOsvRanges() throws IOException {
        VulnerabilityMatchResult r = matcher.match(Inventories.of(null, List.of(
                go("golang.org/x/net", "v0.0.0-20220722155237-a158d28d115b"),
                go("golang.org/x/net", "v0.0.0-20220906165146-f3363e06e74c"),
                go("golang.org/x/net", "v0.23.0"),
                go("golang.org/x/net", "v0.7.0+incompatible"))));
        Set<String> before = idsAndAliases(r, "golang.org/x/net", "v0.0.0-20220722155237-a158d28d115b");
        assertTrue(before.contains("GO-2022-0969") && before.contains("GO-2024-2687"), before.toString());
        // the fix's own pseudo-version is not affected by GO-2022-0969, later fixes still apply
        Set<String> atFix = idsAndAliases(r, "golang.org/x/net", "v0.0.0-20220906165146-f3363e06e74c");
        assertTrue(!atFix.contains("GO-2022-0969") && atFix.contains("GO-2022-1144"), atFix.toString());
        assertTrue(idsAndAliases(r, "golang.org/x/net", "v0.23.0").isEmpty());
        Set<String> incompatible = idsAndAliases(r, "golang.org/x/net", "v0.7.0+incompatible");
        assertTrue(!incompatible.contains("GO-2023-1571") && incompatible.contains("GO-2023-2102"), incompatible.toString());
        assertTrue(r.diagnostics().isEmpty(), r.diagnostics().toString());
    }

    @Test
    void packagesWithoutEcosystem_areMappedByTheirPurlType() throws Exception {
        dev.tarsier.api.Package net = dev.tarsier.api.Package.builder("golang", "net", "v0.6.0")
                .purl(new com.github.packageurl.PackageURL("pkg:golang/golang.org/x/net@v0.6.0"))
                .location(new dev.tarsier.api.Location(0, "sbom.json")).build();
        dev.tarsier.api.Package smallvec = dev.tarsier.api.Package.builder("cargo", "smallvec", "0.6.9")
                .purl(new com.github.packageurl.PackageURL("pkg:cargo/smallvec@0.6.9"))
                .location(new dev.tarsier.api.Location(0, "sbom.json")).build();
        VulnerabilityMatchResult r = matcher.match(Inventories.of(null, List.of(net, smallvec)));
        assertTrue(idsAndAliases(r, "net", "v0.6.0").contains("GO-2023-1571"), r.findings().toString());
        assertTrue(idsAndAliases(r, "smallvec", "0.6.9").contains("RUSTSEC-2019-0012"), r.findings().toString());
    }

    @Test
    void crates_semverRanges() throws IOException {
        VulnerabilityMatchResult r = matcher.match(Inventories.of(null, List.of(
                crate("smallvec", "0.6.9"), crate("smallvec", "0.6.10"), crate("sized-chunks", "0.6.2"))));
        assertTrue(idsAndAliases(r, "smallvec", "0.6.9").contains("RUSTSEC-2019-0012"), r.findings().toString());
        assertTrue(ids(r, "smallvec", "0.6.10").isEmpty());
        assertTrue(idsAndAliases(r, "sized-chunks", "0.6.2").contains("GHSA-mp6f-p9gp-vpj9"));
        assertEquals(List.of(), r.diagnostics());
    }
}
