package dev.tarsier.report.internal.report;

import com.fasterxml.jackson.core.JsonGenerator;

import dev.tarsier.api.Inventory;
import dev.tarsier.api.Layer;
import dev.tarsier.api.Package;
import dev.tarsier.api.PackageKind;
import dev.tarsier.report.Report;
import dev.tarsier.report.ReportWriter;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Writes an SPDX 2.3 JSON document (spdx.github.io/spdx-spec/v2.3): the image is a package with
 * purpose {@code CONTAINER} that the document {@code DESCRIBES}; the OS and every found package
 * are packages the image {@code CONTAINS}, each with its PURL as a {@code PACKAGE-MANAGER}
 * external reference (spec clause 7.21 and Annex F) and its layer and path in the comment.
 *
 * <p>Files were not analysed ({@code filesAnalyzed: false}), download locations and concluded
 * licenses are {@code NOASSERTION} (clauses 7.7 and 7.13: the scanner does not know them). A
 * declared license is written only when it reads as an SPDX license expression (clause 7.15,
 * Annex D syntax); anything else is {@code NOASSERTION} with the original text in the comment.
 * Findings are not part of an SPDX 2.3 document; use CycloneDX or SARIF for them.
 */
public final class SpdxWriter {

    /** Annex D: ids of letters, digits, {@code .}, {@code -} and an optional {@code +}, joined by AND/OR/WITH. */
    private static final Pattern SIMPLE_EXPRESSION = Pattern.compile(
            "(LicenseRef-)?[A-Za-z0-9.\\-]+\\+?( (AND|OR|WITH) (LicenseRef-)?[A-Za-z0-9.\\-]+\\+?)*");

    private SpdxWriter() {
    }

