package dev.tarsier.report.internal.policy;

import dev.tarsier.api.Finding;
import dev.tarsier.api.PackageKind;
import dev.tarsier.api.Severity;
import dev.tarsier.report.IgnoreFile;
import dev.tarsier.report.Policy;
import dev.tarsier.report.PolicyInputException;
import dev.tarsier.report.PolicyResult;
import dev.tarsier.report.PolicySuppression;
import dev.tarsier.report.ReportFixtures;
import dev.tarsier.report.VexDocument;
import dev.tarsier.testkit.SharedData;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PolicyEvaluationTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 6, 15);

    private static PolicyResult evaluate(Policy policy) {
        return policy.evaluate(ReportFixtures.inventory(), ReportFixtures.findings(), TODAY);
    }

    @Test
    void evaluate_userScenario_failsOnHighOsAndMediumAppSeparately() {
        PolicyResult result = evaluate(Policy.builder().failOnOs(Severity.HIGH).failOnApp(Severity.MEDIUM).build());

        assertFalse(result.passed());
        // OS: CVE-2023-5678 (HIGH) and CVE-2023-45853 (CRITICAL); the MEDIUM OpenSSL findings and
        // the UNKNOWN curl one (counted as MEDIUM by default) stay below HIGH. App: log4j x2, lodash x2.
        assertEquals(List.of("CVE-2021-44228", "CVE-2021-45046", "CVE-2023-45853", "CVE-2020-8203",
                        "CVE-2021-23337", "CVE-2023-5678"),
                result.violations().stream().map(Finding::id).toList());
        assertEquals(10, result.active().size());
    }

    @Test
    void evaluate_counts_activeByClassAndSeverityAndSuppressedByKind() {
        PolicyResult result = evaluate(Policy.builder().ignoreUnfixed(true)
                .ignoreFile(file("{\"ignore\": [{\"id\": \"GHSA-35jh-r3h4-6jhm\", \"reason\": \"template input is static\"}]}"))
                .build());

        assertEquals(Map.of(Severity.CRITICAL, 0, Severity.HIGH, 1, Severity.MEDIUM, 2, Severity.LOW, 0, Severity.UNKNOWN, 1),
                result.activeCounts(PackageKind.OS));
        assertEquals(Map.of(Severity.CRITICAL, 2, Severity.HIGH, 1, Severity.MEDIUM, 0, Severity.LOW, 1, Severity.UNKNOWN, 0),
                result.activeCounts(PackageKind.APPLICATION));
        assertEquals(Map.of(PolicySuppression.Kind.VEX, 0, PolicySuppression.Kind.IGNORE_FILE, 1,
                PolicySuppression.Kind.UNFIXED, 1), result.suppressedCounts());
    }

    @Test
    void evaluate_noThresholds_passesWhateverIsFound() {
        PolicyResult result = evaluate(Policy.permissive());

        assertTrue(result.passed());
        assertEquals(10, result.active().size());
    }

    @Test
    void evaluate_unknownCountsAsHigh_failsHighOsGateOnTheUnratedCurlFinding() {
        Policy policy = Policy.builder().failOnOs(Severity.HIGH).unknownCountsAs(Severity.HIGH)
                .ignoreFile(file("{\"ignore\": [{\"id\": \"CVE-2023-5678\", \"reason\": \"DH not used\"},"
                        + "{\"id\": \"CVE-2023-45853\", \"reason\": \"MiniZip not shipped\"}]}"))
                .build();

        assertEquals(List.of("CVE-2024-2398"), evaluate(policy).violations().stream().map(Finding::id).toList());
        assertTrue(evaluate(Policy.builder().failOnOs(Severity.HIGH).unknownCountsAs(null)
                .ignoreFile(file("{\"ignore\": [{\"id\": \"CVE-2023-5678\", \"reason\": \"r\"},"
                        + "{\"id\": \"CVE-2023-45853\", \"reason\": \"r\"}]}")).build()).passed());
    }

    @Test
    void evaluate_ignoreRuleByAliasAndPurlPattern_suppressesOnlyThatPackage() {
        Policy policy = Policy.builder().failOnOs(Severity.MEDIUM).ignoreFile(file("""
                {"ignore": [{"id": "dsa-5621-1", "purl": "pkg:deb/debian/libssl*", "reason": "PKCS12 files never parsed"}]}
                """)).build();

        PolicyResult result = evaluate(policy);

        assertEquals(1, result.suppressed().size());
        PolicySuppression s = result.suppressed().get(0);
        assertEquals("libssl3", s.finding().pkg().name());
        assertEquals(PolicySuppression.Kind.IGNORE_FILE, s.kind());
        assertEquals("PKCS12 files never parsed", s.reason());
        assertEquals(".tarsierignore.json", s.source());
        assertTrue(result.active().stream().anyMatch(f -> f.id().equals("CVE-2024-0727") && f.pkg().name().equals("openssl")));
    }

    @Test
    void evaluate_expiredRule_stopsSuppressingAndIsReportedEvenWhenNothingMatches() {
        Policy policy = Policy.builder().ignoreFile(file("""
                {"ignore": [
                  {"id": "CVE-2021-44228", "reason": "waiting for vendor", "expires": "2026-06-14"},
                  {"id": "CVE-1999-0001", "reason": "old", "expires": "2020-01-01"},
                  {"id": "CVE-2021-45046", "reason": "until tomorrow", "expires": "2026-06-15"}]}
                """)).build();

        PolicyResult result = evaluate(policy);

        assertEquals(List.of("CVE-2021-44228", "CVE-1999-0001"), result.expiredRules().stream().map(IgnoreFile.Rule::id).toList());
        assertEquals(List.of("CVE-2021-45046"), result.suppressed().stream().map(s -> s.finding().id()).toList());
        assertEquals(Optional.of(LocalDate.of(2026, 6, 15)), result.suppressed().get(0).expires());
    }

    @Test
    void evaluate_vexNotAffected_keepsJustificationAndImpactStatement() {
        Policy policy = Policy.builder().failOnApp(Severity.MEDIUM).vex(vex("""
                {"vulnerability": {"name": "CVE-2021-44228", "aliases": ["GHSA-jfh8-c2jp-5v3q"]},
                 "products": [{"@id": "pkg:maven/org.apache.logging.log4j/log4j-core"}],
                 "status": "not_affected", "justification": "vulnerable_code_not_in_execute_path",
                 "impact_statement": "JNDI lookups are disabled by the launcher"}""")).build();

        PolicyResult result = evaluate(policy);

        PolicySuppression s = result.suppressed().get(0);
        assertEquals(PolicySuppression.Kind.VEX, s.kind());
        assertEquals(Optional.of("not_affected"), s.vexStatus());
        assertEquals(Optional.of("vulnerable_code_not_in_execute_path"), s.justification());
        assertEquals("JNDI lookups are disabled by the launcher", s.reason());
        assertEquals(1, result.suppressed().size(), "CVE-2021-45046 on the same package is not covered");
    }

    @Test
    void evaluate_laterVexStatementOverridesEarlierOne() {
        Policy policy = Policy.builder().vex(vex("""
                {"vulnerability": {"name": "CVE-2020-8203"}, "products": [{"@id": "pkg:npm/lodash@4.17.15"}],
                 "status": "not_affected", "justification": "vulnerable_code_not_present",
                 "timestamp": "2026-01-01T00:00:00Z"},
                {"vulnerability": {"name": "CVE-2020-8203"}, "products": [{"@id": "pkg:npm/lodash@4.17.15"}],
                 "status": "affected", "timestamp": "2026-03-01T00:00:00Z"},
                {"vulnerability": {"name": "CVE-2021-23337"}, "products": [{"@id": "pkg:npm/lodash"}],
                 "status": "affected", "timestamp": "2026-01-01T00:00:00Z"},
                {"vulnerability": {"name": "CVE-2021-23337"}, "products": [{"@id": "pkg:npm/lodash"}],
                 "status": "fixed", "timestamp": "2026-02-01T00:00:00Z"}""")).build();

        PolicyResult result = evaluate(policy);

        assertEquals(List.of("CVE-2021-23337"), result.suppressed().stream().map(s -> s.finding().id()).toList());
        assertEquals(Optional.of("fixed"), result.suppressed().get(0).vexStatus());
    }

    @Test
    void evaluate_vexAboutTheImageWithSubcomponents_coversOnlyListedPackages() {
        Policy policy = Policy.builder().vex(vex("""
                {"vulnerability": {"name": "CVE-2024-0727"},
                 "products": [{"@id": "pkg:oci/app@%s", "subcomponents": [{"@id": "pkg:deb/debian/openssl"}]}],
                 "status": "not_affected", "justification": "vulnerable_code_not_in_execute_path"},
                {"vulnerability": {"name": "CVE-2023-45853"}, "products": [{"@id": "pkg:oci/app@%s"}],
                 "status": "not_affected", "justification": "component_not_present"}
                """.formatted(ReportFixtures.DIGEST, ReportFixtures.DIGEST))).build();

        PolicyResult result = evaluate(policy);

        assertEquals(List.of("CVE-2023-45853:zlib1g", "CVE-2024-0727:openssl"),
                result.suppressed().stream().map(s -> s.finding().id() + ":" + s.finding().pkg().name()).sorted().toList());
    }

    @Test
    void evaluate_vexForAnotherImageDigest_coversNothing() {
        Policy policy = Policy.builder().vex(vex("""
                {"vulnerability": {"name": "CVE-2023-45853"}, "products": [{"@id": "pkg:oci/app@sha256:0000"}],
                 "status": "not_affected", "justification": "component_not_present"}""")).build();

        assertTrue(evaluate(policy).suppressed().isEmpty());
    }

    @Test
    void evaluate_vexTakesPrecedenceOverIgnoreFileForTheReason() {
        Policy policy = Policy.builder()
                .ignoreFile(file("{\"ignore\": [{\"id\": \"CVE-2023-30581\", \"reason\": \"policy module unused\"}]}"))
                .vex(vex("""
                        {"vulnerability": {"name": "CVE-2023-30581"}, "products": [{"@id": "pkg:generic/node"}],
                         "status": "fixed", "status_notes": "patched in our build"}""")).build();

        PolicySuppression s = evaluate(policy).suppressed().get(0);

        assertEquals(PolicySuppression.Kind.VEX, s.kind());
        assertEquals("patched in our build", s.reason());
    }

    @Test
    void parseIgnoreFile_missingReason_isRejectedWithEntryNumber() {
        PolicyInputException e = assertThrows(PolicyInputException.class, () -> IgnoreFile.parse("ign.json",
                ReportFixtures.utf8("{\"ignore\": [{\"id\": \"CVE-1\", \"reason\": \"ok\"}, {\"id\": \"CVE-2\"}]}")));
        assertEquals("ignore file ign.json, entry 2 (CVE-2): \"reason\" is required", e.getMessage());
    }

    @Test
    void parseIgnoreFile_misspeltMember_isRejectedRatherThanIgnored() {
        PolicyInputException e = assertThrows(PolicyInputException.class, () -> IgnoreFile.parse("ign.json",
                ReportFixtures.utf8("{\"ignore\": [{\"id\": \"CVE-1\", \"reason\": \"r\", \"expiry\": \"2026-01-01\"}]}")));
        assertTrue(e.getMessage().contains("unknown member \"expiry\""), e.getMessage());
    }

    @Test
    void parseIgnoreFile_badDateOrYaml_isRejectedInOneLine() {
        assertThrows(PolicyInputException.class, () -> IgnoreFile.parse("ign.json",
                ReportFixtures.utf8("{\"ignore\": [{\"id\": \"CVE-1\", \"reason\": \"r\", \"expires\": \"31/12/2026\"}]}")));
        PolicyInputException e = assertThrows(PolicyInputException.class, () -> IgnoreFile.parse("ign.yaml",
                ReportFixtures.utf8("ignore:\n  - id: CVE-1\n    reason: r\n")));
        assertTrue(e.getMessage().startsWith("ignore file ign.yaml is not valid JSON (line 1)"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void parseVex_notAffectedWithoutJustification_isRejected() {
        PolicyInputException e = assertThrows(PolicyInputException.class, () -> vexOrThrow("""
                {"vulnerability": {"name": "CVE-1"}, "products": [{"@id": "pkg:npm/x"}], "status": "not_affected"}"""));
        assertTrue(e.getMessage().contains("needs a justification or an impact_statement"), e.getMessage());
        assertThrows(PolicyInputException.class, () -> vexOrThrow("""
                {"vulnerability": {"name": "CVE-1"}, "products": [{"@id": "pkg:npm/x"}], "status": "maybe"}"""));
    }

    @Test
    void parseVex_specificationExample_readsStatementProductsAndAliases() throws Exception {
        Path example = SharedData.schemas().resolve("examples/openvex/spring-boot-log4shell.openvex.json");
        Assumptions.assumeTrue(Files.exists(example));

        VexDocument doc = VexDocument.read(example);

        VexDocument.Statement st = doc.statements().get(0);
        assertEquals("CVE-2021-44228", st.vulnerability());
        assertEquals(List.of("GHSA-jfh8-c2jp-5v3q"), st.aliases());
        assertEquals(VexDocument.Status.NOT_AFFECTED, st.status());
        assertEquals(List.of("pkg:maven/org.springframework.boot/spring-boot@2.6.0-M3"), st.products().get(0).ids());
        assertEquals(Optional.of("Spring Builds <spring-builds@users.noreply.github.com>"), doc.author());
    }

    /** The LOW node finding of the fixture, as if CISA had listed it. */
    private static final Finding EXPLOITED_LOW = ReportFixtures.exploited(ReportFixtures.findings().stream()
            .filter(f -> f.id().equals("CVE-2023-30581")).findFirst().orElseThrow(), LocalDate.of(2026, 1, 20));

    private static PolicyResult evaluateExploitedLow(Policy.Builder builder) {
        return builder.build().evaluate(ReportFixtures.inventory(), List.of(EXPLOITED_LOW), TODAY);
    }

    @Test
    void evaluate_knownExploitedLowFinding_failsWithFailOnKnownExploitedAndPassesWithout() {
        PolicyResult strict = evaluateExploitedLow(Policy.builder().failOn(Severity.HIGH).failOnKnownExploited(true));
        PolicyResult lenient = evaluateExploitedLow(Policy.builder().failOn(Severity.HIGH));

        assertFalse(strict.passed());
        assertEquals(List.of(EXPLOITED_LOW), strict.violations());
        assertEquals(List.of(EXPLOITED_LOW), strict.knownExploitedViolations());
        assertEquals(List.of(), strict.thresholdViolations());
        assertEquals(List.of("1 known exploited finding (CISA KEV)"), strict.failureReasons());
        assertEquals("failed: 1 known exploited finding (CISA KEV)", strict.describe());
        assertTrue(lenient.passed());
        assertEquals(List.of(), lenient.failureReasons());
        assertEquals("passed", lenient.describe());
    }

    @Test
    void evaluate_knownExploitedFindingSuppressedByIgnoreRule_passes() {
        PolicyResult result = evaluateExploitedLow(Policy.builder().failOnKnownExploited(true)
                .ignoreFile(file("{\"ignore\": [{\"id\": \"CVE-2023-30581\", \"reason\": \"policy module unused\"}]}")));

        assertTrue(result.passed());
        assertEquals(PolicySuppression.Kind.IGNORE_FILE, result.suppressed().get(0).kind());
    }

    @Test
    void evaluate_knownExploitedFindingSuppressedByVexNotAffected_passes() {
        PolicyResult result = evaluateExploitedLow(Policy.builder().failOnKnownExploited(true).vex(vex("""
                {"vulnerability": {"name": "CVE-2023-30581"}, "products": [{"@id": "pkg:generic/node"}],
                 "status": "not_affected", "justification": "vulnerable_code_not_in_execute_path"}""")));

        assertTrue(result.passed());
        assertEquals(PolicySuppression.Kind.VEX, result.suppressed().get(0).kind());
    }

    @Test
    void evaluate_knownExploitedAndAboveThreshold_countsTheFindingOnceAsViolationAndInBothReasons() {
        PolicyResult result = evaluate(Policy.builder().failOnOs(Severity.HIGH).failOnApp(Severity.MEDIUM)
                .failOnKnownExploited(true).build());

        assertEquals(6, result.violations().size(), "Log4Shell is above the app threshold and known exploited");
        assertEquals(List.of(ReportFixtures.LOG4SHELL), result.knownExploitedViolations());
        assertEquals(List.of("6 findings at or above the threshold (os 2, app 4)", "1 known exploited finding (CISA KEV)"),
                result.failureReasons());
        assertEquals("failed: 6 findings at or above the threshold (os 2, app 4); 1 known exploited finding (CISA KEV)",
                result.describe());
    }

    private static IgnoreFile file(String json) {
        try {
            return IgnoreFile.parse(".tarsierignore.json", ReportFixtures.utf8(json));
        } catch (PolicyInputException e) {
            throw new AssertionError(e);
        }
    }

    private static VexDocument vex(String statements) {
        try {
            return vexOrThrow(statements);
        } catch (PolicyInputException e) {
            throw new AssertionError(e);
        }
    }

    private static VexDocument vexOrThrow(String statements) throws PolicyInputException {
        return VexDocument.parse("team.openvex.json", ReportFixtures.utf8(
                "{\"@context\": \"https://openvex.dev/ns/v0.2.0\", \"@id\": \"https://example.com/vex/2\","
                        + " \"author\": \"Security Team\", \"version\": 1, \"statements\": [" + statements + "]}"));
    }
}
