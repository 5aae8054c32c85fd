package dev.tarsier.vulndb.internal.cvss;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.OptionalDouble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CvssTest {

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
        // CVSS v3.1 specification examples document (FIRST) and well-known CVEs.
        "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N, 6.1",   // CVE-2013-1937 phpMyAdmin XSS
        "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:N, 6.4",   // CVE-2013-0375 MySQL
        "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N, 3.1",   // CVE-2014-3566 POODLE
        "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H, 9.9",   // CVE-2012-1516 VMware
        "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N, 7.5",   // CVE-2014-0160 Heartbleed
        "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H, 9.8",   // CVE-2014-6271 Shellshock
        "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H, 10.0",  // CVE-2021-44228 Log4Shell
        "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H, 7.8",   // CVE-2016-5195 Dirty COW
        "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H, 9.8",
        "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N, 0.0",
        // CVSS v2 guide §3.3 examples.
        "AV:N/AC:L/Au:N/C:N/I:N/A:C, 7.8",                     // CVE-2002-0392
        "AV:N/AC:L/Au:N/C:C/I:C/A:C, 10.0",                    // CVE-2003-0818
        "AV:L/AC:H/Au:N/C:C/I:C/A:C, 6.2",                     // CVE-2003-0062
        "(AV:N/AC:M/Au:N/C:P/I:P/A:P), 6.8",
        // CVSS v4.0: specification examples and reference-calculator values.
        "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N, 9.3",
        "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H, 10.0",
        "CVSS:4.0/AV:L/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N, 8.5",  // CVE-2022-41741
        "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N, 0.0",
        // MacroVector 000220 scores 8.1; no lower neighbour with a non-zero distance applies.
        "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U, 8.1"})
    void baseScore_specExamples_matchPublishedScores(String vector, double expected) {
        assertEquals(OptionalDouble.of(expected), Cvss.baseScore(vector));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "CVSS:3.1/AV:N", "CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
        "CVSS:3.1/AV:N/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "CVSS:4.0/AV:N/AC:L", "nonsense",
        "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:Q/VI:H/VA:H/SC:N/SI:N/SA:N"})
    void baseScore_malformedVector_isEmptyNotGuessed(String vector) {
        assertTrue(Cvss.baseScore(vector).isEmpty());
    }
}
