package dev.tarsier.report.internal.report;

import com.fasterxml.jackson.core.JsonGenerator;

import dev.tarsier.api.Finding;
import dev.tarsier.api.PackageKind;
import dev.tarsier.api.Severity;
import dev.tarsier.report.IgnoreFile;
import dev.tarsier.report.Policy;
import dev.tarsier.report.PolicyResult;
import dev.tarsier.report.PolicySuppression;
import dev.tarsier.report.Remediation;
import dev.tarsier.report.Report;
import dev.tarsier.report.VexDocument;

import java.io.IOException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The sections the JSON report gains for a scan: summary, policy, suppression and remediation. */
public final class JsonSections {

    private JsonSections() {
    }

    /** Severities from most to least severe: the order counts are written in. */
    public static final List<Severity> SEVERITY_ORDER = List.of(Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM,
            Severity.LOW, Severity.UNKNOWN);

    /** {@code "os"} or {@code "app"}. */
    public static String classLabel(PackageKind kind) {
        return kind == PackageKind.OS ? "os" : "app";
    }

    /**
     * The exploitation and provenance members of a finding, written after its 0.1 members:
     * {@code severitySource} and {@code cvssVector} when known, {@code knownExploited} (always),
     * {@code knownExploitedDateAdded} (ISO date) when it is, and {@code epss} {@code {score,
     * percentile}} when known.
     */
    public static void findingSignals(JsonGenerator g, Finding f) throws IOException {
        optional(g, "severitySource", f.severitySource());
        optional(g, "cvssVector", f.cvssVector());
        g.writeBooleanField("knownExploited", f.knownExploited());
        optional(g, "knownExploitedDateAdded", f.knownExploitedSince().map(Object::toString));
        if (f.epss().isPresent()) {
            g.writeObjectFieldStart("epss");
            g.writeFieldName("score");
            g.writeNumber(Json.decimal(f.epss().get().score()));
            g.writeFieldName("percentile");
            g.writeNumber(Json.decimal(f.epss().get().percentile()));
            g.writeEndObject();
        }
    }

    /**
     * {@code summary}: {@code findings} (active count), {@code bySeverity}, {@code byClass}
     * ({@code os}/{@code app} by severity), {@code fixable}, {@code suppressed} (total and by kind),
     * {@code verdict} ({@code pass}/{@code fail}) when a policy was evaluated, then
     * {@code knownExploited} (active findings in the KEV catalog) and {@code knownExploitedSuppressed}
     * (suppressed ones, kept apart so that {@code suppressed} stays a breakdown by kind).
     */
    public static void summary(JsonGenerator g, Report report) throws IOException {
        List<Finding> active = report.active();
        g.writeObjectFieldStart("summary");
        g.writeNumberField("findings", active.size());
        counts(g, "bySeverity", active);
        g.writeObjectFieldStart("byClass");
        counts(g, "os", active.stream().filter(f -> f.kind() == PackageKind.OS).toList());
        counts(g, "app", active.stream().filter(f -> f.kind() == PackageKind.APPLICATION).toList());
        g.writeEndObject();
        g.writeNumberField("fixable", (int) active.stream().filter(Finding::fixable).count());
        g.writeObjectFieldStart("suppressed");
        g.writeNumberField("total", report.suppressed().size());
        for (PolicySuppression.Kind k : PolicySuppression.Kind.values()) {
            g.writeNumberField(k.label(), (int) report.suppressed().stream().filter(s -> s.kind() == k).count());
        }
        g.writeEndObject();
        if (report.policy().isPresent()) {
            g.writeStringField("verdict", report.policy().get().passed() ? "pass" : "fail");
        }
        g.writeNumberField("knownExploited", (int) active.stream().filter(Finding::knownExploited).count());
        g.writeNumberField("knownExploitedSuppressed",
                (int) report.suppressed().stream().filter(s -> s.finding().knownExploited()).count());
        g.writeEndObject();
    }

    private static void counts(JsonGenerator g, String field, List<Finding> findings) throws IOException {
        g.writeObjectFieldStart(field);
        for (Severity s : SEVERITY_ORDER) {
            g.writeNumberField(s.name(), (int) findings.stream().filter(f -> f.severity() == s).count());
        }
        g.writeEndObject();
    }

