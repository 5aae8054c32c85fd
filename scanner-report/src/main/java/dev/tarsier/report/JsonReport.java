package dev.tarsier.report;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;

import dev.tarsier.api.AnalyzerInfo;
import dev.tarsier.api.Diagnostic;
import dev.tarsier.api.Finding;
import dev.tarsier.api.Inventory;
import dev.tarsier.api.Layer;
import dev.tarsier.api.OperatingSystem;
import dev.tarsier.api.Package;
import dev.tarsier.api.PackageKind;
import dev.tarsier.report.internal.report.JsonSections;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes the JSON report of the ARCHITECTURE contract: {@code schemaVersion}, {@code image}
 * (source, digest, os, layers), {@code packages} (each with the {@code analyzer} that found it),
 * {@code analyzers} (id, version and origin of those that ran), {@code findings} (when matched) and
 * {@code warnings}; for a {@link Report} of a scan also {@code suppressed}, {@code summary},
 * {@code policy} and {@code remediation}. Output is deterministic: the same inventory and findings
 * give the same bytes.
 *
 * @since 0.1
 */
public final class JsonReport {

    /** Version of the report shape; bumped only for incompatible changes. */
    public static final int SCHEMA_VERSION = 1;

    private static final JsonFactory FACTORY = new JsonFactory();

    /** Finding order: severity (highest first), then id, then package URL and path. */
    public static final Comparator<Finding> FINDING_ORDER = Comparator
            .comparing(Finding::severity).reversed()
            .thenComparing(Finding::id)
            .thenComparing(f -> f.pkg().purl().canonicalize())
            .thenComparing(f -> f.pkg().location().path());

    private JsonReport() {
    }

    /** Writes an inventory report (no {@code findings} member). */
    public static void write(Inventory inventory, OutputStream out) throws IOException {
        write(inventory, null, out);
    }

    /**
     * Writes a report.
     *
     * @param findings the findings, or null for an inventory-only report
     */
    public static void write(Inventory inventory, List<Finding> findings, OutputStream out) throws IOException {
        writeDocument(inventory, findings, null, out);
    }

    /**
     * Writes a report with everything a {@link Report} holds. An inventory-only report is the same
     * as {@link #write(Inventory, OutputStream)}. A scan report lists the active findings in
     * {@code findings}, and adds {@code suppressed} (each finding with a {@code suppression}
     * object saying why), {@code summary} (counts by severity and class, suppressed counts and the
     * verdict), {@code policy} (thresholds, violations, expired ignore rules) when a policy was
     * evaluated, and {@code remediation} (upgrade advice by package and by layer).
     */
    public static void write(Report report, OutputStream out) throws IOException {
        writeDocument(report.inventory(), report.matched() ? report.active() : null, report, out);
    }

    private static void writeDocument(Inventory inventory, List<Finding> findings, Report report,
                                      OutputStream out) throws IOException {
        try (JsonGenerator g = generator(out)) {
            g.writeStartObject();
            g.writeNumberField("schemaVersion", SCHEMA_VERSION);
            writeImage(g, inventory);
            g.writeArrayFieldStart("packages");
            for (Package p : inventory.packages()) {
                writePackage(g, p);
            }
            g.writeEndArray();
            writeAnalyzers(g, inventory);
            if (findings != null) {
                g.writeArrayFieldStart("findings");
                for (Finding f : findings.stream().sorted(FINDING_ORDER).toList()) {
                    writeFinding(g, f, null);
                }
                g.writeEndArray();
            }
            if (report != null && report.matched()) {
                g.writeArrayFieldStart("suppressed");
                for (PolicySuppression s : report.suppressed()) {
                    writeFinding(g, s.finding(), s);
                }
                g.writeEndArray();
                JsonSections.summary(g, report);
                if (report.policy().isPresent()) {
                    JsonSections.policy(g, report.policy().get());
                }
                JsonSections.remediation(g, report.remediation());
            }
            writeWarnings(g, inventory.diagnostics());
            g.writeEndObject();
            g.writeRaw('\n');
        }
    }

    /** A pretty-printing UTF-8 generator (two-space indent, LF) that leaves {@code out} open. */
    static JsonGenerator generator(OutputStream out) throws IOException {
        JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8);
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        g.setPrettyPrinter(new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n")));
        return g;
    }

