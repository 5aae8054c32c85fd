package dev.tarsier.report.internal.report;

import dev.tarsier.api.Finding;
import dev.tarsier.api.Severity;
import dev.tarsier.report.ReportFixtures;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RatingsTest {

    private static Finding rated(Severity severity, Double score, String source, String vector) {
        return new Finding("CVE-2023-5678", List.of("DSA-5532-1"), severity,
                score == null ? OptionalDouble.empty() : OptionalDouble.of(score), List.of(), ReportFixtures.LIBSSL,
                Optional.empty(), Optional.ofNullable(source), Optional.ofNullable(vector), Optional.empty(), Optional.empty());
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @CsvSource(nullValues = "-", value = {
            "HIGH,    7.5, CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H,              CVSSv31",
            "HIGH,    7.5, CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H,              CVSSv3",
            "HIGH,    8.7, CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:H/SC:N/SI:N/SA:N, CVSSv4",
            "MEDIUM,  5.0, AV:N/AC:L/Au:N/C:N/I:N/A:P,                               CVSSv2",
            "MEDIUM,  5.0, (AV:N/AC:L/Au:N/C:N/I:N/A:P),                             CVSSv2",
            "MEDIUM,  5.0, SSVC:v2/...,                                              other",
            "LOW,     -,   -,                                                        other",
            "HIGH,    7.5, -,                                                        -",
            "UNKNOWN, -,   -,                                                        -"})
    void cycloneDxMethod_followsTheVectorPrefixTextualRatingsAreOther(Severity severity, Double score, String vector,
                                                                      String method) {
        assertEquals(Optional.ofNullable(method), Ratings.cycloneDxMethod(rated(severity, score, "nvd", vector)));
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource(nullValues = "-", value = {
            "advisory, Debian Security Tracker, https://security-tracker.debian.org/tracker/DSA-5532-1",
            "nvd,      NVD,                     https://nvd.nist.gov/vuln/detail/CVE-2023-5678",
            "debian,   Debian,                  https://security-tracker.debian.org/tracker/CVE-2023-5678",
            "ubuntu,   Ubuntu,                  https://ubuntu.com/security/CVE-2023-5678",
            "redhat,   Red Hat,                 https://access.redhat.com/security/cve/CVE-2023-5678",
            "nodejs,   Node.js,                 -",
            "cna,      CNA,                     https://www.cve.org/CVERecord?id=CVE-2023-5678",
            "cisa-adp, CISA ADP,                https://www.cve.org/CVERecord?id=CVE-2023-5678",
            "osv-new,  osv-new,                 -"})
    void sourceNameAndUrl_nameWhoRatedTheFinding(String source, String name, String url) {
        Finding f = rated(Severity.HIGH, 7.5, source, null);

        assertEquals(Optional.of(name), Ratings.sourceName(f));
        assertEquals(Optional.ofNullable(url), Ratings.sourceUrl(f));
    }

    @Test
    void sourceAndBorrowedSource_areEmptyWhenUnknownAndBorrowedHidesTheAdvisory() {
        assertEquals(Optional.empty(), Ratings.sourceName(rated(Severity.HIGH, 7.5, null, null)));
        assertEquals(Optional.empty(), Ratings.sourceUrl(rated(Severity.HIGH, 7.5, null, null)));
        assertEquals(Optional.empty(), Ratings.borrowedSource(rated(Severity.HIGH, 7.5, "advisory", null)));
        assertEquals(Optional.of("debian"), Ratings.borrowedSource(rated(Severity.HIGH, 7.5, "debian", null)));
    }
}
