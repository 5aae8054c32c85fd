package dev.tarsier.report.internal.report;

import dev.tarsier.api.Severity;
import dev.tarsier.report.IgnoreFile;
import dev.tarsier.report.Policy;
import dev.tarsier.report.PolicyInputException;
import dev.tarsier.report.Report;
import dev.tarsier.report.ReportFixtures;
import dev.tarsier.report.VexDocument;

import java.time.Instant;
import java.time.LocalDate;

/**
 * The fixture scan under the user's CI policy (known-exploited findings fail too), with one ignore
 * rule, one VEX statement and one expired rule.
 */
final class ReportSamples {

    static final Instant CREATED = Instant.parse("2026-06-15T08:30:00Z");

    /** The vendor's OpenVEX document of the sample scan. */
    static final String VEX = """
            {"@context": "https://openvex.dev/ns/v0.2.0", "@id": "https://example.com/vex/zlib",
             "author": "Platform Team", "timestamp": "2026-05-01T10:00:00Z", "version": 1,
             "statements": [{"vulnerability": {"name": "CVE-2023-45853"},
               "products": [{"@id": "pkg:deb/debian/zlib1g"}], "status": "not_affected",
               "justification": "vulnerable_code_not_present",
               "impact_statement": "Debian's zlib1g does not ship MiniZip"}]}
            """;

    private ReportSamples() {
    }

    static Report scan() {
        try {
            IgnoreFile ignore = IgnoreFile.parse(".tarsierignore.json", ReportFixtures.utf8("""
                    {"ignore": [
                      {"id": "CVE-2023-30581", "purl": "pkg:generic/node", "reason": "experimental policies are not used",
                       "expires": "2026-12-31"},
                      {"id": "CVE-2020-8203", "reason": "zipObjectDeep is never called", "expires": "2026-03-31"}]}
                    """));
            VexDocument vex = VexDocument.parse("vendor.openvex.json", ReportFixtures.utf8(VEX));
            Policy policy = Policy.builder().failOnOs(Severity.HIGH).failOnApp(Severity.MEDIUM).failOnKnownExploited(true)
                    .ignoreFile(ignore).vex(vex).build();
            return Report.scan(ReportFixtures.inventory(), ReportFixtures.findings(),
                    policy.evaluate(ReportFixtures.inventory(), ReportFixtures.findings(), LocalDate.of(2026, 6, 15)))
                    .withCreated(CREATED);
        } catch (PolicyInputException e) {
            throw new AssertionError(e);
        }
    }

    static Report sbom() {
        return Report.inventory(ReportFixtures.inventory()).withCreated(CREATED);
    }
}