    /** The {@code warnings} array: severity, layer, path, analyzer (the diagnostic's source), message. */
    static void writeWarnings(JsonGenerator g, List<Diagnostic> diagnostics) throws IOException {
        g.writeArrayFieldStart("warnings");
        for (Diagnostic d : diagnostics) {
            g.writeStartObject();
            g.writeStringField("severity", d.severity().name());
            if (d.layer().isPresent()) {
                g.writeNumberField("layer", d.layer().getAsInt());
            }
            if (d.path().isPresent()) {
                g.writeStringField("path", d.path().get());
            }
            g.writeStringField("analyzer", d.source());
            g.writeStringField("message", d.message());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void writeImage(JsonGenerator g, Inventory inventory) throws IOException {
        g.writeObjectFieldStart("image");
        g.writeStringField("source", inventory.image().source());
        g.writeStringField("digest", inventory.image().digest());
        if (inventory.image().platform().isPresent()) {
            g.writeStringField("platform", inventory.image().platform().get());
        }
        if (!inventory.image().tags().isEmpty()) {
            g.writeArrayFieldStart("tags");
            for (String t : inventory.image().tags()) {
                g.writeString(t);
            }
            g.writeEndArray();
        }
        if (inventory.os().isPresent()) {
            OperatingSystem os = inventory.os().get();
            g.writeObjectFieldStart("os");
            g.writeStringField("family", os.family());
            g.writeStringField("version", os.version());
            if (os.codename().isPresent()) {
                g.writeStringField("codename", os.codename().get());
            }
            if (os.name().isPresent()) {
                g.writeStringField("name", os.name().get());
            }
            if (!os.contentSets().isEmpty()) {
                g.writeArrayFieldStart("contentSets");
                for (String c : os.contentSets()) {
                    g.writeString(c);
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        }
        g.writeArrayFieldStart("layers");
        for (Layer l : inventory.image().layers()) {
            g.writeStartObject();
            g.writeNumberField("index", l.index());
            g.writeStringField("diffId", l.diffId());
            if (l.digest().isPresent()) {
                g.writeStringField("digest", l.digest().get());
            }
            if (l.createdBy().isPresent()) {
                g.writeStringField("createdBy", l.createdBy().get());
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /** The analyzers that ran, sorted by id (the inventory keeps them so): id, version, origin. */
    private static void writeAnalyzers(JsonGenerator g, Inventory inventory) throws IOException {
        g.writeArrayFieldStart("analyzers");
        for (AnalyzerInfo a : inventory.analyzers()) {
            g.writeStartObject();
            g.writeStringField("id", a.id());
            g.writeNumberField("version", a.version());
            g.writeStringField("origin", a.origin());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void writePackage(JsonGenerator g, Package p) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", p.name());
        g.writeStringField("version", p.version());
        g.writeStringField("type", p.type());
        g.writeStringField("purl", p.purl().canonicalize());
        g.writeStringField("class", p.kind() == PackageKind.OS ? "os" : "app");
        if (p.sourceName().isPresent()) {
            g.writeStringField("sourceName", p.sourceName().get());
        }
        if (p.sourceVersion().isPresent()) {
            g.writeStringField("sourceVersion", p.sourceVersion().get());
        }
        if (p.ecosystem().isPresent()) {
            g.writeStringField("ecosystem", p.ecosystem().get());
        }
        g.writeStringField("path", p.location().path());
        g.writeNumberField("layer", p.location().layer());
        if (p.analyzer().isPresent()) {
            g.writeStringField("analyzer", p.analyzer().get());
        }
        if (!p.licenses().isEmpty()) {
            g.writeArrayFieldStart("licenses");
            for (String l : p.licenses()) {
                g.writeString(l);
            }
            g.writeEndArray();
        }
        if (!p.properties().isEmpty()) {
            g.writeObjectFieldStart("properties");
            for (Map.Entry<String, String> e : p.properties().entrySet()) {
                g.writeStringField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private static void writeFinding(JsonGenerator g, Finding f, PolicySuppression suppression) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", f.id());
        g.writeArrayFieldStart("aliases");
        for (String a : f.aliases()) {
            g.writeString(a);
        }
        g.writeEndArray();
        g.writeStringField("severity", f.severity().name());
        if (f.cvssScore().isPresent()) {
            g.writeNumberField("cvssScore", f.cvssScore().getAsDouble());
        }
        g.writeArrayFieldStart("fixedVersions");
        for (String v : f.fixedVersions()) {
            g.writeString(v);
        }
        g.writeEndArray();
        g.writeObjectFieldStart("package");
        g.writeStringField("name", f.pkg().name());
        g.writeStringField("version", f.pkg().version());
        g.writeStringField("purl", f.pkg().purl().canonicalize());
        g.writeStringField("path", f.pkg().location().path());
        // 0.4: how a Maven groupId Maven did not record was found (manifest rule, the DB's index)
        Optional<String> groupSource = f.pkg().property(Package.PROPERTY_GROUP_SOURCE);
        if (groupSource.isPresent() && !groupSource.get().equals("pom.properties")) {
            g.writeStringField("groupSource", groupSource.get());
        }
        g.writeEndObject();
        g.writeNumberField("layer", f.layer());
        g.writeStringField("class", f.kind() == PackageKind.OS ? "os" : "app");
        if (f.summary().isPresent()) {
            g.writeStringField("summary", f.summary().get());
        }
        if (suppression != null) {
            JsonSections.suppression(g, suppression);
        }
        // After every 0.1 member, suppression included: the contract only ever appends.
        JsonSections.findingSignals(g, f);
        g.writeEndObject();
    }
}
