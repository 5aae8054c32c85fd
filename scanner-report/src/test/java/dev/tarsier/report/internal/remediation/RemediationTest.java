package dev.tarsier.report.internal.remediation;

import dev.tarsier.api.Finding;
import dev.tarsier.api.Location;
import dev.tarsier.api.Package;
import dev.tarsier.api.Severity;
import dev.tarsier.report.Remediation;
import dev.tarsier.report.ReportFixtures;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RemediationTest {

    private static Remediation plan() {
        return Remediation.of(ReportFixtures.inventory(), ReportFixtures.findings());
    }

    private static Remediation.PackageAdvice advice(Remediation r, String name) {
        return r.packages().stream().filter(a -> a.pkg().name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void plan_log4j_picksLowestVersionAboveInstalledThatFixesBothFindings() {
        Remediation.PackageAdvice log4j = advice(plan(), "log4j-core");

        // 2.15.0 fixes CVE-2021-44228 but not CVE-2021-45046 (fixed in 2.16.0 on the 2.x line);
        // 2.12.2 and 2.3.1 are fixes of older branches, below the installed 2.14.1.
        assertEquals(Optional.of("2.16.0"), log4j.upgradeTo());
        assertEquals(2, log4j.removes().get(Severity.CRITICAL));
        assertEquals(Optional.of("maven"), log4j.scheme());
    }

    @Test
    void plan_olderBranch_staysOnItsBranch() {
        Package onBranch = Package.builder("maven", "log4j-core", "2.12.1").purl(ReportFixtures.purl(
                "pkg:maven/org.apache.logging.log4j/log4j-core@2.12.1")).location(new Location(2, "opt/legacy/log4j.jar")).build();
        List<Finding> findings = List.of(
                ReportFixtures.finding("CVE-2021-44228", List.of(), Severity.CRITICAL, 10.0, List.of("2.12.2", "2.15.0"), onBranch, null),
                ReportFixtures.finding("CVE-2021-45046", List.of(), Severity.CRITICAL, 9.0, List.of("2.12.2", "2.16.0"), onBranch, null));

        Remediation r = Remediation.of(ReportFixtures.inventory(), findings);

        assertEquals(Optional.of("2.12.2"), r.packages().get(0).upgradeTo());
    }

    @Test
    void plan_lodash_comparesNpmWithSemver() {
        Remediation.PackageAdvice lodash = advice(plan(), "lodash");

        assertEquals(Optional.of("4.17.21"), lodash.upgradeTo());
        assertEquals(Optional.of("semver"), lodash.scheme());
        assertEquals(2, lodash.removedCount());
    }

    @Test
    void plan_debianPackage_comparesWithDpkgRulesAndCountsUnfixable() {
        Remediation r = plan();

        Remediation.PackageAdvice libssl = advice(r, "libssl3");
        // CVE-2023-5678 is fixed in ~deb12u3, CVE-2024-0727 only in 3.0.13: both are removed by the latter.
        assertEquals(Optional.of("3.0.13-1~deb12u1"), libssl.upgradeTo());
        assertEquals(1, libssl.removes().get(Severity.HIGH));
        assertEquals(1, libssl.removes().get(Severity.MEDIUM));

        Remediation.PackageAdvice zlib = advice(r, "zlib1g");
        assertTrue(zlib.upgradeTo().isEmpty());
        assertEquals(1, zlib.unfixable());
        assertEquals(0, zlib.removedCount());
    }

    @Test
    void plan_typeWithoutScheme_fallsBackToListingFixedVersions() {
        Package gem = Package.builder("gem", "rack", "2.2.3").purl(ReportFixtures.purl("pkg:gem/rack@2.2.3"))
                .location(new Location(2, "usr/lib/ruby/gems/3.1.0/specifications/rack-2.2.3.gemspec")).build();
        List<Finding> findings = List.of(
                ReportFixtures.finding("CVE-2022-30123", List.of(), Severity.CRITICAL, 10.0, List.of("2.2.3.1"), gem, null),
                ReportFixtures.finding("CVE-2023-27530", List.of(), Severity.HIGH, 7.5, List.of("2.2.6.3"), gem, null));

        Remediation.PackageAdvice a = Remediation.of(ReportFixtures.inventory(), findings).packages().get(0);

        assertTrue(a.upgradeTo().isEmpty());
        assertTrue(a.scheme().isEmpty());
        assertEquals(List.of("2.2.3.1", "2.2.6.3"), a.fixedVersions());
        assertEquals(2, a.removedCount());
    }

    @Test
    void plan_unparseableVersion_fallsBackInsteadOfGuessing() {
        Package odd = Package.builder("npm", "left-pad", "not-a-version").purl(ReportFixtures.purl("pkg:npm/left-pad@not-a-version"))
                .location(new Location(2, "opt/app/node_modules/left-pad/package.json")).build();
        Finding f = ReportFixtures.finding("GHSA-xxxx-yyyy-zzzz", List.of(), Severity.LOW, null, List.of("1.3.0"), odd, null);

        Remediation.PackageAdvice a = Remediation.of(ReportFixtures.inventory(), List.of(f)).packages().get(0);

        assertTrue(a.upgradeTo().isEmpty());
        assertEquals(List.of("1.3.0"), a.fixedVersions());
    }

    @Test
    void plan_layers_marksTheLayerWithTheFirstPackageDatabaseAsBaseImage() {
        Remediation r = plan();

        assertEquals(OptionalInt.of(1), r.baseLayers());
        assertEquals(List.of(0, 1, 2), r.layers().stream().map(l -> l.layer().index()).toList());
        assertTrue(r.layers().get(0).baseImage());
        assertFalse(r.layers().get(1).baseImage());
        assertEquals(4, r.baseImageFindings(), "libssl3 x2, openssl, zlib1g");
        assertEquals("from the base image: rebuild on a newer base image", r.layers().get(0).advice());
        assertTrue(r.layers().get(1).advice().startsWith("fix in your Dockerfile at: RUN /bin/sh -c apt-get update"));
    }

    @Test
    void plan_givenBaseLayerCount_overridesDetection() {
        Remediation r = Remediation.of(ReportFixtures.inventory(), ReportFixtures.findings(), OptionalInt.of(2));

        assertTrue(r.layers().get(1).baseImage());
        assertFalse(r.layers().get(2).baseImage());
        assertEquals(5, r.baseImageFindings(), "and curl");
    }

    @Test
    void plan_packages_areOrderedMostSevereFirstThenByFindingCountAndName() {
        List<String> order = plan().packages().stream().map(a -> a.pkg().name()).toList();

        assertEquals(List.of("log4j-core", "zlib1g", "libssl3", "lodash", "openssl", "node", "curl"), order);
    }
}
