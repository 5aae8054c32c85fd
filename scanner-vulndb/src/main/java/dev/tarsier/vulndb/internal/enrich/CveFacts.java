package dev.tarsier.vulndb.internal.enrich;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What the CVE-level feeds say about one CVE: NVD's rating, the CVE record's CNA and CISA-ADP
 * ratings, the CISA Known Exploited Vulnerabilities entry and the FIRST EPSS score. Each feed fills
 * its part; {@link #merge} combines the parts of one id.
 *
 * @param id the CVE id ({@code CVE-2021-44228}); never null
 * @param nvd NVD's rating (its primary metric before secondary ones)
 * @param cna the rating of the CVE record's CNA container
 * @param adp the rating of the CVE record's CISA-ADP container
 * @param kevDateAdded when CISA added the CVE to the KEV catalog, when it is there
 * @param epss the EPSS score, when FIRST publishes one
 */
public record CveFacts(String id, Optional<Rating> nvd, Optional<Rating> cna, Optional<Rating> adp,
                       Optional<LocalDate> kevDateAdded, Optional<Epss> epss) {

    /**
     * An EPSS score.
     *
     * @param score probability of exploitation activity in the next 30 days, 0..1
     * @param percentile the score's percentile among all scored CVEs, 0..1
     */
    public record Epss(double score, double percentile) {
    }

    public CveFacts {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(nvd, "nvd");
        Objects.requireNonNull(cna, "cna");
        Objects.requireNonNull(adp, "adp");
        Objects.requireNonNull(kevDateAdded, "kevDateAdded");
        Objects.requireNonNull(epss, "epss");
    }

    /** Facts with nothing known yet. */
    public static CveFacts of(String id) {
        return new CveFacts(id, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** These facts with NVD's rating. */
    public CveFacts withNvd(Rating rating) {
        return new CveFacts(id, Optional.of(rating), cna, adp, kevDateAdded, epss);
    }

    /** These facts with the CVE record's CNA and CISA-ADP ratings. */
    public CveFacts withCveRecord(Optional<Rating> cnaRating, Optional<Rating> adpRating) {
        return new CveFacts(id, nvd, cnaRating, adpRating, kevDateAdded, epss);
    }

    /** These facts with a KEV entry. */
    public CveFacts withKev(LocalDate dateAdded) {
        return new CveFacts(id, nvd, cna, adp, Optional.of(dateAdded), epss);
    }

    /** These facts with an EPSS score. */
    public CveFacts withEpss(Epss score) {
        return new CveFacts(id, nvd, cna, adp, kevDateAdded, Optional.of(score));
    }

    /** Combines two partial facts of the same id; the other's parts win where both have one. */
    public CveFacts merge(CveFacts other) {
        if (!id.equals(other.id)) {
            throw new IllegalArgumentException("facts of " + id + " and " + other.id);
        }
        return new CveFacts(id, other.nvd.or(() -> nvd), other.cna.or(() -> cna), other.adp.or(() -> adp),
                other.kevDateAdded.or(() -> kevDateAdded), other.epss.or(() -> epss));
    }

    /** The rating to use when the advisory has none: NVD, then the CNA, then CISA-ADP. */
    public Optional<Rating> rating() {
        return Stream.of(nvd, cna, adp).flatMap(Optional::stream).findFirst();
    }

    /** Whether there is nothing to store. */
    public boolean isEmpty() {
        return nvd.isEmpty() && cna.isEmpty() && adp.isEmpty() && kevDateAdded.isEmpty() && epss.isEmpty();
    }
}
