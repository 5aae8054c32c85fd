package dev.tarsier.vulndb.internal.match;

import dev.tarsier.api.Diagnostic;
import dev.tarsier.api.Finding;
import dev.tarsier.api.OperatingSystem;
import dev.tarsier.api.Package;
import dev.tarsier.api.Severity;
import dev.tarsier.vulndb.VulnerabilityDatabase;
import dev.tarsier.vulndb.VulnerabilityDatabaseBuilder;
import dev.tarsier.vulndb.VulnerabilityMatchResult;
import dev.tarsier.vulndb.VulnerabilityMatcher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import java.util.stream.Collectors;

import static dev.tarsier.vulndb.internal.match.Inventories.apk;
import static dev.tarsier.vulndb.internal.match.Inventories.deb;
import static dev.tarsier.vulndb.internal.match.Inventories.maven;
import static dev.tarsier.vulndb.internal.match.Inventories.node;
import static dev.tarsier.vulndb.internal.match.Inventories.npm;
import static dev.tarsier.vulndb.internal.match.Inventories.rpm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Golden matching tests on hand-written OSV records, one group per ecosystem. */
class MatcherGoldenTest {

    private static Path dir;
    private static VulnerabilityDatabase db;
    private static VulnerabilityMatcher matcher;

    private static String osv(String id, String aliases, String severity, String affected) {
        return "{\"id\":\"" + id + "\",\"modified\":\"2024-05-01T00:00:00Z\",\"aliases\":[" + aliases + "],"
                + "\"summary\":\"" + id + " summary\"," + severity + "\"affected\":[" + affected + "]}";
    }

    private static String pkg(String ecosystem, String name, String rangeType, String events, String versions) {
        return "{\"package\":{\"ecosystem\":\"" + ecosystem + "\",\"name\":\"" + name + "\"},"
                + (events == null ? "" : "\"ranges\":[{\"type\":\"" + rangeType + "\",\"events\":[" + events + "]}],")
                + "\"versions\":[" + versions + "]}";
    }

    private static final String CVSS_98 = "\"severity\":[{\"type\":\"CVSS_V3\",\"score\":\"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\"}],";
    private static final String CVSS_100 = "\"severity\":[{\"type\":\"CVSS_V3\",\"score\":\"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H\"}],";

