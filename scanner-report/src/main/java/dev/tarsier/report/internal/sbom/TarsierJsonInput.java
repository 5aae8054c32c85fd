package dev.tarsier.report.internal.sbom;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;

import dev.tarsier.api.OperatingSystem;
import dev.tarsier.api.Package;
import dev.tarsier.api.PackageKind;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Reads Tarsier's own JSON report (inventory or scan; README "JSON report (contract)") back into an
 * inventory: {@code image} (source, digest, platform, tags, os, layers) and every member of
 * {@code packages} (name, version, type, purl, class, sourceName, sourceVersion, ecosystem, path,
 * layer, analyzer, licenses, properties). Findings and warnings of a stored scan report are not
 * read: the point of reading it is to match again.
 */
final class TarsierJsonInput {

    private TarsierJsonInput() {
    }

    static void read(JsonNode doc, Assembly a) {
        JsonNode image = doc.path("image");
        a.digest = image.path("digest").textValue();
        Optional.ofNullable(image.path("platform").textValue()).ifPresent(p -> a.platform = Optional.of(p));
        image.path("tags").forEach(t -> a.tags.add(t.asText()));
        JsonNode os = image.path("os");
        if (os.isObject() && !os.path("family").asText("").isBlank()) {
            a.os = new OperatingSystem(os.path("family").asText(), os.path("version").asText(""),
                    Optional.ofNullable(os.path("codename").textValue()), Optional.ofNullable(os.path("name").textValue()),
                    List.of(), contentSets(os.path("contentSets")));
        }
        JsonNode layers = image.path("layers");
        for (int i = 0; i < layers.size(); i++) {
            JsonNode l = layers.get(i);
            if (l.path("index").asInt(-1) != i || !l.path("diffId").isTextual()) {
                a.warn("image.layers[" + i + "]", "layer out of order or without diffId; later layers ignored");
                break;
            }
            a.layer(i, l.path("diffId").asText(), l.path("createdBy").textValue());
        }
        JsonNode packages = doc.path("packages");
        for (int i = 0; i < packages.size(); i++) {
            JsonNode p = packages.get(i);
            String entry = "packages[" + i + "] " + p.path("name").asText("");
            try {
                a.add(pkg(p, a));
            } catch (MalformedPackageURLException | RuntimeException e) {
                a.warn(entry, "cannot read package: " + e.getMessage() + "; skipped");
            }
        }
    }

    private static Package pkg(JsonNode p, Assembly a) throws MalformedPackageURLException {
        String name = required(p, "name");
        Package.Builder b = Package.builder(required(p, "type"), name, required(p, "version"))
                .purl(new PackageURL(required(p, "purl")))
                .kind("os".equals(p.path("class").asText()) ? PackageKind.OS : PackageKind.APPLICATION)
                .ecosystem(p.path("ecosystem").textValue())
                .sourceName(p.path("sourceName").textValue())
                .sourceVersion(p.path("sourceVersion").textValue())
                .location(a.location(p.path("layer").canConvertToInt()
                        ? OptionalInt.of(p.path("layer").asInt()) : OptionalInt.empty(), p.path("path").textValue()));
        p.path("licenses").forEach(l -> b.license(l.asText()));
        p.path("properties").fields().forEachRemaining(e -> b.property(e.getKey(), e.getValue().asText()));
        Package built = b.build();
        String analyzer = p.path("analyzer").textValue();
        return analyzer == null ? built : built.withAnalyzer(analyzer);
    }

    /** The strings of a JSON array; anything else (absent, not an array, non-string entries) is left out. */
    private static List<String> contentSets(JsonNode array) {
        List<String> sets = new ArrayList<>();
        array.forEach(c -> {
            if (c.isTextual()) {
                sets.add(c.asText());
            }
        });
        return sets;
    }

    private static String required(JsonNode p, String field) {
        String v = p.path(field).textValue();
        if (v == null) {
            throw new IllegalArgumentException("no " + field);
        }
        return v;
    }
}
