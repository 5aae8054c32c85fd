package dev.tarsier.report.internal.report;

import com.fasterxml.jackson.core.JsonGenerator;

import dev.tarsier.api.Finding;
import dev.tarsier.api.Inventory;
import dev.tarsier.api.Layer;
import dev.tarsier.api.Package;
import dev.tarsier.api.PackageKind;
import dev.tarsier.report.PolicySuppression;
import dev.tarsier.report.Remediation;
import dev.tarsier.report.Report;
import dev.tarsier.report.ReportWriter;

import java.io.IOException;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes CycloneDX 1.6 JSON (cyclonedx.org/docs/1.6/json).
 *
 * <p>{@code metadata.component} is the image ({@code type: container}, version = digest); the OS
 * is a component of type {@code operating-system}; every package is a component with its PURL and
 * {@code tarsier:*} properties (class, layer index and diffId, path, source package, and
 * {@code tarsier:groupSource} for a Maven groupId that Maven did not record). When the
 * image was matched, each (vulnerability, package) pair is a {@code vulnerabilities} entry with
 * its rating (source, score, severity, method and vector), EPSS and CISA KEV as
 * {@code tarsier:epss:*} and {@code tarsier:kev:dateAdded} properties, aliases as references, and
 * {@code affects} naming the component with the installed
 * version as {@code affected} and each fixed version as {@code unaffected} (CycloneDX has no
 * "fixed in" field; version status is its way to say it). Suppressed findings carry an
 * {@code analysis}: VEX statements map to states {@code not_affected}/{@code resolved} with the
 * justification translated, other suppressions keep their reason as {@code detail}.
 */
public final class CycloneDxWriter {

    /** Property namespace for Tarsier facts (CycloneDX property taxonomy: a tool-owned prefix). */
    static final String NS = "tarsier:";

    private CycloneDxWriter() {
    }

