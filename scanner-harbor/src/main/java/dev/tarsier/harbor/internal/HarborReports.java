package dev.tarsier.harbor.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tarsier.api.Finding;
import dev.tarsier.api.Inventory;
import dev.tarsier.api.Layer;
import dev.tarsier.api.Severity;
import dev.tarsier.report.Policy;
import dev.tarsier.report.Report;
import dev.tarsier.report.ReportFormat;
import dev.tarsier.report.ReportWriter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The documents of the pluggable scanner API built from a finished scan: the
 * {@code HarborVulnerabilityReport} (API v1.1), the {@code HarborSbomReport} (v1.2, data spec
 * {@code SBOM.md}) wrapping the CycloneDX or SPDX document of scanner-report's writers, and the
 * raw report (Tarsier's JSON report).
 */
public final class HarborReports {

    /** The scanner as the documents name it. */
    public record Scanner(String name, String vendor, String version) {
    }

    private final ObjectMapper mapper;
    private final Scanner scanner;

    public HarborReports(ObjectMapper mapper, Scanner scanner) {
        this.mapper = mapper;
        this.scanner = scanner;
    }

    /** The {@code Scanner} object. */
    public ObjectNode scanner() {
        ObjectNode s = mapper.createObjectNode();
        s.put("name", scanner.name());
        s.put("vendor", scanner.vendor());
        s.put("version", scanner.version());
        return s;
    }

    /** Harbor's name of a severity (the API's {@code Severity} enum). */
    public static String severity(Severity s) {
        return switch (s) {
            case UNKNOWN -> "Unknown";
            case LOW -> "Low";
            case MEDIUM -> "Medium";
            case HIGH -> "High";
            case CRITICAL -> "Critical";
        };
    }

    /**
     * The {@code HarborVulnerabilityReport}: one item per finding, sorted by severity (highest
     * first), then id and package; the report's severity is the highest of its items
     * ({@code Unknown} when there is none).
     */
    public ObjectNode vulnerabilityReport(ScanRequest.Artifact artifact, Instant generatedAt, Inventory inventory,
                                          List<Finding> findings) {
        ObjectNode r = header(artifact, generatedAt);
        Severity highest = findings.stream().map(Finding::severity).max(Comparator.naturalOrder()).orElse(Severity.UNKNOWN);
        r.put("severity", severity(highest));
        ArrayNode items = r.putArray("vulnerabilities");
        findings.stream()
                .sorted(Comparator.comparing(Finding::severity).reversed().thenComparing(Finding::id)
                        .thenComparing(f -> f.pkg().name()).thenComparing(f -> f.pkg().version()))
                .forEach(f -> items.add(item(f, inventory)));
        return r;
    }

    private ObjectNode item(Finding f, Inventory inventory) {
        ObjectNode v = mapper.createObjectNode();
        v.put("id", f.id());
        v.put("package", f.pkg().name());
        v.put("version", f.pkg().version());
        v.put("fix_version", f.fixedVersions().isEmpty() ? "" : f.fixedVersions().get(0));
        v.put("severity", severity(f.severity()));
        v.put("description", f.summary().orElse(""));
        ArrayNode links = v.putArray("links");
        links.add(link(f.id()));
        f.cvssVector().ifPresent(vector -> {
            ObjectNode cvss = v.putObject("preferred_cvss");
            if (vector.startsWith("CVSS:3")) {
                f.cvssScore().ifPresent(score -> cvss.put("score_v3", score));
                cvss.put("vector_v3", vector);
            } else if (!vector.startsWith("CVSS:")) {
                f.cvssScore().ifPresent(score -> cvss.put("score_v2", score));
                cvss.put("vector_v2", vector);
            }
        });
        List<Layer> layers = inventory.image().layers();
        int index = f.layer();
        if (index >= 0 && index < layers.size()) {
            Layer layer = layers.get(index);
            ObjectNode l = v.putObject("layer");
            layer.digest().ifPresent(d -> l.put("digest", d));
            l.put("diff_id", layer.diffId());
        }
        ObjectNode vendor = v.putObject("vendor_attributes");
        ArrayNode aliases = vendor.putArray("aliases");
        f.aliases().forEach(aliases::add);
        vendor.put("purl", f.pkg().purl().canonicalize());
        vendor.put("class", f.kind().name().toLowerCase(Locale.ROOT));
        vendor.put("layer_index", index);
        f.cvssScore().ifPresent(score -> vendor.put("cvss_score", score));
        f.cvssVector().ifPresent(vector -> vendor.put("cvss_vector", vector));
        f.severitySource().ifPresent(s -> vendor.put("severity_source", s));
        f.knownExploitedSince().ifPresent(d -> vendor.put("known_exploited_since", d.toString()));
        f.epss().ifPresent(e -> {
            ObjectNode epss = vendor.putObject("epss");
            epss.put("score", e.score());
            epss.put("percentile", e.percentile());
        });
        return v;
    }

    /** Where the vulnerability is described: the NVD for a CVE, GitHub for a GHSA, OSV otherwise. */
    static String link(String id) {
        if (id.startsWith("CVE-")) {
            return "https://nvd.nist.gov/vuln/detail/" + id;
        }
        if (id.startsWith("GHSA-")) {
            return "https://github.com/advisories/" + id;
        }
        return "https://osv.dev/vulnerability/" + id;
    }

    /**
     * The {@code HarborSbomReport}: the image's SBOM in {@code mediaType} ({@link MediaTypes#CYCLONEDX}
     * or {@link MediaTypes#SPDX}) as the {@code sbom} object.
     */
    public ObjectNode sbomReport(ScanRequest.Artifact artifact, Instant generatedAt, Inventory inventory, String mediaType) {
        ReportFormat format = mediaType.equals(MediaTypes.SPDX) ? ReportFormat.SPDX : ReportFormat.CYCLONEDX;
        ObjectNode r = header(artifact, generatedAt);
        ObjectNode vendor = r.putObject("vendor_attributes");
        vendor.put("created-by", scanner.name().toLowerCase(Locale.ROOT));
        r.put("media_type", mediaType);
        r.set("sbom", parse(written(Report.inventory(inventory).withCreated(generatedAt), format)));
        return r;
    }

    /** The raw report: Tarsier's own JSON report of the scan (no policy applied). */
    public byte[] rawReport(Instant generatedAt, Inventory inventory, List<Finding> findings) {
        Report report = Report.scan(inventory, findings, Policy.permissive().evaluate(inventory, findings))
                .withCreated(generatedAt);
        return written(report, ReportFormat.JSON);
    }

    private ObjectNode header(ScanRequest.Artifact artifact, Instant generatedAt) {
        ObjectNode r = mapper.createObjectNode();
        r.put("generated_at", generatedAt.toString());
        ObjectNode a = r.putObject("artifact");
        a.put("repository", artifact.repository());
        artifact.digest().ifPresent(d -> a.put("digest", d));
        artifact.tag().ifPresent(t -> a.put("tag", t));
        artifact.mimeType().ifPresent(m -> a.put("mime_type", m));
        r.set("scanner", scanner());
        return r;
    }

    private static byte[] written(Report report, ReportFormat format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ReportWriter.write(report, format, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private JsonNode parse(byte[] json) {
        try {
            return mapper.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
