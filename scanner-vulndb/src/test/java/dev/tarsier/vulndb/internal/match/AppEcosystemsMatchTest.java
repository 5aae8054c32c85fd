package dev.tarsier.vulndb.internal.match;

import com.github.packageurl.PackageURL;
import dev.tarsier.api.Finding;
import dev.tarsier.api.Location;
import dev.tarsier.api.Package;
import dev.tarsier.vulndb.VulnerabilityMatchResult;
import dev.tarsier.vulndb.VulnerabilityMatcher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static dev.tarsier.vulndb.internal.match.Inventories.composer;
import static dev.tarsier.vulndb.internal.match.Inventories.gem;
import static dev.tarsier.vulndb.internal.match.Inventories.nuget;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The real RubyGems (activerecord GHSA-3hhc-qp5v-9p2j, nokogiri GHSA-crjr-9rc5-ghw8), Packagist
 * (contao/core-bundle GHSA-wjx8-cgrm-hh8p) and NuGet (the .NET 9 linux-arm runtime pack,
 * GHSA-266m-wp2v-x7mq) records of {@code advisories/osv-more}, against packages as the
 * {@code app.gemspec}, {@code app.composer-installed} and {@code app.dotnet-deps} analyzers report
 * them, at vulnerable and fixed versions and at the edges of each ecosystem's ordering.
 */
class AppEcosystemsMatchTest {

    private static final String ACTIVERECORD = "GHSA-3hhc-qp5v-9p2j";
    private static final String NOKOGIRI = "GHSA-crjr-9rc5-ghw8";
    private static final String CONTAO = "GHSA-wjx8-cgrm-hh8p";
    private static final String DOTNET = "GHSA-266m-wp2v-x7mq";

    private static OsvMoreDb db;
    private static VulnerabilityMatcher matcher;

    @BeforeAll
    static void build() throws IOException {
        db = OsvMoreDb.of("rubygems", "packagist", "nuget");
        matcher = db.matcher();
    }

    @AfterAll
    static void cleanUp() throws IOException {
        // Null when the fixtures are absent and the class was skipped.
        if (db != null) {
            db.close();
        }
    }

    /** Finding ids and aliases of the package with this name and version. */
    private static Set<String> ids(VulnerabilityMatchResult r, String name, String version) {
        return r.findings().stream().filter(f -> f.pkg().name().equals(name) && f.pkg().version().equals(version))
                .flatMap(f -> Stream.concat(Stream.of(f.id()), f.aliases().stream()))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static void assertAffected(VulnerabilityMatchResult r, String id, String name, List<String> affected,
                                       List<String> unaffected) {
        for (String v : affected) {
            assertEquals(true, ids(r, name, v).contains(id), name + " " + v + " should be affected by " + id);
        }
        for (String v : unaffected) {
            assertEquals(Set.of(), ids(r, name, v), name + " " + v + " should be clean");
        }
    }

    private static VulnerabilityMatchResult match(List<Package> packages) throws IOException {
        VulnerabilityMatchResult r = matcher.match(Inventories.of(null, packages));
        assertEquals(List.of(), r.diagnostics());
        return r;
    }

    @Test
    void rubyGems_fourBranchesOfActiverecord_compareByGemVersion() throws IOException {
        List<String> affected = List.of("7.0.3", "7.0.0", "6.1.6", "6.0.5", "5.2.8", "4.2.11.3", "7.0.3.rc1");
        // 7.0.0.rc1 is a pre-release of 7.0.0: before "introduced 7.0.0", after 6.1's fix 6.1.6.1
        List<String> fixed = List.of("7.0.3.1", "7.0.4", "6.1.6.1", "6.0.5.1", "5.2.8.1", "7.0.0.rc1", "7.1.0");
        VulnerabilityMatchResult r = match(Stream.concat(affected.stream(), fixed.stream())
                .map(v -> gem("activerecord", v)).toList());
        assertAffected(r, ACTIVERECORD, "activerecord", affected, fixed);
        assertEquals(true, ids(r, "activerecord", "7.0.3").contains("CVE-2022-32224"));
    }

    @Test
    void rubyGems_nokogiri_numericSegmentsNotText() throws IOException {
        VulnerabilityMatchResult r = match(List.of(gem("nokogiri", "1.13.3"), gem("nokogiri", "1.13.4"),
                gem("nokogiri", "1.13.10"), gem("nokogiri", "1.13.4.rc1"), gem("nokogiri", "1.9.1")));
        assertAffected(r, NOKOGIRI, "nokogiri", List.of("1.13.3", "1.13.4.rc1", "1.9.1"), List.of("1.13.4", "1.13.10"));
    }

    @Test
    void packagist_contao_vPrefixStabilitiesAndTwoBranches() throws IOException {
        List<String> affected = List.of("4.4.45", "v4.4.45", "4.0.0", "4.4.46-RC1", "4.8.5", "4.5.0", "v4.7.0-p1");
        List<String> fixed = List.of("4.4.46", "v4.4.46", "4.8.6", "4.9.0", "3.5.40", "4.0.0-beta1", "4.5.0-beta1", "4.4.46-p1");
        VulnerabilityMatchResult r = match(Stream.concat(affected.stream(), fixed.stream())
                .map(v -> composer("contao/core-bundle", v)).toList());
        assertAffected(r, CONTAO, "contao/core-bundle", affected, fixed);
    }

    @Test
    void nuget_runtimePack_caseInsensitiveNameAndPreReleases() throws IOException {
        // deps.json spells the id "NETCore", the advisory "NetCore": NuGet ids are case-insensitive
        String name = "Microsoft.NETCore.App.Runtime.linux-arm";
        List<String> affected = List.of("9.0.5", "9.0.0", "9.0.6-rc.1");
        List<String> fixed = List.of("9.0.6", "9.0.10", "9.0.0-rc.2.24473.5", "8.0.16");
        VulnerabilityMatchResult r = match(Stream.concat(affected.stream(), fixed.stream())
                .map(v -> nuget(name, v)).toList());
        assertAffected(r, DOTNET, name, affected, fixed);
        assertEquals(Set.of(), ids(match(List.of(nuget("Microsoft.NETCore.App.Runtime.linux-x64", "9.0.5"))),
                "Microsoft.NETCore.App.Runtime.linux-x64", "9.0.5"));
    }

    @Test
    void packagesWithoutEcosystem_areMappedByTheirPurlType() throws Exception {
        Location sbom = new Location(0, "sbom.json");
        Package g = Package.builder("gem", "nokogiri", "1.13.3")
                .purl(new PackageURL("pkg:gem/nokogiri@1.13.3?platform=java")).location(sbom).build();
        Package c = Package.builder("composer", "core-bundle", "4.4.45")
                .purl(new PackageURL("pkg:composer/contao/core-bundle@4.4.45")).location(sbom).build();
        Package n = Package.builder("nuget", "Microsoft.NetCore.App.Runtime.linux-arm", "9.0.1")
                .purl(new PackageURL("pkg:nuget/Microsoft.NetCore.App.Runtime.linux-arm@9.0.1")).location(sbom).build();
        VulnerabilityMatchResult r = match(List.of(g, c, n));
        // findings carry the CVE id after alias folding, the GHSA ids as aliases
        assertEquals(Set.of("CVE-2022-24836", "CVE-2019-19745", "CVE-2025-30399"),
                r.findings().stream().map(Finding::id).collect(Collectors.toSet()));
        assertEquals(true, ids(r, "nokogiri", "1.13.3").contains(NOKOGIRI));
    }
}