    /** Writes the report. */
    public static void write(Report report, OutputStream out) throws IOException {
        Inventory inv = report.inventory();
        Map<Package, String> refs = refs(inv.packages());
        Map<Package, Remediation.PackageAdvice> advice = new HashMap<>();
        report.remediation().packages().forEach(a -> advice.put(a.pkg(), a));
        try (JsonGenerator g = Json.generator(out)) {
            g.writeStartObject();
            g.writeStringField("bomFormat", "CycloneDX");
            g.writeStringField("specVersion", "1.6");
            g.writeStringField("serialNumber", "urn:uuid:" + Json.documentUuid(inv, "cyclonedx", report.created().toString()));
            g.writeNumberField("version", 1);
            metadata(g, report);
            g.writeArrayFieldStart("components");
            if (inv.os().isPresent()) {
                g.writeStartObject();
                g.writeStringField("type", "operating-system");
                g.writeStringField("bom-ref", "os");
                g.writeStringField("name", inv.os().get().family());
                g.writeStringField("version", inv.os().get().version());
                Json.optional(g, "description", inv.os().get().name());
                g.writeEndObject();
            }
            for (Package p : inv.packages()) {
                component(g, inv, p, refs.get(p));
            }
            g.writeEndArray();
            g.writeArrayFieldStart("dependencies");
            g.writeStartObject();
            g.writeStringField("ref", "image");
            g.writeArrayFieldStart("dependsOn");
            if (inv.os().isPresent()) {
                g.writeString("os");
            }
            for (Package p : inv.packages()) {
                g.writeString(refs.get(p));
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndArray();
            if (report.matched()) {
                g.writeArrayFieldStart("vulnerabilities");
                for (Finding f : report.active()) {
                    vulnerability(g, f, ref(refs, f.pkg()), null, advice.get(f.pkg()));
                }
                for (PolicySuppression s : report.suppressed()) {
                    vulnerability(g, s.finding(), ref(refs, s.finding().pkg()), s, null);
                }
                g.writeEndArray();
            }
            g.writeEndObject();
            g.writeRaw('\n');
        }
    }

    /**
     * bom-refs: the PURL, made unique with the path when one PURL appears at several paths. A
     * finding's package that is not in the inventory (equal by value) refers to the inventory's
     * package of the same type, name and version at the same place (the matcher settles the groupId
     * of a Maven package that Maven did not record, so the finding's copy differs in its PURL);
     * without one it gets a ref made the same way.
     */
    private static Map<Package, String> refs(List<Package> packages) {
        Map<String, Integer> uses = new HashMap<>();
        packages.forEach(p -> uses.merge(p.purl().canonicalize(), 1, Integer::sum));
        Map<Package, String> refs = new HashMap<>();
        for (Package p : packages) {
            String purl = p.purl().canonicalize();
            refs.put(p, uses.get(purl) == 1 ? purl : purl + "#" + p.location().path());
        }
        return refs;
    }

    private static String ref(Map<Package, String> refs, Package p) {
        String ref = refs.get(p);
        if (ref != null) {
            return ref;
        }
        for (Map.Entry<Package, String> e : refs.entrySet()) {
            Package q = e.getKey();
            if (q.location().equals(p.location()) && q.type().equals(p.type()) && q.name().equals(p.name())
                    && q.version().equals(p.version())) {
                return e.getValue();
            }
        }
        return p.purl().canonicalize() + "#" + p.location().path();
    }

    private static void metadata(JsonGenerator g, Report report) throws IOException {
        Inventory inv = report.inventory();
        g.writeObjectFieldStart("metadata");
        g.writeStringField("timestamp", report.created().toString());
        g.writeObjectFieldStart("tools");
        g.writeArrayFieldStart("components");
        g.writeStartObject();
        g.writeStringField("type", "application");
        g.writeStringField("name", ReportWriter.TOOL_NAME);
        g.writeStringField("version", ReportWriter.toolVersion());
        g.writeEndObject();
        g.writeEndArray();
        g.writeEndObject();
        g.writeObjectFieldStart("component");
        g.writeStringField("type", "container");
        g.writeStringField("bom-ref", "image");
        g.writeStringField("name", Json.imageName(inv));
        g.writeStringField("version", inv.image().digest());
        Optional<String> hex = Json.sha256Hex(inv.image().digest());
        if (hex.isPresent()) {
            g.writeArrayFieldStart("hashes");
            g.writeStartObject();
            g.writeStringField("alg", "SHA-256");
            g.writeStringField("content", hex.get());
            g.writeEndObject();
            g.writeEndArray();
        }
        g.writeArrayFieldStart("properties");
        property(g, "image:source", inv.image().source());
        if (inv.image().platform().isPresent()) {
            property(g, "image:platform", inv.image().platform().get());
        }
        for (Layer l : inv.image().layers()) {
            property(g, "image:layer:" + l.index() + ":diffId", l.diffId());
            if (l.createdBy().isPresent()) {
                property(g, "image:layer:" + l.index() + ":createdBy", l.createdBy().get());
            }
        }
        g.writeEndArray();
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void component(JsonGenerator g, Inventory inv, Package p, String ref) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", Package.TYPE_BINARY.equals(p.type()) ? "application" : "library");
        g.writeStringField("bom-ref", ref);
        if ("maven".equals(p.type()) && p.purl().getNamespace() != null) {
            g.writeStringField("group", p.purl().getNamespace());
        }
        g.writeStringField("name", p.name());
        g.writeStringField("version", p.version());
        if (!p.licenses().isEmpty()) {
            g.writeArrayFieldStart("licenses");
            for (String l : p.licenses()) {
                // "name" rather than "id": "id" must be one of the SPDX list's ids, which
                // package databases do not guarantee.
                g.writeStartObject();
                g.writeObjectFieldStart("license");
                g.writeStringField("name", l);
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        g.writeStringField("purl", p.purl().canonicalize());
        g.writeArrayFieldStart("properties");
        property(g, "class", p.kind() == PackageKind.OS ? "os" : "app");
        property(g, "layer", Integer.toString(p.location().layer()));
        property(g, "layer:diffId", inv.image().layer(p.location().layer()).diffId());
        property(g, "path", p.location().path());
        if (p.sourceName().isPresent()) {
            property(g, "sourceName", p.sourceName().get());
        }
        if (p.sourceVersion().isPresent()) {
            property(g, "sourceVersion", p.sourceVersion().get());
        }
        // a Maven groupId Maven did not record: how it was found, so that a guess stays visibly one
        Optional<String> groupSource = p.property(Package.PROPERTY_GROUP_SOURCE);
        if (groupSource.isPresent() && !groupSource.get().equals("pom.properties")) {
            property(g, Package.PROPERTY_GROUP_SOURCE, groupSource.get());
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void vulnerability(JsonGenerator g, Finding f, String ref, PolicySuppression s,
                                      Remediation.PackageAdvice advice) throws IOException {
        g.writeStartObject();
        g.writeStringField("bom-ref", f.id() + "/" + ref);
        g.writeStringField("id", f.id());
        Optional<String> url = Json.advisoryUrl(f.id());
        g.writeObjectFieldStart("source");
        g.writeStringField("name", Json.advisorySource(f.id()));
        Json.optional(g, "url", url);
        g.writeEndObject();
        if (!f.aliases().isEmpty()) {
            g.writeArrayFieldStart("references");
            for (String alias : f.aliases()) {
                g.writeStartObject();
                g.writeStringField("id", alias);
                g.writeObjectFieldStart("source");
                g.writeStringField("name", Json.advisorySource(alias));
                Json.optional(g, "url", Json.advisoryUrl(alias));
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        rating(g, f);
        Json.optional(g, "description", f.summary());
        if (f.fixable()) {
            String fixedIn = "fixed in " + String.join(", ", f.fixedVersions());
            g.writeStringField("recommendation", advice != null && advice.upgradeTo().isPresent()
                    ? "Upgrade " + f.pkg().name() + " to " + advice.upgradeTo().get()
                        + " (fixes every fixable finding of the package); this vulnerability is " + fixedIn
                    : "Upgrade " + f.pkg().name() + "; this vulnerability is " + fixedIn);
        }
        if (s != null) {
            analysis(g, s);
        }
        g.writeArrayFieldStart("affects");
        g.writeStartObject();
        g.writeStringField("ref", ref);
        g.writeArrayFieldStart("versions");
        version(g, f.pkg().version(), "affected");
        for (String fixed : f.fixedVersions()) {
            version(g, fixed, "unaffected");
        }
        g.writeEndArray();
        g.writeEndObject();
        g.writeEndArray();
        exploitation(g, f);
        g.writeEndObject();
    }

    /**
     * The one rating Tarsier resolved: who gave it ({@code source}), the CVSS score, severity,
     * method and vector when known.
     */
    private static void rating(JsonGenerator g, Finding f) throws IOException {
        g.writeArrayFieldStart("ratings");
        g.writeStartObject();
        Optional<String> source = Ratings.sourceName(f);
        if (source.isPresent()) {
            g.writeObjectFieldStart("source");
            g.writeStringField("name", source.get());
            Json.optional(g, "url", Ratings.sourceUrl(f));
            g.writeEndObject();
        }
        if (f.cvssScore().isPresent()) {
            g.writeNumberField("score", f.cvssScore().getAsDouble());
        }
        g.writeStringField("severity", Json.lower(f.severity()));
        Json.optional(g, "method", Ratings.cycloneDxMethod(f));
        Json.optional(g, "vector", f.cvssVector());
        g.writeEndObject();
        g.writeEndArray();
    }

    /**
     * EPSS and KEV as {@code tarsier:} properties: CycloneDX 1.6 has no field for an exploit
     * prediction or for a catalog of exploited vulnerabilities. Nothing is written without them.
     */
    private static void exploitation(JsonGenerator g, Finding f) throws IOException {
        if (f.epss().isEmpty() && !f.knownExploited()) {
            return;
        }
        g.writeArrayFieldStart("properties");
        if (f.epss().isPresent()) {
            property(g, "epss:score", Json.decimal(f.epss().get().score()));
            property(g, "epss:percentile", Json.decimal(f.epss().get().percentile()));
        }
        if (f.knownExploitedSince().isPresent()) {
            property(g, "kev:dateAdded", f.knownExploitedSince().get().toString());
        }
        g.writeEndArray();
    }

    private static void analysis(JsonGenerator g, PolicySuppression s) throws IOException {
        g.writeObjectFieldStart("analysis");
        if (s.kind() == PolicySuppression.Kind.VEX) {
            g.writeStringField("state", "fixed".equals(s.vexStatus().orElse("")) ? "resolved" : "not_affected");
            Optional<String> justification = s.justification().flatMap(CycloneDxWriter::justification);
            Json.optional(g, "justification", justification);
        }
        g.writeStringField("detail", s.kind().label() + " (" + s.source() + "): " + s.reason());
        g.writeEndObject();
    }

    /** OpenVEX justification labels to the nearest CycloneDX impact-analysis justification. */
    static Optional<String> justification(String openVex) {
        return Optional.ofNullable(switch (openVex) {
            case "component_not_present", "vulnerable_code_not_present" -> "code_not_present";
            case "vulnerable_code_not_in_execute_path" -> "code_not_reachable";
            case "vulnerable_code_cannot_be_controlled_by_adversary", "inline_mitigations_already_exist" ->
                    "protected_by_mitigating_control";
            default -> null;
        });
    }

    private static void version(JsonGenerator g, String version, String status) throws IOException {
        g.writeStartObject();
        g.writeStringField("version", version);
        g.writeStringField("status", status);
        g.writeEndObject();
    }

    private static void property(JsonGenerator g, String name, String value) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", NS + name);
        g.writeStringField("value", value);
        g.writeEndObject();
    }
}
