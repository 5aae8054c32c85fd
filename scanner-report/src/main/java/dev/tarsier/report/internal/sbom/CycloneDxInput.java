package dev.tarsier.report.internal.sbom;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tarsier.api.OperatingSystem;
import dev.tarsier.api.Package;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Reads the inventory of a CycloneDX 1.4–1.6 JSON BOM (cyclonedx.org/docs/1.6/json): every
 * component with a {@code purl}, at any nesting depth, is a package; the first component of type
 * {@code operating-system} is the OS ({@code name} the family, {@code version}, {@code description}
 * the pretty name; Syft's {@code syft:distro:id}/{@code versionID} properties win when present).
 *
 * <p>Properties read, by producer:
 * <ul>
 *   <li>Tarsier: {@code tarsier:image:source}, {@code tarsier:image:platform},
 *       {@code tarsier:image:layer:N:diffId}/{@code :createdBy} on the image; {@code tarsier:layer},
 *       {@code tarsier:path}, {@code tarsier:sourceName}, {@code tarsier:sourceVersion},
 *       {@code tarsier:groupSource} (kept as the package property) on packages.</li>
 *   <li>Trivy: {@code aquasecurity:trivy:DiffID} (one per layer, in order) and
 *       {@code aquasecurity:trivy:RepoDigest}/{@code ImageID}/{@code RepoTag} on the image;
 *       {@code aquasecurity:trivy:LayerDiffID}, {@code FilePath}, {@code SrcName}, {@code SrcVersion},
 *       {@code SrcRelease}, {@code SrcEpoch} on packages.</li>
 *   <li>Syft: {@code syft:location:0:path}, {@code syft:location:0:layerID},
 *       {@code syft:metadata:source}/{@code sourceVersion} (deb), {@code syft:metadata:sourceRpm} (rpm),
 *       {@code syft:metadata:originPackage} (apk).</li>
 * </ul>
 * The image digest is the metadata component's {@code version} when it is a digest.
 */
final class CycloneDxInput {

    private static final String TRIVY = "aquasecurity:trivy:";

    private CycloneDxInput() {
    }

    static void read(JsonNode bom, Assembly a) {
        JsonNode image = bom.path("metadata").path("component");
        Map<String, List<String>> imageProps = properties(image);
        String version = image.path("version").asText("");
        if (version.matches("sha256:[0-9a-f]{64}")) {
            a.digest = version;
        }
        first(imageProps, TRIVY + "RepoDigest").map(d -> d.substring(d.indexOf('@') + 1))
                .filter(d -> a.digest == null).ifPresent(d -> a.digest = d);
        first(imageProps, TRIVY + "ImageID").filter(d -> a.digest == null).ifPresent(d -> a.digest = d);
        first(imageProps, "tarsier:image:platform").ifPresent(p -> a.platform = Optional.of(p));
        String name = image.path("name").asText("");
        Optional<String> tarsierSource = first(imageProps, "tarsier:image:source");
        if (!name.isEmpty() && !name.equals(tarsierSource.orElse(null))) {
            a.tags.add(name);
        }
        imageProps.getOrDefault(TRIVY + "RepoTag", List.of()).stream().filter(t -> !a.tags.contains(t))
                .forEach(a.tags::add);
        for (int i = 0; ; i++) {
            Optional<String> diffId = first(imageProps, "tarsier:image:layer:" + i + ":diffId");
            if (diffId.isEmpty()) {
                break;
            }
            a.layer(i, diffId.get(), first(imageProps, "tarsier:image:layer:" + i + ":createdBy").orElse(null));
        }
        if (!a.hasLayer(0)) {
            List<String> diffIds = imageProps.getOrDefault(TRIVY + "DiffID", List.of());
            for (int i = 0; i < diffIds.size(); i++) {
                a.layer(i, diffIds.get(i), null);
            }
        }
        components(bom.path("components"), a, "components");
    }

    private static void components(JsonNode list, Assembly a, String where) {
        if (list.isMissingNode() || list.isNull()) {
            return;
        }
        if (!list.isArray()) {
            a.warn(where, "not an array; ignored");
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode c = list.get(i);
            String entry = where + "[" + i + "]";
            if (!c.isObject()) {
                a.warn(entry, "component is not an object; skipped");
                continue;
            }
            component(c, a, entry + " " + c.path("name").asText(""));
            components(c.path("components"), a, entry + ".components");
        }
    }

    private static void component(JsonNode c, Assembly a, String entry) {
        Map<String, List<String>> props = properties(c);
        if ("operating-system".equals(c.path("type").asText())) {
            if (a.os == null) {
                String family = first(props, "syft:distro:id").orElse(c.path("name").asText("")).strip();
                String version = first(props, "syft:distro:versionID").orElse(c.path("version").asText("")).strip();
                if (!family.isEmpty()) {
                    a.os = new OperatingSystem(family.toLowerCase(java.util.Locale.ROOT), version, Optional.empty(),
                            Optional.ofNullable(c.path("description").textValue()), List.of());
                }
            }
            return;
        }
        String purl = c.path("purl").asText("");
        if (purl.isEmpty()) {
            // files, containers and Trivy's per-target application components carry no PURL and
            // need none; a library without one is a package Tarsier cannot match
            String type = c.path("type").asText("library");
            if (type.equals("library") || type.equals("framework")) {
                a.warn(entry, "component without purl; not matched");
            }
            return;
        }
        OptionalInt layer = first(props, "tarsier:layer").map(CycloneDxInput::index)
                .orElseGet(() -> a.layerOf(first(props, TRIVY + "LayerDiffID")
                        .or(() -> first(props, "syft:location:0:layerID")).orElse(null)));
        String path = first(props, "tarsier:path").or(() -> first(props, TRIVY + "FilePath"))
                .or(() -> first(props, "syft:location:0:path")).orElse(null);
        // Tarsier's own CycloneDX says how a Maven groupId was found; a guess must stay one when read back
        Map<String, String> kept = first(props, "tarsier:" + Package.PROPERTY_GROUP_SOURCE)
                .map(v -> Map.of(Package.PROPERTY_GROUP_SOURCE, v)).orElse(Map.of());
        a.purl(entry, purl, c.path("version").textValue(), hints(props), a.location(layer, path), licenses(c), kept);
    }

    private static PurlPackages.Hints hints(Map<String, List<String>> props) {
        Optional<String> tarsier = first(props, "tarsier:sourceName");
        if (tarsier.isPresent()) {
            return new PurlPackages.Hints(tarsier, first(props, "tarsier:sourceVersion"));
        }
        Optional<String> trivy = first(props, TRIVY + "SrcName");
        if (trivy.isPresent()) {
            Optional<String> version = first(props, TRIVY + "SrcVersion").map(v ->
                    first(props, TRIVY + "SrcEpoch").filter(e -> !e.equals("0")).map(e -> e + ":").orElse("") + v
                            + first(props, TRIVY + "SrcRelease").map(r -> "-" + r).orElse(""));
            return new PurlPackages.Hints(trivy, version);
        }
        Optional<String> syft = first(props, "syft:metadata:source").or(() -> first(props, "syft:metadata:originPackage"));
        if (syft.isPresent()) {
            return new PurlPackages.Hints(syft, first(props, "syft:metadata:sourceVersion"));
        }
        Optional<String> srpm = first(props, "syft:metadata:sourceRpm").filter(s -> s.endsWith(".src.rpm"));
        if (srpm.isPresent()) {
            String[] nvr = PurlPackages.splitSourceRpm(srpm.get());
            if (nvr != null) {
                return new PurlPackages.Hints(Optional.of(nvr[0]), Optional.of(nvr[1]));
            }
        }
        return PurlPackages.Hints.NONE;
    }

    private static OptionalInt index(String s) {
        try {
            return OptionalInt.of(Integer.parseInt(s.strip()));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    /** License ids, names or expressions, as written. */
    private static List<String> licenses(JsonNode c) {
        List<String> out = new ArrayList<>();
        for (JsonNode l : c.path("licenses")) {
            String v = l.path("expression").asText(l.path("license").path("id").asText(l.path("license").path("name").asText("")));
            if (!v.isBlank()) {
                out.add(v);
            }
        }
        return out;
    }

    /** {@code properties} by name; a name may repeat (Trivy's DiffID), in document order. */
    static Map<String, List<String>> properties(JsonNode node) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (JsonNode p : node.path("properties")) {
            String name = p.path("name").textValue();
            String value = p.path("value").textValue();
            if (name != null && value != null) {
                out.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            }
        }
        return out;
    }

    static Optional<String> first(Map<String, List<String>> props, String name) {
        List<String> values = props.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }
}
