package dev.tarsier.report.internal.report;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;

import dev.tarsier.api.Inventory;
import dev.tarsier.api.Severity;

import java.io.IOException;
import java.math.BigDecimal;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/** Helpers shared by the JSON-based writers. */
final class Json {

    private static final JsonFactory FACTORY = new JsonFactory();

    private Json() {
    }

    /** A pretty-printing UTF-8 generator that leaves {@code out} open. */
    static JsonGenerator generator(OutputStream out) throws IOException {
        JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8);
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        g.setPrettyPrinter(new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n")));
        return g;
    }

    static void optional(JsonGenerator g, String field, Optional<String> value) throws IOException {
        if (value.isPresent()) {
            g.writeStringField(field, value.get());
        }
    }

    static void strings(JsonGenerator g, String field, List<String> values) throws IOException {
        g.writeArrayFieldStart(field);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }

    /** The hex part of a {@code sha256:...} digest, when it is one. */
    static Optional<String> sha256Hex(String digest) {
        return digest.startsWith("sha256:") && digest.length() == 71
                ? Optional.of(digest.substring(7).toLowerCase(Locale.ROOT)) : Optional.empty();
    }

    /**
     * A name-based UUID for a document about this image made at this time: stable for the same
     * report, different for different images or times, as serial numbers and namespaces must be.
     */
    static UUID documentUuid(Inventory inventory, String kind, String created) {
        return UUID.nameUUIDFromBytes((kind + "|" + inventory.image().digest() + "|" + inventory.image().source()
                + "|" + created).getBytes(StandardCharsets.UTF_8));
    }

    /** The image's display name: its first tag, else its source reference. */
    static String imageName(Inventory inventory) {
        return inventory.image().tags().isEmpty() ? inventory.image().source() : inventory.image().tags().get(0);
    }

    /** A web page for a vulnerability id, for the id schemes that have a canonical one. */
    static Optional<String> advisoryUrl(String id) {
        if (id.startsWith("CVE-")) {
            return Optional.of("https://nvd.nist.gov/vuln/detail/" + id);
        } else if (id.startsWith("GHSA-")) {
            return Optional.of("https://github.com/advisories/" + id);
        } else if (id.startsWith("DSA-") || id.startsWith("DLA-")) {
            return Optional.of("https://security-tracker.debian.org/tracker/" + id);
        }
        return Optional.of("https://osv.dev/vulnerability/" + id);
    }

    /** The name of the database {@link #advisoryUrl} points to. */
    static String advisorySource(String id) {
        if (id.startsWith("CVE-")) {
            return "NVD";
        } else if (id.startsWith("GHSA-")) {
            return "GitHub Advisory Database";
        } else if (id.startsWith("DSA-") || id.startsWith("DLA-")) {
            return "Debian Security Tracker";
        }
        return "OSV";
    }

    /**
     * A probability such as an EPSS score as plain decimal text without trailing zeros
     * ({@code 0.00043}, not {@code 4.3E-4}), so that every format shows the number the way FIRST
     * publishes it and the text is the same on every run.
     */
    static String decimal(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    /** Lower-case severity for CycloneDX ratings ({@code unknown} for UNKNOWN). */
    static String lower(Severity s) {
        return s.name().toLowerCase(Locale.ROOT);
    }
}
