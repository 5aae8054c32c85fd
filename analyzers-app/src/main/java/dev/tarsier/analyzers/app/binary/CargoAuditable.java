package dev.tarsier.analyzers.app.binary;

import dev.tarsier.analyzers.app.json.Json;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The dependency list {@code cargo auditable} embeds in the {@code .dep-v0} section: zlib
 * (RFC 1950) compressed JSON, {@code {"packages": [{"name", "version", "source", "kind",
 * "dependencies", "root"}]}} (rust-secure-code/cargo-auditable, {@code auditable-serde}); {@code kind}
 * is {@code runtime} (the default when absent) or {@code build}.
 */
final class CargoAuditable {

    /** Largest decompressed JSON read (cargo-auditable's own reader defaults to 8 MiB as well). */
    static final int MAX_JSON = 8 << 20;

    record Crate(String name, String version, String source, boolean root) {
    }

    /** Thrown for a corrupt or over-cap section; the message says which. */
    static final class BadSection extends Exception {
        private static final long serialVersionUID = 1L;

        BadSection(String message) {
            super(message);
        }
    }

    private CargoAuditable() {
    }

    /** The runtime crates of a compressed section; build-only ones are left out. */
    static List<Crate> runtimeCrates(byte[] compressed) throws BadSection {
        byte[] json = inflate(compressed);
        Map<String, Object> doc;
        try {
            doc = Json.object(Json.parse(new ByteArrayInputStream(json), MAX_JSON, 16, Set.of("dependencies", "features")));
        } catch (IOException e) {
            throw new BadSection("bad JSON: " + e.getMessage());
        }
        if (doc == null || !(doc.get("packages") instanceof List<?> packages)) {
            throw new BadSection("JSON without a 'packages' array");
        }
        List<Crate> out = new ArrayList<>();
        for (Object p : packages) {
            Map<String, Object> pkg = Json.object(p);
            if (pkg == null) {
                continue;
            }
            String name = Json.string(pkg, "name");
            String version = Json.string(pkg, "version");
            String kind = Json.string(pkg, "kind");
            if (name == null || version == null || "build".equals(kind)) {
                continue;
            }
            String source = Json.string(pkg, "source");
            out.add(new Crate(name, version, source == null ? "crates.io" : source, Boolean.TRUE.equals(pkg.get("root"))));
        }
        return out;
    }

    private static byte[] inflate(byte[] compressed) throws BadSection {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(compressed);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            while (!inflater.finished()) {
                int n = inflater.inflate(buf);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new BadSection("truncated zlib stream");
                }
                if (out.size() + n > MAX_JSON) {
                    throw new BadSection("decompressed size exceeds the cap of " + MAX_JSON + " bytes");
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new BadSection("corrupt zlib stream: " + e.getMessage());
        } finally {
            inflater.end();
        }
    }
}
