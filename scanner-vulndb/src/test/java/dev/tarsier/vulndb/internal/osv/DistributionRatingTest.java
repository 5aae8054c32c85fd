package dev.tarsier.vulndb.internal.osv;

import dev.tarsier.api.Severity;
import dev.tarsier.testkit.SharedData;
import dev.tarsier.vulndb.internal.enrich.Rating;
import dev.tarsier.vulndb.internal.source.CollectingSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DistributionRatingTest {

    private static OsvAdvisory advisory(String fixture) {
        CollectingSink sink = CollectingSink.read(SharedData.fixture("advisories/" + fixture));
        assertEquals(1, sink.results.size());
        return ((OsvParser.Parsed) sink.results.get(0)).advisory();
    }

    private static String show(Optional<Rating> r) {
        return r.map(x -> x.severity() + " " + x.source()).orElse("none");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "debian/osv/CVE-2024-1013.json|none|LOW debian",
        "debian/osv/CVE-2024-3847.json|none|LOW debian",
        "debian/osv/DSA-3029-1.json|none|none",
        "osv-more/ubuntu/UBUNTU-CVE-2025-38094.json|MEDIUM ubuntu|none",
        "osv-more/ubuntu/UBUNTU-CVE-2014-9913.json|MEDIUM advisory|none",
        "osv-more/ubuntu/USN-5614-1.json|none|none",
        "osv-more/rocky-linux/RLSA-2023_3220.json|HIGH redhat|none",
        "osv-more/rocky-linux/RLSA-2024_3671.json|MEDIUM redhat|none",
        "osv-more/rocky-linux/RLSA-2021_3891.json|MEDIUM advisory|none",
        "redhat/osv-almalinux/ALSA-2020-1636.json|MEDIUM redhat|none",
        "redhat/osv-almalinux/ALSA-2021-4537.from-vunnel-envelope.json|HIGH redhat|none",
    })
    void parse_realDistributionRecord_givesTheDistributionsRatingAndSource(String fixture, String record,
                                                                           String firstAffected) {
        OsvAdvisory a = advisory(fixture);
        assertEquals(record, show(a.rating()));
        assertEquals(firstAffected, show(a.affected().get(0).rating()));
    }

    @Test
    void parse_ubuntuRecordWithCvssAndPriority_keepsTheVectorAtRankZero() {
        Rating r = advisory("osv-more/ubuntu/UBUNTU-CVE-2014-9913.json").rating().orElseThrow();
        assertEquals(0, r.rank());
        assertEquals("CVSS:3.0/AV:L/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L", r.vector());
    }

    @ParameterizedTest
    @CsvSource({"low,LOW", "medium,MEDIUM", "high,HIGH", "unimportant,LOW", "negligible,LOW", "'low**',LOW",
        "'medium*',MEDIUM", "not yet assigned,", "end-of-life,", "whatever,"})
    void debianUrgency_word_mapsToASeverityOrNone(String urgency, Severity expected) {
        assertEquals(Optional.ofNullable(expected), OsvParser.debianUrgency(urgency));
    }

    @ParameterizedTest
    @CsvSource({"negligible,LOW", "low,LOW", "medium,MEDIUM", "high,HIGH", "critical,CRITICAL", "untriaged,"})
    void textualRating_ubuntuPriority_mapsToASeverityOrNone(String priority, Severity expected) {
        assertEquals(Optional.ofNullable(expected),
                OsvParser.textualRating(priority, Rating.SOURCE_UBUNTU).map(Rating::severity));
    }
}
