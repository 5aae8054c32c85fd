package dev.tarsier.report.internal.policy;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tarsier.report.PolicyInputException;
import dev.tarsier.report.VexDocument;

import java.io.InputStream;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Reads OpenVEX 0.2.0 JSON (OPENVEX-SPEC.md, "Document", "Statement", "Product" and
 * "Vulnerability" sections).
 *
 * <p>Rules enforced from the specification: {@code @context} must name an OpenVEX namespace;
 * {@code statements} and each statement's {@code status} are required; a {@code not_affected}
 * statement must carry a {@code justification} or an {@code impact_statement}; the justification
 * must be one of the five labels of the spec. A statement's vulnerability is an object with
 * {@code name} (0.2.0) or, as older documents write it, a plain string.
 */
public final class VexParser {

    private static final Set<String> JUSTIFICATIONS = Set.of("component_not_present",
            "vulnerable_code_not_present", "vulnerable_code_not_in_execute_path",
            "vulnerable_code_cannot_be_controlled_by_adversary", "inline_mitigations_already_exist");

    private VexParser() {
    }

    /** Parses one document. */
    public static VexDocument parse(String name, InputStream in) throws PolicyInputException {
        JsonNode root = IgnoreFileParser.readBounded(name, "VEX document", in);
        String where = "VEX document " + name;
        if (!root.isObject()) {
            throw new PolicyInputException(where + ": expected a JSON object");
        }
        String context = root.path("@context").asText("");
        if (!context.startsWith("https://openvex.dev/ns")) {
            throw new PolicyInputException(where + ": not an OpenVEX document (@context is \"" + context + "\")");
        }
        JsonNode statements = root.get("statements");
        if (statements == null || !statements.isArray()) {
            throw new PolicyInputException(where + ": \"statements\" array is required");
        }
        List<VexDocument.Statement> parsed = new ArrayList<>();
        for (int i = 0; i < statements.size(); i++) {
            parsed.add(statement(where + ", statement " + (i + 1), statements.get(i)));
        }
        return new VexDocument(name, root.path("@id").asText(name), optionalText(root, "author"),
                timestamp(root, where), parsed);
    }

    private static VexDocument.Statement statement(String where, JsonNode node) throws PolicyInputException {
        JsonNode vuln = node.get("vulnerability");
        String vulnName;
        List<String> aliases = new ArrayList<>();
        if (vuln != null && vuln.isTextual()) {
            vulnName = vuln.asText();
        } else if (vuln != null && vuln.isObject() && vuln.path("name").isTextual()) {
            vulnName = vuln.get("name").asText();
            for (JsonNode a : vuln.path("aliases")) {
                aliases.add(a.asText());
            }
        } else {
            throw new PolicyInputException(where + ": \"vulnerability\" with a \"name\" is required");
        }
        VexDocument.Status status;
        try {
            status = VexDocument.Status.valueOf(node.path("status").asText("").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new PolicyInputException(where + " (" + vulnName + "): status must be not_affected, affected, "
                    + "fixed or under_investigation, not \"" + node.path("status").asText("") + "\"");
        }
        Optional<String> justification = optionalText(node, "justification");
        Optional<String> impact = optionalText(node, "impact_statement");
        if (justification.isPresent() && !JUSTIFICATIONS.contains(justification.get())) {
            throw new PolicyInputException(where + " (" + vulnName + "): unknown justification \""
                    + justification.get() + "\"");
        }
        if (status == VexDocument.Status.NOT_AFFECTED && justification.isEmpty() && impact.isEmpty()) {
            throw new PolicyInputException(where + " (" + vulnName
                    + "): a not_affected statement needs a justification or an impact_statement");
        }
        List<VexDocument.Product> products = new ArrayList<>();
        for (JsonNode p : node.path("products")) {
            List<String> subcomponents = new ArrayList<>();
            for (JsonNode s : p.path("subcomponents")) {
                subcomponents.addAll(identifiers(s));
            }
            products.add(new VexDocument.Product(identifiers(p), subcomponents));
        }
        if (products.isEmpty()) {
            throw new PolicyInputException(where + " (" + vulnName + "): \"products\" must name at least one product");
        }
        return new VexDocument.Statement(vulnName, aliases, products, status, justification, impact,
                optionalText(node, "status_notes"), timestamp(node, where));
    }

    /** A product or subcomponent is an object with {@code @id} and/or identifiers, or (0.0.x) a string. */
    private static List<String> identifiers(JsonNode node) {
        List<String> ids = new ArrayList<>();
        if (node.isTextual()) {
            ids.add(node.asText());
            return ids;
        }
        if (node.path("@id").isTextual()) {
            ids.add(node.get("@id").asText());
        }
        JsonNode purl = node.path("identifiers").path("purl");
        if (purl.isTextual() && !ids.contains(purl.asText())) {
            ids.add(purl.asText());
        }
        return ids;
    }

    private static Optional<OffsetDateTime> timestamp(JsonNode node, String where) throws PolicyInputException {
        Optional<String> text = optionalText(node, "timestamp");
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(text.get()));
        } catch (DateTimeParseException e) {
            throw new PolicyInputException(where + ": timestamp \"" + text.get() + "\" is not RFC 3339");
        }
    }

    private static Optional<String> optionalText(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() && !v.asText().isBlank() ? Optional.of(v.asText()) : Optional.empty();
    }
}
