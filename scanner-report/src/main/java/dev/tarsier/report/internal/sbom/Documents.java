package dev.tarsier.report.internal.sbom;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tarsier.api.Inventory;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Tells the three document kinds apart by content and reads one into an inventory. */
public final class Documents {

    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxStringLength(16 << 20).maxNestingDepth(200).build());
    }

    /** The end of the pseudo-layer's {@code createdBy}: the document names no layers. */
    public static final String NO_LAYERS = Assembly.NO_LAYERS;

    /** What a document is. */
    public enum Kind { CYCLONEDX, SPDX, TARSIER_JSON }

    private Documents() {
    }

    /** A document that is not one Tarsier reads; the message says why, in one line. */
    public static final class Unreadable extends Exception {
        private static final long serialVersionUID = 1L;

        Unreadable(String message) {
            super(message);
        }
    }

    /**
     * Reads a document.
     *
     * @param source what the inventory's image is labelled with ({@code sbom:PATH})
     * @param name the file name (packages without a path are located there)
     */
    public static Inventory read(byte[] bytes, String source, String name) throws Unreadable {
        JsonNode doc;
        try {
            doc = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            // a limit of StreamReadConstraints (nesting depth, string length) comes without a location
            throw new Unreadable(e.getLocation() == null ? "not valid JSON: " + e.getOriginalMessage()
                    : "not valid JSON (line " + e.getLocation().getLineNr() + ")");
        } catch (java.io.IOException e) {
            throw new Unreadable("not valid JSON: " + e.getMessage());
        }
        if (doc == null || !doc.isObject()) {
            throw new Unreadable("not a JSON object");
        }
        Assembly a = new Assembly(source, name, "sha256:" + sha256(bytes));
        switch (kind(doc)) {
            case CYCLONEDX -> CycloneDxInput.read(doc, a);
            case SPDX -> SpdxInput.read(doc, a);
            case TARSIER_JSON -> TarsierJsonInput.read(doc, a);
        }
        return a.inventory();
    }

    static Kind kind(JsonNode doc) throws Unreadable {
        if ("CycloneDX".equals(doc.path("bomFormat").asText())) {
            String spec = doc.path("specVersion").asText("");
            if (!spec.matches("1\\.[4-6]")) {
                throw new Unreadable("CycloneDX specVersion '" + spec + "' is not 1.4, 1.5 or 1.6");
            }
            return Kind.CYCLONEDX;
        }
        if (doc.has("spdxVersion")) {
            String spec = doc.path("spdxVersion").asText("");
            if (!spec.startsWith("SPDX-2.")) {
                throw new Unreadable("spdxVersion '" + spec + "' is not SPDX 2.x");
            }
            return Kind.SPDX;
        }
        if (doc.path("schemaVersion").isInt() && doc.path("image").isObject() && doc.path("packages").isArray()) {
            return Kind.TARSIER_JSON;
        }
        throw new Unreadable("neither a CycloneDX BOM (bomFormat), an SPDX document (spdxVersion) nor a Tarsier "
                + "JSON report (schemaVersion, image, packages)");
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
