package dev.tarsier.vulndb.internal.kev;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tarsier.vulndb.internal.enrich.CveFacts;
import dev.tarsier.vulndb.internal.enrich.FeedJson;
import dev.tarsier.vulndb.internal.enrich.FeedRecord;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads CISA's Known Exploited Vulnerabilities catalog (JSON schema
 * cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities_schema.json): a header with
 * {@code catalogVersion}, {@code dateReleased} and {@code count}, and {@code vulnerabilities[]}
 * entries with {@code cveID} and {@code dateAdded} (an ISO date). Each entry becomes
 * {@link CveFacts#withKev}; the header is the catalog's version. The source reader streams the
 * entries one at a time. Stateless.
 */
public final class KevParser {

    /**
     * The catalog's identity, for {@code db info}.
     *
     * @param version {@code catalogVersion} ({@code 2025.08.25})
     * @param released {@code dateReleased} as published
     */
    public record Catalog(String version, String released) {
    }

    private KevParser() {
    }

    /** Whether a JSON value is a KEV entry: a {@code cveID} and a {@code dateAdded}. */
    public static boolean isEntry(JsonNode node) {
        return node != null && node.isObject() && node.has("cveID") && node.has("dateAdded");
    }

    /** The catalog's version from its header fields, when they are those of a KEV catalog. */
    public static Optional<Catalog> catalog(JsonNode header) {
        return FeedJson.text(header, "catalogVersion")
                .map(v -> new Catalog(v, FeedJson.text(header, "dateReleased").orElse("")));
    }

    /** Parses one {@code vulnerabilities[]} entry. */
    public static FeedRecord parse(JsonNode entry) {
        Optional<String> id = FeedJson.text(entry, "cveID");
        if (id.isEmpty() || !FeedJson.isCveId(id.get())) {
            return new FeedRecord.Malformed("KEV entry without a valid cveID");
        }
        Optional<String> added = FeedJson.text(entry, "dateAdded");
        try {
            return new FeedRecord.Facts(CveFacts.of(id.get()).withKev(LocalDate.parse(added.orElse(""))));
        } catch (DateTimeParseException e) {
            return new FeedRecord.Malformed(id.get() + ": dateAdded '" + added.orElse("") + "' is not a date");
        }
    }
}
