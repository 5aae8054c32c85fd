package dev.tarsier.vulndb.internal.enrich;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Pattern;

/**
 * JSON reading shared by the NVD and CVE JSON 5 parsers, whose CVSS objects use the same field
 * names ({@code vectorString}, {@code baseScore}, {@code baseSeverity}: the FIRST CVSS JSON
 * schemas that both formats embed, first.org/cvss/cvss-v3.1.json and siblings).
 */
public final class FeedJson {

    /** A CVE id as the CVE Program assigns them: {@code CVE-YYYY-NNNN} with 4 or more digits. */
    private static final Pattern CVE_ID = Pattern.compile("CVE-\\d{4}-\\d{4,}");

    private FeedJson() {
    }

    /** A text field of an object, when the node is an object and the field a non-blank string. */
    public static Optional<String> text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v != null && v.isTextual() && !v.asText().isBlank() ? Optional.of(v.asText().strip()) : Optional.empty();
    }

    /** Whether the string is a well-formed CVE id. */
    public static boolean isCveId(String id) {
        return CVE_ID.matcher(id).matches();
    }

    /**
     * The rating of one FIRST CVSS object ({@code cvssData} in NVD, {@code cvssV3_1} etc. in CVE
     * JSON 5), by {@link Rating#published}.
     *
     * @param cvss the CVSS object
     * @param severity the published severity when it sits outside the object (NVD's v2 metrics
     *     keep it beside {@code cvssData}); otherwise the object's own {@code baseSeverity} is used
     * @param source who rated it
     */
    public static Optional<Rating> rating(JsonNode cvss, Optional<String> severity, String source) {
        if (cvss == null || !cvss.isObject()) {
            return Optional.empty();
        }
        JsonNode score = cvss.get("baseScore");
        OptionalDouble published = score != null && score.isNumber() ? OptionalDouble.of(score.asDouble())
                : OptionalDouble.empty();
        return Rating.published(text(cvss, "vectorString").orElse(""), published,
                severity.or(() -> text(cvss, "baseSeverity")), source);
    }
}
