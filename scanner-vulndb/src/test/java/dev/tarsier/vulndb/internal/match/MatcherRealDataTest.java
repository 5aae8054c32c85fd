package dev.tarsier.vulndb.internal.match;

import dev.tarsier.api.Finding;
import dev.tarsier.api.OperatingSystem;
import dev.tarsier.api.Package;
import dev.tarsier.api.Severity;
import dev.tarsier.vulndb.VulnerabilityDatabase;
import dev.tarsier.vulndb.VulnerabilityDatabaseBuilder;
import dev.tarsier.vulndb.VulnerabilityMatchResult;
import dev.tarsier.vulndb.VulnerabilityMatcher;
import dev.tarsier.testkit.SharedData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static dev.tarsier.vulndb.internal.match.Inventories.apk;
import static dev.tarsier.vulndb.internal.match.Inventories.deb;
import static dev.tarsier.vulndb.internal.match.Inventories.maven;
import static dev.tarsier.vulndb.internal.match.Inventories.node;
import static dev.tarsier.vulndb.internal.match.Inventories.rpm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A DB built from the real advisory fixtures (GHSA Maven bulk set, Debian, AlmaLinux and
 * Chainguard OSV samples, the Node.js WG index), matched against inventories holding those
 * packages at affected and at fixed versions.
 */
class MatcherRealDataTest {

    private static Path out;
    private static VulnerabilityDatabase db;
    private static VulnerabilityMatcher matcher;

    @BeforeAll
    static void build() throws IOException {
        Path adv = SharedData.fixture("advisories");
        out = Files.createTempFile("tarsier-real", ".db");
        VulnerabilityDatabaseBuilder.Result r = new VulnerabilityDatabaseBuilder()
                .source(adv.resolve("osv-ghsa/bulk-maven"))
                .source(adv.resolve("debian/osv"))
                .source(adv.resolve("redhat/osv-almalinux"))
                .source(adv.resolve("wolfi-chainguard/osv-cga"))
                .source(adv.resolve("nodejs-security-wg/core-index.json"))
                .build(out);
        assertEquals(364 + 3 + 6 + 3 + 171, r.info().advisories());
        assertTrue(r.info().sources().stream().allMatch(s -> s.skipped() == 0), r.info().sources().toString());
        db = VulnerabilityDatabase.open(out);
        matcher = new VulnerabilityMatcher(db);
    }

    @AfterAll
    static void cleanUp() throws IOException {
        // Null when the fixtures are absent and the class was skipped.
        if (db != null) {
            db.close();
        }
        if (out != null) {
            Files.deleteIfExists(out);
        }
    }

    private static Optional<Finding> finding(VulnerabilityMatchResult r, String version, String id) {
        return r.findings().stream().filter(f -> f.pkg().version().equals(version)
                && (f.id().equals(id) || f.aliases().contains(id))).findFirst();
    }

    @Test
    void maven_snappyJava_affectedBeforeFixAndNotAtFix() throws IOException {
        VulnerabilityMatchResult r = matcher.match(Inventories.of(null, List.of(
                maven("org.xerial.snappy", "snappy-java", "1.1.10.0"), maven("org.xerial.snappy", "snappy-java", "1.1.10.1"))));
        Finding f = finding(r, "1.1.10.0", "GHSA-fjpj-2g6w-x25r").orElseThrow();
        assertEquals("CVE-2023-34454", f.id());
        assertEquals(List.of("1.1.10.1"), f.fixedVersions());
        assertTrue(f.severity().atLeast(Severity.MEDIUM));
        assertTrue(finding(r, "1.1.10.1", "GHSA-fjpj-2g6w-x25r").isEmpty());
    }