    /**
     * {@code policy}: the thresholds ({@code failOnOs}, {@code failOnApp}; absent when not set),
     * {@code ignoreUnfixed}, {@code unknownSeverityCountsAs} ({@code IGNORE} when UNKNOWN never
     * fails), the inputs, {@code verdict}, {@code violations} (each with its {@code reasons}:
     * {@code threshold} and/or {@code knownExploited}), {@code expiredIgnoreRules}, then
     * {@code failOnKnownExploited} and {@code knownExploitedViolations} (how many violations fail
     * because they are known exploited; some may also reach the threshold).
     */
    public static void policy(JsonGenerator g, PolicyResult result) throws IOException {
        Policy p = result.policy();
        g.writeObjectFieldStart("policy");
        g.writeStringField("verdict", result.passed() ? "pass" : "fail");
        if (p.failOnOs().isPresent()) {
            g.writeStringField("failOnOs", p.failOnOs().get().name());
        }
        if (p.failOnApp().isPresent()) {
            g.writeStringField("failOnApp", p.failOnApp().get().name());
        }
        g.writeBooleanField("ignoreUnfixed", p.ignoreUnfixed());
        g.writeStringField("unknownSeverityCountsAs", p.unknownCountsAs().map(Severity::name).orElse("IGNORE"));
        g.writeArrayFieldStart("ignoreFiles");
        for (IgnoreFile f : p.ignoreFiles()) {
            g.writeString(f.name());
        }
        g.writeEndArray();
        g.writeArrayFieldStart("vexDocuments");
        for (VexDocument v : p.vexDocuments()) {
            g.writeString(v.name());
        }
        g.writeEndArray();
        Set<Finding> threshold = new HashSet<>(result.thresholdViolations());
        Set<Finding> exploited = new HashSet<>(result.knownExploitedViolations());
        g.writeArrayFieldStart("violations");
        for (Finding f : result.violations()) {
            g.writeStartObject();
            g.writeStringField("id", f.id());
            g.writeStringField("severity", f.severity().name());
            g.writeStringField("class", classLabel(f.kind()));
            g.writeStringField("purl", f.pkg().purl().canonicalize());
            g.writeNumberField("layer", f.layer());
            g.writeArrayFieldStart("reasons");
            if (threshold.contains(f)) {
                g.writeString("threshold");
            }
            if (exploited.contains(f)) {
                g.writeString("knownExploited");
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("expiredIgnoreRules");
        for (IgnoreFile.Rule r : result.expiredRules()) {
            g.writeStartObject();
            g.writeStringField("id", r.id());
            if (r.purl().isPresent()) {
                g.writeStringField("purl", r.purl().get());
            }
            g.writeStringField("reason", r.reason());
            g.writeStringField("expires", r.expires().map(Object::toString).orElse(""));
            g.writeStringField("file", r.file());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeBooleanField("failOnKnownExploited", p.failOnKnownExploited());
        g.writeNumberField("knownExploitedViolations", result.knownExploitedViolations().size());
        g.writeEndObject();
    }

    /** {@code suppression} inside a suppressed finding: kind, reason, source and VEX/expiry details. */
    public static void suppression(JsonGenerator g, PolicySuppression s) throws IOException {
        g.writeObjectFieldStart("suppression");
        g.writeStringField("kind", s.kind().label());
        g.writeStringField("reason", s.reason());
        g.writeStringField("source", s.source());
        optional(g, "vexStatus", s.vexStatus());
        optional(g, "justification", s.justification());
        optional(g, "expires", s.expires().map(Object::toString));
        g.writeEndObject();
    }

    /**
     * {@code remediation}: {@code baseLayers} (when known), {@code baseImageFindings},
     * {@code packages} (upgrade advice) and
     * {@code layers} (findings per introducing layer, base-image layers marked, one line of advice).
     */
    public static void remediation(JsonGenerator g, Remediation r) throws IOException {
        g.writeObjectFieldStart("remediation");
        if (r.baseLayers().isPresent()) {
            g.writeNumberField("baseLayers", r.baseLayers().getAsInt());
        }
        g.writeNumberField("baseImageFindings", r.baseImageFindings());
        g.writeArrayFieldStart("packages");
        for (Remediation.PackageAdvice a : r.packages()) {
            g.writeStartObject();
            g.writeStringField("name", a.pkg().name());
            g.writeStringField("version", a.pkg().version());
            g.writeStringField("purl", a.pkg().purl().canonicalize());
            g.writeStringField("class", classLabel(a.pkg().kind()));
            g.writeStringField("path", a.pkg().location().path());
            g.writeNumberField("layer", a.pkg().location().layer());
            optional(g, "upgradeTo", a.upgradeTo());
            g.writeArrayFieldStart("fixedVersions");
            for (String v : a.fixedVersions()) {
                g.writeString(v);
            }
            g.writeEndArray();
            g.writeNumberField("findings", a.findings().size());
            g.writeObjectFieldStart("removes");
            for (Severity s : SEVERITY_ORDER) {
                g.writeNumberField(s.name(), a.removes().get(s));
            }
            g.writeEndObject();
            g.writeNumberField("unfixable", a.unfixable());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("layers");
        for (Remediation.LayerAdvice l : r.layers()) {
            g.writeStartObject();
            g.writeNumberField("index", l.layer().index());
            optional(g, "createdBy", l.layer().createdBy());
            g.writeBooleanField("baseImage", l.baseImage());
            g.writeNumberField("findings", l.findingCount());
            g.writeArrayFieldStart("packages");
            for (Remediation.PackageAdvice a : l.packages()) {
                g.writeString(a.pkg().purl().canonicalize());
            }
            g.writeEndArray();
            g.writeStringField("advice", l.advice());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void optional(JsonGenerator g, String field, Optional<String> value) throws IOException {
        if (value.isPresent()) {
            g.writeStringField(field, value.get());
        }
    }

    /** Counts of findings by severity, most severe first, for one-line summaries. */
    public static Map<Severity, Long> countBySeverity(List<Finding> findings) {
        Map<Severity, Long> counts = new LinkedHashMap<>();
        for (Severity s : SEVERITY_ORDER) {
            counts.put(s, findings.stream().filter(f -> f.severity() == s).count());
        }
        return counts;
    }
}
