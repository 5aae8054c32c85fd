package dev.tarsier.report.internal.policy;

import dev.tarsier.api.Finding;
import dev.tarsier.api.Package;
import dev.tarsier.api.PackageKind;
import dev.tarsier.api.Severity;
import dev.tarsier.report.IgnoreFile;
import dev.tarsier.report.Policy;
import dev.tarsier.report.PolicyInputException;
import dev.tarsier.report.PolicyResult;
import dev.tarsier.report.PolicySuppression;
import dev.tarsier.report.ReportFixtures;
import dev.tarsier.report.VexDocument;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every combination of class, severity, threshold, UNKNOWN handling, fix availability,
 * {@code --ignore-unfixed}, ignore rule (live, expired, other package) and VEX status, checked
 * against the rules of the gate as {@code docs/reports.md} states them; and every suppression of a
 * known-exploited finding with and without {@code failOnKnownExploited}.
 */
class PolicyMatrixTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 6, 15);
    private static final String ID = "CVE-2099-0001";
    private static final String ALIAS = "GHSA-aaaa-bbbb-cccc";

    /** What, besides thresholds, may apply to the finding. */
    enum Suppression {
        NONE, IGNORE_LIVE, IGNORE_EXPIRED, IGNORE_OTHER_PACKAGE,
        VEX_NOT_AFFECTED, VEX_FIXED, VEX_AFFECTED, VEX_UNDER_INVESTIGATION
    }

    static Stream<Arguments> matrix() {
        List<Arguments> cases = new ArrayList<>();
        List<Severity> thresholds = Arrays.asList(null, Severity.LOW, Severity.MEDIUM, Severity.HIGH, Severity.CRITICAL);
        List<Severity> unknownAs = Arrays.asList(null, Severity.MEDIUM, Severity.CRITICAL);
        for (PackageKind kind : PackageKind.values()) {
            for (Severity severity : Severity.values()) {
                for (Severity threshold : thresholds) {
                    for (Severity unknown : unknownAs) {
                        for (boolean fixable : new boolean[] {true, false}) {
                            for (boolean ignoreUnfixed : new boolean[] {true, false}) {
                                for (Suppression s : Suppression.values()) {
                                    cases.add(Arguments.of(kind, severity, threshold, unknown, fixable, ignoreUnfixed, s));
                                }
                            }
                        }
                    }
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1} threshold={2} unknownAs={3} fixable={4} ignoreUnfixed={5} {6}")
    @MethodSource("matrix")
    void evaluate_matrix_failsExactlyWhenAnUnsuppressedFindingReachesItsClassThreshold(
            PackageKind kind, Severity severity, Severity threshold, Severity unknownAs, boolean fixable,
            boolean ignoreUnfixed, Suppression suppression) throws PolicyInputException {
        Package pkg = kind == PackageKind.OS ? ReportFixtures.CURL : ReportFixtures.LODASH;
        Finding finding = ReportFixtures.finding(ID, List.of(ALIAS), severity, null,
                fixable ? List.of(kind == PackageKind.OS ? "7.88.1-10+deb12u6" : "4.17.21") : List.of(), pkg, null);
        // The threshold is set on the finding's class only; the other class gets the strictest
        // threshold so that a mix-up between classes shows as a wrong verdict.
        Policy.Builder builder = Policy.builder().ignoreUnfixed(ignoreUnfixed).unknownCountsAs(unknownAs);
        if (kind == PackageKind.OS) {
            builder.failOnOs(threshold).failOnApp(Severity.LOW);
        } else {
            builder.failOnApp(threshold).failOnOs(Severity.LOW);
        }
        apply(builder, suppression, pkg);
        PolicyResult result = builder.build().evaluate(ReportFixtures.inventory(), List.of(finding), TODAY);

        PolicySuppression.Kind expectedKind = switch (suppression) {
            case VEX_NOT_AFFECTED, VEX_FIXED -> PolicySuppression.Kind.VEX;
            case IGNORE_LIVE -> PolicySuppression.Kind.IGNORE_FILE;
            default -> ignoreUnfixed && !fixable ? PolicySuppression.Kind.UNFIXED : null;
        };
        Severity counted = severity == Severity.UNKNOWN ? unknownAs : severity;
        boolean fails = expectedKind == null && threshold != null && counted != null
                && counted.ordinal() >= threshold.ordinal();

        assertEquals(!fails, result.passed(), "verdict");
        assertEquals(expectedKind == null ? 1 : 0, result.active().size(), "active findings");
        assertEquals(expectedKind, result.suppressed().isEmpty() ? null : result.suppressed().get(0).kind(), "suppression");
        assertEquals(suppression == Suppression.IGNORE_EXPIRED ? 1 : 0, result.expiredRules().size(), "expired rules");
    }

    static Stream<Arguments> knownExploitedMatrix() {
        List<Arguments> cases = new ArrayList<>();
        for (boolean failOnKev : new boolean[] {true, false}) {
            for (boolean fixable : new boolean[] {true, false}) {
                for (boolean ignoreUnfixed : new boolean[] {true, false}) {
                    for (Suppression s : Suppression.values()) {
                        cases.add(Arguments.of(failOnKev, fixable, ignoreUnfixed, s));
                    }
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "failOnKev={0} fixable={1} ignoreUnfixed={2} {3}")
    @MethodSource("knownExploitedMatrix")
    void evaluate_knownExploitedLowFinding_failsExactlyWhenAskedAndNotSuppressed(
            boolean failOnKev, boolean fixable, boolean ignoreUnfixed, Suppression suppression) throws PolicyInputException {
        Package pkg = ReportFixtures.LODASH;
        Finding finding = ReportFixtures.exploited(ReportFixtures.finding(ID, List.of(ALIAS), Severity.LOW, 3.1,
                fixable ? List.of("4.17.21") : List.of(), pkg, null), TODAY.minusYears(1));
        // Thresholds far above LOW: only the known-exploited rule can fail this finding.
        Policy.Builder builder = Policy.builder().failOn(Severity.CRITICAL).ignoreUnfixed(ignoreUnfixed)
                .failOnKnownExploited(failOnKev);
        apply(builder, suppression, pkg);
        PolicyResult result = builder.build().evaluate(ReportFixtures.inventory(), List.of(finding), TODAY);

        boolean suppressed = switch (suppression) {
            case VEX_NOT_AFFECTED, VEX_FIXED, IGNORE_LIVE -> true;
            default -> ignoreUnfixed && !fixable;
        };
        boolean fails = failOnKev && !suppressed;

        assertEquals(!fails, result.passed(), "verdict");
        assertEquals(fails ? List.of(finding) : List.of(), result.knownExploitedViolations(), "known-exploited violations");
        assertEquals(List.of(), result.thresholdViolations(), "threshold violations");
    }

    private static void apply(Policy.Builder builder, Suppression suppression, Package pkg) throws PolicyInputException {
        String purl = pkg.purl().canonicalize();
        String namePattern = purl.substring(0, purl.indexOf('@'));
        switch (suppression) {
            case IGNORE_LIVE -> builder.ignoreFile(ignore(ID, namePattern, "2026-06-15"));
            case IGNORE_EXPIRED -> builder.ignoreFile(ignore(ID, namePattern, "2026-06-14"));
            case IGNORE_OTHER_PACKAGE -> builder.ignoreFile(ignore(ID, "pkg:maven/*", null));
            case VEX_NOT_AFFECTED -> builder.vex(vex("not_affected", purl));
            case VEX_FIXED -> builder.vex(vex("fixed", purl));
            case VEX_AFFECTED -> builder.vex(vex("affected", purl));
            case VEX_UNDER_INVESTIGATION -> builder.vex(vex("under_investigation", purl));
            case NONE -> { }
        }
    }

    static IgnoreFile ignore(String id, String purl, String expires) throws PolicyInputException {
        String json = "{\"ignore\": [{\"id\": \"" + id + "\", \"reason\": \"accepted risk\""
                + (purl == null ? "" : ", \"purl\": \"" + purl + "\"")
                + (expires == null ? "" : ", \"expires\": \"" + expires + "\"") + "}]}";
        return IgnoreFile.parse(".tarsierignore.json", ReportFixtures.utf8(json));
    }

    static VexDocument vex(String status, String productPurl) throws PolicyInputException {
        String json = """
                {"@context": "https://openvex.dev/ns/v0.2.0", "@id": "https://example.com/vex/1",
                 "author": "Security Team", "timestamp": "2026-05-01T10:00:00Z", "version": 1,
                 "statements": [{"vulnerability": {"name": "%s"}, "products": [{"@id": "%s"}],
                   "status": "%s", "justification": "vulnerable_code_not_in_execute_path"}]}
                """.formatted(ALIAS, productPurl, status);
        return VexDocument.parse("app.openvex.json", ReportFixtures.utf8(json));
    }

}