    @Test
    void debian7_nginx_dsaAppliesUntilFix() throws IOException {
        OperatingSystem wheezy = OperatingSystem.of("debian", "7");
        VulnerabilityMatchResult r = matcher.match(Inventories.of(wheezy, List.of(
                deb("nginx-full", "1.2.1-2.2+wheezy2", "nginx", "1.2.1-2.2+wheezy2"))));
        assertEquals("CVE-2014-3616", r.findings().get(0).id());
        assertEquals(List.of("DSA-3029-1"), r.findings().get(0).aliases());
        assertEquals(List.of("1.2.1-2.2+wheezy3"), r.findings().get(0).fixedVersions());
        assertEquals(List.of(), matcher.match(Inventories.of(wheezy, List.of(
                deb("nginx-full", "1.2.1-2.2+wheezy3", "nginx", "1.2.1-2.2+wheezy3")))).findings());
    }

    @Test
    void debian10_unfixedUnixodbc_reportedUnfixedWithDebiansUrgency() throws IOException {
        VulnerabilityMatchResult r = matcher.match(Inventories.of(OperatingSystem.of("debian", "10"), List.of(
                deb("libodbc1", "2.3.6-0.1", "unixodbc", "2.3.6-0.1"))));
        assertEquals(1, r.findings().size());
        assertEquals("CVE-2024-1013", r.findings().get(0).id());
        assertEquals(List.of(), r.findings().get(0).fixedVersions());
        // Debian's urgency "unimportant" is rated LOW.
        assertEquals(Severity.LOW, r.findings().get(0).severity());
        assertEquals(java.util.Optional.of("debian"), r.findings().get(0).severitySource());
    }

    @Test
    void alma_patchAndSkopeo_affectedAndFixed() throws IOException {
        VulnerabilityMatchResult r8 = matcher.match(Inventories.of(OperatingSystem.of("almalinux", "8.4"), List.of(
                rpm("patch", "2.7.6-9.el8_0", "patch", "2.7.6-9.el8_0"), rpm("patch", "2.7.6-11.el8", "patch", "2.7.6-11.el8"))));
        assertEquals(1, r8.findings().size());
        assertEquals("ALSA-2020:1852", r8.findings().get(0).id());
        assertEquals("2.7.6-9.el8_0", r8.findings().get(0).pkg().version());
        VulnerabilityMatchResult r10 = matcher.match(Inventories.of(OperatingSystem.of("almalinux", "10.0"), List.of(
                rpm("skopeo", "2:1.18.0-1.el10_0", "skopeo", "1.18.0-1.el10_0"))));
        assertEquals("CVE-2025-27144", r10.findings().get(0).id());
        assertEquals(List.of("2:1.18.1-1.el10_0"), r10.findings().get(0).fixedVersions());
        assertEquals(List.of(), matcher.match(Inventories.of(OperatingSystem.of("almalinux", "10.0"), List.of(
                rpm("skopeo", "2:1.18.1-1.el10_0", "skopeo", "1.18.1-1.el10_0")))).findings());
    }

    @Test
    void chainguard_haproxy_upstreamCveBecomesFindingId() throws IOException {
        OperatingSystem cg = OperatingSystem.of("chainguard", "20230214");
        VulnerabilityMatchResult r = matcher.match(Inventories.of(cg, List.of(
                apk("haproxy-2.2", "2.2.33-r0", "haproxy-2.2"), apk("haproxy-2.8", "2.8.18-r0", "haproxy-2.8"))));
        assertEquals(1, r.findings().size());
        Finding f = r.findings().get(0);
        assertEquals("CVE-2025-32464", f.id());
        assertEquals(List.of("CGA-224q-ccj5-2p53", "GHSA-frg5-h47x-75j9"), f.aliases());
        assertEquals(Severity.CRITICAL, f.severity());
        assertEquals(List.of("2.2.34-r0"), f.fixedVersions());
    }

    @Test
    void nodeRuntime_oldVersionAffected_patchedVersionNot() throws IOException {
        List<Package> pkgs = List.of(node("8.1.3"), node("8.1.4"));
        VulnerabilityMatchResult r = matcher.match(Inventories.of(null, pkgs));
        Finding naptr = finding(r, "8.1.3", "CVE-2017-1000381").orElseThrow();
        assertEquals(Severity.HIGH, naptr.severity());
        assertTrue(naptr.fixedVersions().contains("8.1.4"), naptr.fixedVersions().toString());
        assertTrue(finding(r, "8.1.4", "CVE-2017-1000381").isEmpty());
    }
}