    /** Writes the report. */
    public static void write(Report report, OutputStream out) throws IOException {
        Inventory inv = report.inventory();
        List<Package> packages = inv.packages();
        try (JsonGenerator g = Json.generator(out)) {
            g.writeStartObject();
            g.writeStringField("spdxVersion", "SPDX-2.3");
            g.writeStringField("dataLicense", "CC0-1.0");
            g.writeStringField("SPDXID", "SPDXRef-DOCUMENT");
            g.writeStringField("name", Json.imageName(inv));
            g.writeStringField("documentNamespace", "https://spdx.org/spdxdocs/tarsier/"
                    + Json.sha256Hex(inv.image().digest()).orElse("image") + "-"
                    + Json.documentUuid(inv, "spdx", report.created().toString()));
            g.writeObjectFieldStart("creationInfo");
            g.writeStringField("created", report.created().toString());
            Json.strings(g, "creators", List.of("Tool: " + ReportWriter.TOOL_NAME + "-" + ReportWriter.toolVersion()));
            g.writeEndObject();
            g.writeArrayFieldStart("packages");
            image(g, inv);
            if (inv.os().isPresent()) {
                g.writeStartObject();
                g.writeStringField("SPDXID", "SPDXRef-OperatingSystem");
                g.writeStringField("name", inv.os().get().family());
                g.writeStringField("versionInfo", inv.os().get().version());
                noAssertions(g);
                g.writeStringField("primaryPackagePurpose", "OPERATING_SYSTEM");
                Json.optional(g, "comment", inv.os().get().name());
                g.writeEndObject();
            }
            for (int i = 0; i < packages.size(); i++) {
                pkg(g, inv, packages.get(i), i + 1);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("relationships");
            relationship(g, "SPDXRef-DOCUMENT", "DESCRIBES", "SPDXRef-Image");
            if (inv.os().isPresent()) {
                relationship(g, "SPDXRef-Image", "CONTAINS", "SPDXRef-OperatingSystem");
            }
            for (int i = 0; i < packages.size(); i++) {
                relationship(g, "SPDXRef-Image", "CONTAINS", "SPDXRef-Package-" + (i + 1));
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeRaw('\n');
        }
    }

    private static void image(JsonGenerator g, Inventory inv) throws IOException {
        g.writeStartObject();
        g.writeStringField("SPDXID", "SPDXRef-Image");
        g.writeStringField("name", Json.imageName(inv));
        g.writeStringField("versionInfo", inv.image().digest());
        g.writeStringField("downloadLocation", "NOASSERTION");
        g.writeBooleanField("filesAnalyzed", false);
        Optional<String> hex = Json.sha256Hex(inv.image().digest());
        if (hex.isPresent()) {
            g.writeArrayFieldStart("checksums");
            g.writeStartObject();
            g.writeStringField("algorithm", "SHA256");
            g.writeStringField("checksumValue", hex.get());
            g.writeEndObject();
            g.writeEndArray();
        }
        g.writeStringField("licenseConcluded", "NOASSERTION");
        g.writeStringField("licenseDeclared", "NOASSERTION");
        g.writeStringField("copyrightText", "NOASSERTION");
        g.writeStringField("primaryPackagePurpose", "CONTAINER");
        StringBuilder layers = new StringBuilder("source: " + inv.image().source());
        for (Layer l : inv.image().layers()) {
            layers.append("\nlayer ").append(l.index()).append(": ").append(l.diffId())
                    .append(l.createdBy().map(c -> " " + c).orElse(""));
        }
        g.writeStringField("comment", layers.toString());
        g.writeEndObject();
    }

    private static void pkg(JsonGenerator g, Inventory inv, Package p, int n) throws IOException {
        g.writeStartObject();
        g.writeStringField("SPDXID", "SPDXRef-Package-" + n);
        g.writeStringField("name", p.name());
        g.writeStringField("versionInfo", p.version());
        g.writeStringField("downloadLocation", "NOASSERTION");
        g.writeBooleanField("filesAnalyzed", false);
        g.writeStringField("licenseConcluded", "NOASSERTION");
        String declared = String.join(" AND ", p.licenses());
        boolean expression = !declared.isEmpty() && SIMPLE_EXPRESSION.matcher(declared).matches();
        g.writeStringField("licenseDeclared", expression ? declared : "NOASSERTION");
        g.writeStringField("copyrightText", "NOASSERTION");
        if (p.sourceName().isPresent() || p.sourceVersion().isPresent()) {
            g.writeStringField("sourceInfo", "built from source package " + p.effectiveSourceName() + " "
                    + p.effectiveSourceVersion());
        }
        g.writeArrayFieldStart("externalRefs");
        g.writeStartObject();
        g.writeStringField("referenceCategory", "PACKAGE-MANAGER");
        g.writeStringField("referenceType", "purl");
        g.writeStringField("referenceLocator", p.purl().canonicalize());
        g.writeEndObject();
        g.writeEndArray();
        g.writeStringField("primaryPackagePurpose", Package.TYPE_BINARY.equals(p.type()) ? "APPLICATION" : "LIBRARY");
        String comment = (p.kind() == PackageKind.OS ? "os" : "app") + " package, layer " + p.location().layer()
                + " (" + inv.image().layer(p.location().layer()).diffId() + "), path " + p.location().path()
                + (!expression && !declared.isEmpty() ? ", declared license: " + declared : "");
        g.writeStringField("comment", comment);
        g.writeEndObject();
    }

    private static void noAssertions(JsonGenerator g) throws IOException {
        g.writeStringField("downloadLocation", "NOASSERTION");
        g.writeBooleanField("filesAnalyzed", false);
        g.writeStringField("licenseConcluded", "NOASSERTION");
        g.writeStringField("licenseDeclared", "NOASSERTION");
        g.writeStringField("copyrightText", "NOASSERTION");
    }

    private static void relationship(JsonGenerator g, String from, String type, String to) throws IOException {
        g.writeStartObject();
        g.writeStringField("spdxElementId", from);
        g.writeStringField("relationshipType", type);
        g.writeStringField("relatedSpdxElement", to);
        g.writeEndObject();
    }
}
