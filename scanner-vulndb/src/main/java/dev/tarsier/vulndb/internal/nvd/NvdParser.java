package dev.tarsier.vulndb.internal.nvd;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tarsier.vulndb.internal.enrich.CveFacts;
import dev.tarsier.vulndb.internal.enrich.Rating;
import dev.tarsier.vulndb.internal.enrich.FeedJson;
import dev.tarsier.vulndb.internal.enrich.FeedRecord;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads NVD's rating of a CVE from an NVD CVE API 2.0 {@code cve} object (schema
 * csrc.nist.gov/schema/nvd/api/2.0/cve_api_json_2.0.schema): {@code id}, {@code vulnStatus},
 * {@code metrics.cvssMetricV40/V31/V30/V2[]}, each entry with {@code source}, {@code type}
 * ({@code Primary} or {@code Secondary}) and {@code cvssData}.
 *
 * <p>Which metric is NVD's rating: the {@code Primary} entries before the {@code Secondary} ones
 * (Primary is the assessment of the record's owner, normally NVD itself; Secondary ones are CNA
 * scores NVD merely relays), and within each type CVSS v4.0, then v3.1, v3.0, v2 (newest
 * specification first). The score and severity are those NVD publishes ({@code baseScore}; v2's
 * {@code baseSeverity} sits beside {@code cvssData}, v3/v4's inside it), the vector the
 * {@code vectorString}; see {@link Rating#published}. A {@code Rejected} record (any case) gives no
 * facts: NVD withdraws its content.
 *
 * <p>The shapes the record arrives in (an API page or yearly feed element {@code {"cve": {...}}},
 * a bare object as in fkie-cad and vuln-list, a vunnel envelope {@code {"item": {"cve": ...}}}) are
 * unwrapped by {@link #cveObject}. Stateless.
 */
public final class NvdParser {

    private static final List<String> METRIC_KEYS = List.of("cvssMetricV40", "cvssMetricV31", "cvssMetricV30",
            "cvssMetricV2");

    private NvdParser() {
    }

    /**
     * The NVD {@code cve} object a JSON value holds, if it holds one: the value itself (it has an
     * {@code id} and NVD's {@code vulnStatus} or {@code sourceIdentifier}), its {@code cve}
     * member, or the same inside a vunnel {@code item}.
     */
    public static Optional<JsonNode> cveObject(JsonNode node) {
        if (node == null || !node.isObject()) {
            return Optional.empty();
        }
        JsonNode cve = node.get("cve");
        if (cve != null && cve.isObject()) {
            return isBareCve(cve) ? Optional.of(cve) : Optional.empty();
        }
        if (isBareCve(node)) {
            return Optional.of(node);
        }
        JsonNode item = node.get("item");
        return item != null && item.isObject() && !node.has("id") ? cveObject(item) : Optional.empty();
    }

    private static boolean isBareCve(JsonNode node) {
        // OSV records share "id", "published" and (lately) "affected" with NVD's, but never carry
        // NVD's status or source fields.
        return node.has("id") && (node.has("vulnStatus") || node.has("sourceIdentifier"));
    }

    /**
     * Parses one {@code cve} object (already unwrapped by {@link #cveObject}).
     *
     * @return NVD's rating as facts; {@link FeedRecord.Ignored} when rejected or unscored
     */
    public static FeedRecord parse(JsonNode cve) {
        Optional<String> id = FeedJson.text(cve, "id");
        if (id.isEmpty() || !FeedJson.isCveId(id.get())) {
            return new FeedRecord.Malformed("NVD record without a CVE id");
        }
        if (FeedJson.text(cve, "vulnStatus").map(s -> s.toLowerCase(Locale.ROOT)).filter("rejected"::equals).isPresent()) {
            return new FeedRecord.Ignored(id.get(), "rejected");
        }
        JsonNode metrics = cve.get("metrics");
        if (metrics == null || metrics.isNull()) {
            return new FeedRecord.Ignored(id.get(), "no metrics");
        }
        if (!metrics.isObject()) {
            return new FeedRecord.Malformed(id.get() + ": 'metrics' is not an object");
        }
        for (String type : List.of("Primary", "Secondary")) {
            for (String key : METRIC_KEYS) {
                JsonNode entries = metrics.get(key);
                if (entries == null || !entries.isArray()) {
                    continue;
                }
                for (JsonNode e : entries) {
                    // An entry without a type is no Primary claim; it ranks with the Secondary ones.
                    if (!type.equals(FeedJson.text(e, "type").orElse("Secondary"))) {
                        continue;
                    }
                    Optional<Rating> r = FeedJson.rating(e.get("cvssData"), FeedJson.text(e, "baseSeverity"),
                            Rating.SOURCE_NVD);
                    if (r.isPresent()) {
                        return new FeedRecord.Facts(CveFacts.of(id.get()).withNvd(r.get()));
                    }
                }
            }
        }
        return new FeedRecord.Ignored(id.get(), "no usable CVSS metric");
    }
}
