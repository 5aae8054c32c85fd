package dev.tarsier.report.internal.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tarsier.report.IgnoreFile;
import dev.tarsier.report.PolicyInputException;

import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the JSON ignore file: {@code {"ignore": [{"id", "reason", "purl"?, "expires"?}]}}.
 *
 * <p>Only JSON is accepted. Tarsier has no YAML library, and a hand-written YAML subset would
 * read some valid YAML differently from every YAML tool (anchors, flow style, block scalars,
 * implicit typing of {@code no} or {@code 2026-01-01}); for a file that silences security findings
 * a clear "not JSON" error is safer than a silent misreading. JSON is also valid YAML 1.2, so
 * YAML-minded tooling can still write it.
 */
public final class IgnoreFileParser {

    /** Largest ignore file read, in bytes: far above any hand-written file, small enough for memory. */
    public static final int MAX_BYTES = 4 * 1024 * 1024;

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> RULE_FIELDS = Set.of("id", "purl", "reason", "expires");

    private IgnoreFileParser() {
    }

    /** Parses the rules of an ignore file. */
    public static List<IgnoreFile.Rule> parse(String name, InputStream in) throws PolicyInputException {
        JsonNode root = readBounded(name, "ignore file", in);
        if (!root.isObject() || !root.has("ignore")) {
            throw new PolicyInputException("ignore file " + name + ": expected a JSON object with an \"ignore\" array");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!field.equals("ignore")) {
                throw new PolicyInputException("ignore file " + name + ": unknown member \"" + field + "\"");
            }
        }
        JsonNode list = root.get("ignore");
        if (!list.isArray()) {
            throw new PolicyInputException("ignore file " + name + ": \"ignore\" must be an array");
        }
        List<IgnoreFile.Rule> rules = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            rules.add(rule(name, i, list.get(i)));
        }
        return rules;
    }

    private static IgnoreFile.Rule rule(String name, int index, JsonNode node) throws PolicyInputException {
        String where = "ignore file " + name + ", entry " + (index + 1);
        if (!node.isObject()) {
            throw new PolicyInputException(where + ": expected an object");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!RULE_FIELDS.contains(field)) {
                throw new PolicyInputException(where + ": unknown member \"" + field
                        + "\" (expected id, purl, reason, expires)");
            }
        }
        String id = text(node, "id", where).orElseThrow(() -> new PolicyInputException(where + ": \"id\" is required"));
        String reason = text(node, "reason", where)
                .orElseThrow(() -> new PolicyInputException(where + " (" + id + "): \"reason\" is required"));
        Optional<String> purl = text(node, "purl", where);
        if (purl.isPresent() && !purl.get().startsWith("pkg:")) {
            throw new PolicyInputException(where + " (" + id + "): \"purl\" must start with pkg:");
        }
        Optional<LocalDate> expires;
        try {
            expires = text(node, "expires", where).map(LocalDate::parse);
        } catch (DateTimeParseException e) {
            throw new PolicyInputException(where + " (" + id + "): \"expires\" must be a date like 2026-12-31");
        }
        return new IgnoreFile.Rule(id, purl, reason, expires, name);
    }

    private static Optional<String> text(JsonNode node, String field, String where) throws PolicyInputException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw new PolicyInputException(where + ": \"" + field + "\" must be a string");
        }
        String text = value.asText().strip();
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    /** Reads at most {@link #MAX_BYTES} and parses them as JSON, with one-line errors. */
    static JsonNode readBounded(String name, String what, InputStream in) throws PolicyInputException {
        byte[] bytes;
        try {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            throw new PolicyInputException("cannot read " + what + " " + name + ": " + e.getMessage(), e);
        }
        if (bytes.length > MAX_BYTES) {
            throw new PolicyInputException(what + " " + name + " is larger than " + MAX_BYTES + " bytes");
        }
        try {
            JsonNode root = MAPPER.readTree(bytes);
            if (root == null || root.isMissingNode()) {
                throw new PolicyInputException(what + " " + name + " is empty");
            }
            return root;
        } catch (JsonProcessingException e) {
            // a limit of StreamReadConstraints (nesting depth, string length) comes without a location
            throw new PolicyInputException(what + " " + name + " is not valid JSON"
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")") + ": "
                    + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new PolicyInputException("cannot read " + what + " " + name + ": " + e.getMessage(), e);
        }
    }
}
