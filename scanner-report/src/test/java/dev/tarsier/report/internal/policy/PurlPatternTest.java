package dev.tarsier.report.internal.policy;

import dev.tarsier.report.ReportFixtures;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PurlPatternTest {

    @ParameterizedTest(name = "{0} ~ {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "pkg:deb/debian/curl                                  | pkg:deb/debian/curl@7.88.1-10+deb12u4?arch=amd64&distro=debian-12 | true",
        "pkg:deb/debian/curl@7.88.1-10+deb12u4*               | pkg:deb/debian/curl@7.88.1-10+deb12u4?arch=amd64&distro=debian-12 | true",
        "pkg:deb/debian/curl@7.88.1-10%2Bdeb12u4*             | pkg:deb/debian/curl@7.88.1-10+deb12u4?arch=amd64&distro=debian-12 | true",
        "pkg:deb/debian/curl@7.88.1-10+deb12u4                | pkg:deb/debian/curl@7.88.1-10+deb12u4?arch=amd64&distro=debian-12 | false",
        "pkg:deb/debian/curl@7.88.1-10+deb12u5*               | pkg:deb/debian/curl@7.88.1-10+deb12u4?arch=amd64&distro=debian-12 | false",
        "pkg:deb/debian/zlib1g@1:1.2.13.dfsg-1*               | pkg:deb/debian/zlib1g@1:1.2.13.dfsg-1?arch=amd64                 | true",
        "pkg:deb/*                                            | pkg:deb/debian/curl@7.88.1                                      | true",
        "pkg:deb/debian/cur                                   | pkg:deb/debian/curl@7.88.1                                      | false",
        "pkg:deb/debian/libssl*                               | pkg:deb/debian/libssl3@3.0.11                                   | true",
        "pkg:maven/org.apache.logging.log4j/*                 | pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1            | true",
        "pkg:maven/org.apache.logging.log4j/log4j-api         | pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1            | false",
        "pkg:npm/%40babel/*                                   | pkg:npm/%40babel/core@7.0.0                                     | true",
        "pkg:npm/@babel/core                                  | pkg:npm/%40babel/core@7.0.0                                     | true",
        "*log4j*                                              | pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1            | true",
        "pkg:*/*/curl*@7.*                                    | pkg:deb/debian/curl@7.88.1                                      | true",
    })
    void matches_pattern_followsGlobRulesOnBothSpellings(String pattern, String purl, boolean expected) {
        assertEquals(expected, PurlPattern.matches(pattern.strip(), ReportFixtures.purl(purl.strip())));
    }
}
