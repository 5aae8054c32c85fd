package dev.tarsier.vulndb.internal.cve5;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tarsier.vulndb.internal.enrich.CveFacts;
import dev.tarsier.vulndb.internal.enrich.Rating;
import dev.tarsier.vulndb.internal.enrich.FeedJson;
import dev.tarsier.vulndb.internal.enrich.FeedRecord;

import java.util.List;
import java.util.Optional;

/**
 * Reads the CNA's and CISA-ADP's ratings from a CVE JSON 5 record (CVE Record Format 5.x,
 * github.com/CVEProject/cve-schema, {@code CVE_JSON_5.1_bundled.json}): {@code dataType}
 * {@code CVE_RECORD}, {@code cveMetadata.cveId} and {@code .state}, {@code containers.cna.metrics[]}
 * and {@code containers.adp[]}.
 *
 * <p>Within a container the first metric holding {@code cvssV4_0}, else {@code cvssV3_1},
 * {@code cvssV3_0}, {@code cvssV2_0} gives the rating (newest specification first; score and
 * severity as published, {@link Rating#published}). A container with no CVSS metric may still
 * rate the CVE in words: an {@code other} metric whose {@code content.value} is a severity word
 * (OpenSSL's "High", Red Hat's "Moderate") becomes a textual rating. The CISA-ADP rating comes
 * from the {@code adp[]} entry whose {@code providerMetadata.shortName} is {@code CISA-ADP}
 * (Vulnrichment); other ADP containers (the CVE Program's references) carry no rating. A
 * {@code REJECTED} record gives no facts. Stateless.
 */
public final class Cve5Parser {

    /** The {@code shortName} of CISA's ADP container. */
    public static final String CISA_ADP = "CISA-ADP";

    private static final List<String> CVSS_KEYS = List.of("cvssV4_0", "cvssV3_1", "cvssV3_0", "cvssV2_0");

    private Cve5Parser() {
    }

    /** Whether a JSON value is a CVE JSON 5 record ({@code dataType} CVE_RECORD or a {@code cveMetadata} object). */
    public static boolean isRecord(JsonNode node) {
        return node != null && node.isObject() && ("CVE_RECORD".equals(node.path("dataType").asText(""))
                || node.path("cveMetadata").isObject() && node.path("containers").isObject());
    }

    /**
     * Parses one record.
     *
     * @return the CNA and CISA-ADP ratings as facts; {@link FeedRecord.Ignored} when rejected or unrated
     */
    public static FeedRecord parse(JsonNode record) {
        JsonNode meta = record.path("cveMetadata");
        Optional<String> id = FeedJson.text(meta, "cveId");
        if (id.isEmpty() || !FeedJson.isCveId(id.get())) {
            return new FeedRecord.Malformed("CVE record without a cveMetadata.cveId");
        }
        if ("REJECTED".equalsIgnoreCase(FeedJson.text(meta, "state").orElse(""))) {
            return new FeedRecord.Ignored(id.get(), "rejected");
        }
        JsonNode containers = record.path("containers");
        JsonNode adps = containers.path("adp");
        if (!containers.isObject() || !adps.isMissingNode() && !adps.isArray()) {
            return new FeedRecord.Malformed(id.get() + ": 'containers' or 'containers.adp' of the wrong type");
        }
        Optional<Rating> cna = rating(containers.path("cna"), Rating.SOURCE_CNA);
        Optional<Rating> adp = Optional.empty();
        for (JsonNode a : adps) {
            if (CISA_ADP.equals(FeedJson.text(a.path("providerMetadata"), "shortName").orElse(""))) {
                adp = rating(a, Rating.SOURCE_CISA_ADP);
                break;
            }
        }
        return FeedRecord.of(CveFacts.of(id.get()).withCveRecord(cna, adp), "no rating");
    }

    private static Optional<Rating> rating(JsonNode container, String source) {
        JsonNode metrics = container.path("metrics");
        if (!metrics.isArray()) {
            return Optional.empty();
        }
        for (String key : CVSS_KEYS) {
            for (JsonNode m : metrics) {
                Optional<Rating> r = FeedJson.rating(m.get(key), Optional.empty(), source);
                if (r.isPresent()) {
                    return r;
                }
            }
        }
        for (JsonNode m : metrics) {
            Optional<Rating> r = FeedJson.text(m.path("other").path("content"), "value")
                    .flatMap(Rating::severityWord).map(s -> Rating.textual(s, source));
            if (r.isPresent()) {
                return r;
            }
        }
        return Optional.empty();
    }
}