    @BeforeAll
    static void buildDatabase() throws IOException {
        dir = Files.createTempDirectory("tarsier-golden");
        List<String> records = List.of(
            // Debian 12 openssl, fixed; the same CVE as its own tracker record, and a Debian 11 one.
            osv("DSA-5532-1", "\"CVE-2023-5363\"", CVSS_98, pkg("Debian:12", "openssl", "ECOSYSTEM",
                    "{\"introduced\":\"0\"},{\"fixed\":\"3.0.11-1~deb12u2\"}", "")),
            osv("CVE-2023-5363", "", "", pkg("Debian:12", "openssl", "ECOSYSTEM", "{\"introduced\":\"0\"}", "")),
            osv("DSA-5417-1", "\"CVE-2023-2650\"", "", pkg("Debian:11", "openssl", "ECOSYSTEM",
                    "{\"introduced\":\"0\"},{\"fixed\":\"1.1.1u-1~deb11u1\"}", "")),
            // An advisory on the binary name must not match when the source is known.
            osv("DEB-BIN-1", "", "", pkg("Debian:12", "libssl3", "ECOSYSTEM", "{\"introduced\":\"0\"}", "")),
            // Unfixed, no severity.
            osv("CVE-2023-45853", "", "", pkg("Debian:12", "zlib", "ECOSYSTEM", "{\"introduced\":\"0\"}", "")),
            // last_affected.
            osv("CVE-2022-3715", "", "", pkg("Debian:12", "bash", "ECOSYSTEM",
                    "{\"introduced\":\"5.0\"},{\"last_affected\":\"5.2.15-2\"}", "")),
            // A withdrawn record.
            "{\"id\":\"DSA-0000-1\",\"withdrawn\":\"2024-01-01T00:00:00Z\",\"affected\":["
                    + pkg("Debian:12", "openssl", "ECOSYSTEM", "{\"introduced\":\"0\"}", "") + "]}",
            // An advisory version dpkg rejects.
            osv("DEB-BAD-1", "", "", pkg("Debian:12", "tar", "ECOSYSTEM", "{\"introduced\":\"0\"},{\"fixed\":\"not a version\"}", "")),
            // Ubuntu.
            osv("USN-6000-1", "\"CVE-2023-1111\"", "", pkg("Ubuntu:22.04:LTS", "curl", "ECOSYSTEM",
                    "{\"introduced\":\"0\"},{\"fixed\":\"7.81.0-1ubuntu1.10\"}", "")),
            // Alpine.
            osv("ALPINE-CVE-2023-42366", "\"CVE-2023-42366\"", "", pkg("Alpine:v3.19", "busybox", "ECOSYSTEM",
                    "{\"introduced\":\"0\"},{\"fixed\":\"1.36.1-r16\"}", "")),
            // AlmaLinux: one fix with epoch, one without (the epoch rule).
            osv("ALSA-2022:1", "\"CVE-2022-0778\"", "", pkg("AlmaLinux:8", "openssl", "ECOSYSTEM",
                    "{\"introduced\":\"0\"},{\"fixed\":\"1:1.1.1k-7.el8_6\"}", "")),
            osv("ALSA-2023:2", "\"CVE-2023-0286\"", "", pkg("AlmaLinux:8", "openssl", "ECOSYSTEM",
                    "{\"introduced\":\"0\"},{\"fixed\":\"1.1.1k-9.el8_7\"}", "")),
            // Red Hat: RHEL 7 server (CentOS 7's source) and a RHEL 9 appstream package.
            osv("RHSA-2024:0001", "\"CVE-2024-0001\"", "", pkg("Red Hat:enterprise_linux:7::server", "bash", "ECOSYSTEM",
                    "{\"introduced\":\"0\"},{\"fixed\":\"0:4.2.46-35.el7_9\"}", "")),
            osv("RHSA-2024:0002", "\"CVE-2024-0002\"", "", pkg("Red Hat:enterprise_linux:9::appstream", "nodejs", "ECOSYSTEM",
                    "{\"introduced\":\"0\"},{\"fixed\":\"1:16.20.2-1.el9_2\"}", "")),
            // Maven: log4j.
            osv("GHSA-jfh8-c2jp-5v3q", "\"CVE-2021-44228\"", CVSS_100 + "\"database_specific\":{\"severity\":\"CRITICAL\"},",
                    pkg("Maven", "org.apache.logging.log4j:log4j-core", "ECOSYSTEM",
                            "{\"introduced\":\"2.0-beta9\"},{\"fixed\":\"2.15.0\"}", "")),
            osv("GHSA-2222-2222-2222", "", "\"database_specific\":{\"severity\":\"MODERATE\"},",
                    pkg("Maven", "com.example:multi", "ECOSYSTEM",
                            "{\"introduced\":\"1.0\"},{\"fixed\":\"1.2.5\"},{\"introduced\":\"2.0\"},{\"fixed\":\"2.0.3\"}", "")),
            // npm: limit, explicit versions, SEMVER.
            osv("GHSA-limit", "", "", pkg("npm", "left-pad", "SEMVER", "{\"introduced\":\"1.0.0\"},{\"limit\":\"1.3.0\"}", "")),
            osv("GHSA-versions", "", "", pkg("npm", "event-stream", "SEMVER", null, "\"3.3.6\"")),
            osv("GHSA-35jh-r3h4-6jhm", "\"CVE-2021-23337\"", "\"database_specific\":{\"severity\":\"HIGH\"},",
                    pkg("npm", "lodash", "SEMVER", "{\"introduced\":\"0\"},{\"fixed\":\"4.17.21\"}", "")));
        Path osvDir = Files.createDirectories(dir.resolve("osv"));
        for (int i = 0; i < records.size(); i++) {
            Files.writeString(osvDir.resolve(i + ".json"), records.get(i));
        }
        Files.writeString(dir.resolve("core-index.json"), "{\"1\":{\"cve\":[\"CVE-2024-27983\"],"
                + "\"vulnerable\":\"18.x || 20.x || 21.x\",\"patched\":\"^18.20.1 || ^20.12.1 || ^21.7.2\","
                + "\"severity\":\"high\",\"description\":\"HTTP/2 race\"},\"2\":{\"cve\":[],\"vulnerable\":\"<= 10\","
                + "\"severity\":\"unknown\",\"description\":\"old\"}}");
        Path out = dir.resolve("golden.db");
        new VulnerabilityDatabaseBuilder().source(osvDir).source(dir.resolve("core-index.json")).build(out);
        db = VulnerabilityDatabase.open(out);
        matcher = new VulnerabilityMatcher(db);
    }

