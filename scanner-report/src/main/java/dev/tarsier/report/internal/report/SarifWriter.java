package dev.tarsier.report.internal.report;

import com.fasterxml.jackson.core.JsonGenerator;

import dev.tarsier.api.Finding;
import dev.tarsier.api.Inventory;
import dev.tarsier.api.Layer;
import dev.tarsier.api.PackageKind;
import dev.tarsier.api.Severity;
import dev.tarsier.report.PolicySuppression;
import dev.tarsier.report.Report;
import dev.tarsier.report.ReportWriter;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes SARIF 2.1.0 (OASIS, errata 01) the way GitHub code scanning reads it: one run, one
 * {@code reportingDescriptor} (rule) per vulnerability id with {@code security-severity} (the
 * highest CVSS score among its findings, or a representative score of its severity) and
 * {@code tags}; one result per finding, located at the file of the package in the image (the part
 * of the path before any {@code !/}, as a relative URI) at line 1, since GitHub requires a
 * physical location with a region. Levels: CRITICAL and HIGH {@code error}, MEDIUM
 * {@code warning}, LOW and UNKNOWN {@code note}. Suppressed findings are results with an
 * {@code external} suppression carrying the reason (SARIF §3.35), so they stay visible but closed.
 * Each result has a {@code partialFingerprints} entry derived from vulnerability, PURL and path,
 * because GitHub cannot compute line hashes for files that are not in the repository. Result
 * properties carry the JSON report's severity provenance, KEV and EPSS members; a rule whose
 * vulnerability is known exploited is tagged {@value #KEV_TAG} and says {@code knownExploited}.
 */
public final class SarifWriter {

    /** Rule tag of a vulnerability in CISA's KEV catalog, so code scanning can filter on it. */
    static final String KEV_TAG = "known-exploited";

    private SarifWriter() {
    }

    /** Writes the report. */
    public static void write(Report report, OutputStream out) throws IOException {
        Inventory inv = report.inventory();
        List<Finding> all = new ArrayList<>(report.active());
        Map<Finding, PolicySuppression> suppressions = new LinkedHashMap<>();
        for (PolicySuppression s : report.suppressed()) {
            all.add(s.finding());
            suppressions.put(s.finding(), s);
        }
        Map<String, List<Finding>> rules = new LinkedHashMap<>();
        all.stream().sorted((a, b) -> a.id().compareTo(b.id())).forEach(f -> rules.computeIfAbsent(f.id(), k -> new ArrayList<>()).add(f));
        Map<String, Integer> ruleIndex = new HashMap<>();
        for (String id : rules.keySet()) {
            ruleIndex.put(id, ruleIndex.size());
        }
        try (JsonGenerator g = Json.generator(out)) {
            g.writeStartObject();
            g.writeStringField("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
            g.writeStringField("version", "2.1.0");
            g.writeArrayFieldStart("runs");
            g.writeStartObject();
            g.writeObjectFieldStart("tool");
            g.writeObjectFieldStart("driver");
            g.writeStringField("name", ReportWriter.TOOL_NAME);
            g.writeStringField("version", ReportWriter.toolVersion());
            g.writeArrayFieldStart("rules");
            for (Map.Entry<String, List<Finding>> e : rules.entrySet()) {
                rule(g, e.getKey(), e.getValue());
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndObject();
            g.writeArrayFieldStart("invocations");
            g.writeStartObject();
            g.writeBooleanField("executionSuccessful", true);
            g.writeStringField("endTimeUtc", report.created().toString());
            g.writeEndObject();
            g.writeEndArray();
            g.writeArrayFieldStart("results");
            for (Finding f : all) {
                result(g, inv, f, ruleIndex.get(f.id()), suppressions.get(f));
            }
            g.writeEndArray();
            g.writeObjectFieldStart("properties");
            g.writeStringField("imageSource", inv.image().source());
            g.writeStringField("imageDigest", inv.image().digest());
            g.writeEndObject();
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
            g.writeRaw('\n');
        }
    }

    private static void rule(JsonGenerator g, String id, List<Finding> findings) throws IOException {
        Finding worst = findings.stream().max((a, b) -> a.severity().compareTo(b.severity())).orElseThrow();
        String summary = findings.stream().flatMap(f -> f.summary().stream()).findFirst().orElse(id);
        g.writeStartObject();
        g.writeStringField("id", id);
        g.writeObjectFieldStart("shortDescription");
        g.writeStringField("text", summary);
        g.writeEndObject();
        g.writeObjectFieldStart("fullDescription");
        g.writeStringField("text", id + ": " + summary + (worst.aliases().isEmpty() ? "" : " (also " + String.join(", ", worst.aliases()) + ")"));
        g.writeEndObject();
        Json.optional(g, "helpUri", Json.advisoryUrl(id));
        g.writeObjectFieldStart("help");
        String help = "Vulnerability " + id + ", severity " + worst.severity() + ". Affected packages: "
                + String.join(", ", findings.stream().map(f -> f.pkg().name() + " " + f.pkg().version()).distinct().toList());
        g.writeStringField("text", help);
        g.writeStringField("markdown", "**" + id + "** (" + worst.severity() + "): " + summary);
        g.writeEndObject();
        g.writeObjectFieldStart("defaultConfiguration");
        g.writeStringField("level", level(worst.severity()));
        g.writeEndObject();
        g.writeObjectFieldStart("properties");
        double score = findings.stream().filter(f -> f.cvssScore().isPresent())
                .mapToDouble(f -> f.cvssScore().getAsDouble()).max().orElse(representative(worst.severity()));
        if (score > 0) {
            g.writeStringField("security-severity", String.format(Locale.ROOT, "%.1f", score));
        }
        boolean exploited = findings.stream().anyMatch(Finding::knownExploited);
        List<String> tags = new ArrayList<>(List.of("security", "vulnerability", worst.severity().name()));
        if (exploited) {
            tags.add(KEV_TAG);
        }
        Json.strings(g, "tags", tags);
        g.writeBooleanField("knownExploited", exploited);
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void result(JsonGenerator g, Inventory inv, Finding f, int ruleIndex, PolicySuppression s)
            throws IOException {
        Layer layer = inv.image().layer(f.layer());
        g.writeStartObject();
        g.writeStringField("ruleId", f.id());
        g.writeNumberField("ruleIndex", ruleIndex);
        g.writeStringField("level", level(f.severity()));
        g.writeObjectFieldStart("message");
        g.writeStringField("text", "Package " + f.pkg().name() + " " + f.pkg().version() + " is affected by " + f.id()
                + " (" + f.severity() + "). "
                + (f.fixable() ? "Fixed in " + String.join(", ", f.fixedVersions()) + "." : "No fix is published yet.")
                + " Installed by layer " + layer.index() + layer.createdBy().map(c -> ": " + c).orElse("") + ".");
        g.writeEndObject();
        g.writeArrayFieldStart("locations");
        g.writeStartObject();
        g.writeObjectFieldStart("physicalLocation");
        g.writeObjectFieldStart("artifactLocation");
        g.writeStringField("uri", uri(f.pkg().location().filePath()));
        g.writeEndObject();
        g.writeObjectFieldStart("region");
        g.writeNumberField("startLine", 1);
        g.writeEndObject();
        g.writeEndObject();
        g.writeObjectFieldStart("message");
        g.writeStringField("text", f.pkg().location().path());
        g.writeEndObject();
        g.writeEndObject();
        g.writeEndArray();
        g.writeObjectFieldStart("partialFingerprints");
        g.writeStringField("tarsierFinding/v1", fingerprint(f));
        g.writeEndObject();
        if (s != null) {
            g.writeArrayFieldStart("suppressions");
            g.writeStartObject();
            g.writeStringField("kind", "external");
            g.writeStringField("status", "accepted");
            g.writeStringField("justification", s.kind().label() + " (" + s.source() + "): " + s.reason());
            g.writeEndObject();
            g.writeEndArray();
        }
        g.writeObjectFieldStart("properties");
        g.writeStringField("purl", f.pkg().purl().canonicalize());
        g.writeStringField("installedVersion", f.pkg().version());
        Json.strings(g, "fixedVersions", f.fixedVersions());
        g.writeStringField("class", f.kind() == PackageKind.OS ? "os" : "app");
        g.writeNumberField("layer", f.layer());
        g.writeStringField("layerDiffId", layer.diffId());
        JsonSections.findingSignals(g, f);
        g.writeEndObject();
        g.writeEndObject();
    }

    static String level(Severity s) {
        return switch (s) {
            case CRITICAL, HIGH -> "error";
            case MEDIUM -> "warning";
            case LOW, UNKNOWN -> "note";
        };
    }

    /** A score inside the GitHub band of the severity, used when no CVSS score is known. */
    private static double representative(Severity s) {
        return switch (s) {
            case CRITICAL -> 9.5;
            case HIGH -> 8.0;
            case MEDIUM -> 5.5;
            case LOW -> 2.0;
            case UNKNOWN -> 0.0;
        };
    }

    /**
     * A relative URI reference for an image path (RFC 3986 §4.2): unreserved characters, sub-delims,
     * {@code :}, {@code @} and {@code /} stay, everything else is percent-encoded as UTF-8.
     */
    static String uri(String path) {
        StringBuilder sb = new StringBuilder();
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~!$&'()*+,;=:@/".indexOf(c) >= 0) {
                sb.append(c);
            } else {
                sb.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xff));
            }
        }
        // A first segment with ':' would read as a scheme; "./" keeps the reference relative.
        String s = sb.toString();
        int colon = s.indexOf(':');
        int slash = s.indexOf('/');
        return colon >= 0 && (slash < 0 || colon < slash) ? "./" + s : s;
    }

    private static String fingerprint(Finding f) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] hash = sha.digest((f.id() + "|" + f.pkg().purl().canonicalize() + "|" + f.pkg().location().path())
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