    @AfterAll
    static void cleanUp() throws IOException {
        db.close();
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static VulnerabilityMatchResult match(OperatingSystem os, Package... packages) throws IOException {
        return matcher.match(Inventories.of(os, List.of(packages)));
    }

    private static String summary(Finding f) {
        return f.pkg().name() + " " + f.id() + " " + f.aliases() + " " + f.severity() + " " + f.fixedVersions();
    }

    private static List<String> summaries(VulnerabilityMatchResult r) {
        return r.findings().stream().map(MatcherGoldenTest::summary).toList();
    }

    private static final OperatingSystem DEBIAN_12 = OperatingSystem.of("debian", "12");

    @Test
    void debian_binaryPackagesMatchThroughSourceWithAliasesFolded() throws IOException {
        VulnerabilityMatchResult r = match(DEBIAN_12,
                deb("libssl3", "3.0.11-1~deb12u1", "openssl", "3.0.11-1~deb12u1"),
                deb("openssl", "3.0.11-1~deb12u1", null, null));
        // One finding per binary package: DSA-5532-1 and the CVE record fold into CVE-2023-5363;
        // the Debian 11 advisory, the binary-name advisory and the withdrawn record do not apply.
        assertEquals(List.of(
                "libssl3 CVE-2023-5363 [DSA-5532-1] CRITICAL [3.0.11-1~deb12u2]",
                "openssl CVE-2023-5363 [DSA-5532-1] CRITICAL [3.0.11-1~deb12u2]"), summaries(r));
        assertEquals(OptionalDouble.of(9.8), r.findings().get(0).cvssScore());
    }

    @Test
    void debian_fixedVersionInstalled_noFinding() throws IOException {
        VulnerabilityMatchResult r = match(DEBIAN_12, deb("libssl3", "3.0.11-1~deb12u2", "openssl", "3.0.11-1~deb12u2"));
        // The fixed DSA no longer applies; the tracker record for the same CVE is still open.
        assertEquals(List.of("libssl3 CVE-2023-5363 [] UNKNOWN []"), summaries(r));
    }

    @Test
    void debian11Advisory_neverMatchesDebian12() throws IOException {
        VulnerabilityMatchResult r = match(OperatingSystem.of("debian", "11"),
                deb("libssl1.1", "1.1.1n-0+deb11u4", "openssl", "1.1.1n-0+deb11u4"));
        assertEquals(List.of("libssl1.1 CVE-2023-2650 [DSA-5417-1] UNKNOWN [1.1.1u-1~deb11u1]"), summaries(r));
        VulnerabilityMatchResult r12 = match(DEBIAN_12, deb("libssl1.1", "1.1.1n-0+deb11u4", "openssl", "1.1.1n-0+deb11u4"));
        assertTrue(r12.findings().stream().noneMatch(f -> f.id().equals("CVE-2023-2650")));
    }

    @Test
    void debian_unfixedAdvisory_reportedWithUnknownSeverityAndNoFix() throws IOException {
        VulnerabilityMatchResult r = match(DEBIAN_12, deb("zlib1g", "1:1.2.13.dfsg-1", "zlib", "1:1.2.13.dfsg-1"));
        assertEquals(List.of("zlib1g CVE-2023-45853 [] UNKNOWN []"), summaries(r));
        assertTrue(r.findings().get(0).cvssScore().isEmpty());
    }

    @Test
    void debian_lastAffected_isInclusive() throws IOException {
        assertEquals(1, match(DEBIAN_12, deb("bash", "5.2.15-2", null, null)).findings().size());
        assertEquals(0, match(DEBIAN_12, deb("bash", "5.2.15-2+b1", null, null)).findings().size());
        assertEquals(0, match(DEBIAN_12, deb("bash", "4.4-5", null, null)).findings().size());
    }

    @Test
    void unparseableVersions_becomeDiagnosticsNotGuesses() throws IOException {
        VulnerabilityMatchResult r = match(DEBIAN_12, deb("tar", "1.34+dfsg-1.2", null, null),
                // dpkg refuses a non-numeric epoch (it only warns about "garbage!", which then compares)
                deb("zlib1g", "x:1.0", "zlib", "x:1.0"));
        assertEquals(List.of(), r.findings());
        List<String> messages = r.diagnostics().stream().map(Diagnostic::message).toList();
        assertTrue(messages.stream().anyMatch(m -> m.contains("DEB-BAD-1") && m.contains("not a version")), messages.toString());
        assertTrue(messages.stream().anyMatch(m -> m.contains("zlib1g x:1.0") && m.contains("version not compared")), messages.toString());
    }

    @Test
    void ubuntuLts_andAlpine_matchTheirReleaseEcosystems() throws IOException {
        VulnerabilityMatchResult u = match(OperatingSystem.of("ubuntu", "22.04"),
                deb("libcurl4", "7.81.0-1ubuntu1.8", "curl", "7.81.0-1ubuntu1.8"));
        assertEquals(List.of("libcurl4 CVE-2023-1111 [USN-6000-1] UNKNOWN [7.81.0-1ubuntu1.10]"), summaries(u));
        VulnerabilityMatchResult a = match(OperatingSystem.of("alpine", "3.19.1"),
                apk("busybox-binsh", "1.36.1-r15", "busybox"), apk("ssl_client", "1.36.1-r16", "busybox"));
        assertEquals(List.of("busybox-binsh CVE-2023-42366 [ALPINE-CVE-2023-42366] UNKNOWN [1.36.1-r16]"), summaries(a));
        assertEquals(0, match(OperatingSystem.of("alpine", "3.18.4"), apk("busybox", "1.36.1-r5", "busybox")).findings().size());
    }

    @Test
    void alma_missingEpochInAdvisory_takesInstalledEpoch() throws IOException {
        VulnerabilityMatchResult r = match(OperatingSystem.of("almalinux", "8.9"),
                rpm("openssl-libs", "1:1.1.1k-6.el8_5", "openssl", "1.1.1k-6.el8_5"));
        assertEquals(List.of("openssl-libs CVE-2022-0778 [ALSA-2022:1] UNKNOWN [1:1.1.1k-7.el8_6]",
                "openssl-libs CVE-2023-0286 [ALSA-2023:2] UNKNOWN [1.1.1k-9.el8_7]"), summaries(r));
        assertEquals(0, match(OperatingSystem.of("almalinux", "8.9"),
                rpm("openssl-libs", "1:1.1.1k-9.el8_7", "openssl", "1.1.1k-9.el8_7")).findings().size());
    }

    @Test
    void maven_log4shell_criticalFromCvss_andMultiRangeFix() throws IOException {
        VulnerabilityMatchResult r = match(null, maven("org.apache.logging.log4j", "log4j-core", "2.14.1"),
                maven("org.apache.logging.log4j", "log4j-core", "2.15.0"), maven("com.example", "multi", "1.1"),
                maven("com.example", "multi", "2.0.2"), maven("com.example", "multi", "1.5"));
        assertEquals(List.of("multi GHSA-2222-2222-2222 [] MEDIUM [1.2.5]", "multi GHSA-2222-2222-2222 [] MEDIUM [2.0.3]",
                "log4j-core CVE-2021-44228 [GHSA-jfh8-c2jp-5v3q] CRITICAL [2.15.0]"), summaries(r));
        Finding log4j = r.findings().get(2);
        assertEquals(OptionalDouble.of(10.0), log4j.cvssScore());
        assertEquals("GHSA-jfh8-c2jp-5v3q summary", log4j.summary().orElseThrow());
    }

    @Test
    void npm_limitExplicitVersionsAndSemver() throws IOException {
        VulnerabilityMatchResult r = match(null, npm("left-pad", "1.2.0"), npm("left-pad", "1.3.0"),
                npm("event-stream", "3.3.6"), npm("event-stream", "3.3.5"), npm("lodash", "4.17.15"),
                npm("lodash", "4.17.21"));
        assertEquals(List.of("event-stream GHSA-versions [] UNKNOWN []", "left-pad GHSA-limit [] UNKNOWN []",
                "lodash CVE-2021-23337 [GHSA-35jh-r3h4-6jhm] HIGH [4.17.21]"), summaries(r));
        assertEquals("1.2.0", r.findings().get(1).pkg().version());
    }

    @Test
    void nodeRuntime_matchedThroughNodeWgRanges() throws IOException {
        VulnerabilityMatchResult r = match(DEBIAN_12, node("18.12.0"), node("20.12.1"), node("10.0.0"));
        assertEquals(List.of("node NSWG-CORE-2 [] UNKNOWN []", "node CVE-2024-27983 [NSWG-CORE-1] HIGH [18.20.1, 20.12.1, 21.7.2]"),
                summaries(r));
        assertEquals(List.of("10.0.0", "18.12.0"), r.findings().stream().map(f -> f.pkg().version()).toList());
    }

    @Test
    void unsupportedOs_reportedOnceNotSilentlyMissed() throws IOException {
        VulnerabilityMatchResult r = match(OperatingSystem.of("fedora", "39"),
                rpm("bash", "5.2.21-1.fc39", "bash", "5.2.21-1.fc39"), rpm("zlib", "1.2.13-4.fc39", "zlib", "1.2.13-4.fc39"));
        assertEquals(List.of(), r.findings());
        assertEquals(List.of("2 OS packages not matched: no advisories for fedora 39"),
                r.diagnostics().stream().map(Diagnostic::message).collect(Collectors.toList()));
    }

    @Test
    void centos_matchedAgainstRhelWithAnInfoSayingSo() throws IOException {
        VulnerabilityMatchResult r = match(OperatingSystem.of("centos", "7"),
                rpm("bash", "4.2.46-34.el7", "bash", "4.2.46-34.el7"), rpm("zlib", "1.2.7-18.el7", "zlib", "1.2.7-18.el7"));
        assertEquals(List.of("bash CVE-2024-0001 [RHSA-2024:0001] UNKNOWN [0:4.2.46-35.el7_9]"), summaries(r));
        assertEquals(1, r.diagnostics().size());
        Diagnostic d = r.diagnostics().get(0);
        assertEquals(Diagnostic.Severity.INFO, d.severity());
        assertEquals("OS packages of centos 7 matched against Red Hat Enterprise Linux 7 advisories: "
                + "the distribution publishes none of its own", d.message());
    }

    @Test
    void centosWithoutRhelData_saysNoAdvisoriesOnly() throws IOException {
        VulnerabilityMatchResult r = match(OperatingSystem.of("centos", "8"), rpm("bash", "4.4.20-4.el8", "bash", "4.4.20-4.el8"));
        assertEquals(List.of("1 OS packages not matched: no advisories for centos 8"),
                r.diagnostics().stream().map(Diagnostic::message).collect(Collectors.toList()));
    }

    @Test
    void rhel_contentSetsNamingOnlyBaseos_stillMatchAppstreamAdvisories() throws IOException {
        OperatingSystem ubi = new OperatingSystem("rhel", "9.3", java.util.Optional.empty(), java.util.Optional.empty(),
                List.of(), List.of("rhel-9-for-x86_64-baseos-rpms"));
        VulnerabilityMatchResult r = match(ubi, rpm("nodejs", "1:16.14.0-1.el9", "nodejs", "16.14.0-1.el9"));
        assertEquals(List.of("nodejs CVE-2024-0002 [RHSA-2024:0002] UNKNOWN [1:16.20.2-1.el9_2]"), summaries(r));
        assertEquals(List.of(), r.diagnostics());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"amzn|2023|Amazon Linux 2023", "ol|9|Oracle Linux 9", "amzn||Amazon Linux"})
    void distributionWithoutOsvData_warnsOnceThatOsFindingsAreUnavailable(String family, String version, String shown)
            throws IOException {
        VulnerabilityMatchResult r = match(OperatingSystem.of(family, version == null ? "" : version),
                rpm("bash", "5.2.15-1.amzn2023", "bash", "5.2.15-1.amzn2023"),
                rpm("zlib", "1.2.11-33.amzn2023", "zlib", "1.2.11-33.amzn2023"), npm("lodash", "4.17.21"));
        assertEquals(List.of(), r.findings());
        assertEquals(1, r.diagnostics().size());
        Diagnostic d = r.diagnostics().get(0);
        assertEquals(Diagnostic.Severity.WARNING, d.severity());
        assertEquals(VulnerabilityMatcher.DIAGNOSTIC_SOURCE, d.source());
        assertEquals("OS findings unavailable for " + shown
                + ": OSV publishes no advisories for this distribution; 2 OS packages not checked", d.message());
    }

    @Test
    void distributionWithoutOsvData_noOsPackages_saysNothing() throws IOException {
        assertEquals(List.of(), match(OperatingSystem.of("amzn", "2"), npm("lodash", "4.17.21")).diagnostics());
    }

    @Test
    void findings_areDeterministic() throws IOException {
        List<Package> pkgs = List.of(npm("lodash", "4.17.15"), deb("openssl", "3.0.11-1~deb12u1", null, null),
                node("18.12.0"), maven("org.apache.logging.log4j", "log4j-core", "2.14.1"));
        VulnerabilityMatchResult a = matcher.match(Inventories.of(DEBIAN_12, pkgs));
        VulnerabilityMatchResult b = matcher.match(Inventories.of(DEBIAN_12, List.of(pkgs.get(3), pkgs.get(1), pkgs.get(0), pkgs.get(2))));
        assertEquals(a, b);
        assertEquals(Severity.CRITICAL, a.findings().stream().filter(f -> f.id().equals("CVE-2021-44228")).findFirst().orElseThrow().severity());
    }
}
