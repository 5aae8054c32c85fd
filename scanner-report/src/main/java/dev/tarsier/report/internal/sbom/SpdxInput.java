package dev.tarsier.report.internal.sbom;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tarsier.api.OperatingSystem;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the inventory of an SPDX 2.3 JSON document (spdx.github.io/spdx-spec/v2.3): every package
 * with a {@code purl} external reference (clause 7.21, category {@code PACKAGE-MANAGER} or
 * Syft's older {@code PACKAGE_MANAGER}) is a package; a package with
 * {@code primaryPackagePurpose: OPERATING_SYSTEM} is the OS ({@code name}, {@code versionInfo}),
 * else the {@code distro} qualifier of the OS PURLs says it; a {@code CONTAINER} package is the
 * image (its {@code versionInfo} or SHA256 checksum the digest).
 *
 * <p>Source packages come from {@code sourceInfo} as Tarsier ({@code built from source package NAME
 * VERSION}) and Trivy ({@code built package from: NAME VERSION}) write it. Tarsier's comments give
 * the layers back: the image's {@code layer N: DIFFID [COMMAND]} lines and each package's
 * {@code layer N (DIFFID), path P}.
 */
final class SpdxInput {

    private static final Pattern SOURCE_INFO = Pattern.compile(
            "(?:built from source package|built package from:)\\s+(\\S+)(?:\\s+(\\S+))?");
    private static final Pattern IMAGE_LAYER = Pattern.compile("(?m)^layer (\\d+): (\\S+)(?: (.*))?$");
    private static final Pattern PACKAGE_LAYER = Pattern.compile("layer (\\d+) \\([^)]*\\), path (.+?)(?:, declared license: .*)?$");

    private SpdxInput() {
    }

    static void read(JsonNode doc, Assembly a) {
        JsonNode packages = doc.path("packages");
        if (!packages.isArray()) {
            if (!packages.isMissingNode()) {
                a.warn("packages", "not an array; ignored");
            }
            return;
        }
        for (JsonNode p : packages) {
            if ("CONTAINER".equals(p.path("primaryPackagePurpose").asText())) {
                image(p, a);
            }
        }
        for (int i = 0; i < packages.size(); i++) {
            JsonNode p = packages.get(i);
            String entry = "packages[" + i + "] " + p.path("SPDXID").asText("");
            if (!p.isObject()) {
                a.warn("packages[" + i + "]", "package is not an object; skipped");
                continue;
            }
            String purpose = p.path("primaryPackagePurpose").asText("");
            if (purpose.equals("CONTAINER")) {
                continue;
            }
            if (purpose.equals("OPERATING_SYSTEM")) {
                if (a.os == null && !p.path("name").asText("").isBlank()) {
                    a.os = new OperatingSystem(p.path("name").asText().strip().toLowerCase(Locale.ROOT),
                            p.path("versionInfo").asText("").strip(), Optional.empty(),
                            Optional.ofNullable(p.path("comment").textValue()), List.of());
                }
                continue;
            }
            List<String> purls = new ArrayList<>();
            for (JsonNode ref : p.path("externalRefs")) {
                if ("purl".equals(ref.path("referenceType").asText())
                        && ref.path("referenceCategory").asText().replace('_', '-').equals("PACKAGE-MANAGER")) {
                    purls.add(ref.path("referenceLocator").asText(""));
                }
            }
            if (purls.isEmpty()) {
                a.warn(entry, "package without purl; not matched");
                continue;
            }
            OptionalInt layer = OptionalInt.empty();
            String path = null;
            Matcher m = PACKAGE_LAYER.matcher(p.path("comment").asText(""));
            if (m.find()) {
                layer = OptionalInt.of(Integer.parseInt(m.group(1)));
                path = m.group(2);
            }
            PurlPackages.Hints hints = PurlPackages.Hints.NONE;
            Matcher s = SOURCE_INFO.matcher(p.path("sourceInfo").asText(""));
            if (s.find()) {
                hints = new PurlPackages.Hints(Optional.of(s.group(1)), Optional.ofNullable(s.group(2)));
            }
            String declared = p.path("licenseDeclared").asText("");
            List<String> licenses = declared.isEmpty() || declared.equals("NOASSERTION") || declared.equals("NONE")
                    ? List.of() : List.of(declared);
            // several purls for one package (Syft writes one per known identity): the first is the package
            a.purl(entry, purls.get(0), p.path("versionInfo").textValue(), hints, a.location(layer, path), licenses,
                    Map.of());
        }
    }

    private static void image(JsonNode p, Assembly a) {
        String version = p.path("versionInfo").asText("");
        if (version.matches("sha256:[0-9a-f]{64}")) {
            a.digest = version;
        }
        for (JsonNode c : p.path("checksums")) {
            if (a.digest == null && "SHA256".equals(c.path("algorithm").asText())) {
                a.digest = "sha256:" + c.path("checksumValue").asText();
            }
        }
        // Trivy: "RepoDigest: NAME@sha256:...", "RepoTag: NAME:TAG" attribution texts
        for (JsonNode t : p.path("attributionTexts")) {
            String text = t.asText("");
            if (a.digest == null && text.startsWith("RepoDigest: ") && text.contains("@")) {
                a.digest = text.substring(text.indexOf('@') + 1);
            } else if (text.startsWith("RepoTag: ")) {
                a.tags.add(text.substring("RepoTag: ".length()));
            }
        }
        String comment = p.path("comment").asText("");
        Matcher m = IMAGE_LAYER.matcher(comment);
        int expected = 0;
        while (m.find() && Integer.parseInt(m.group(1)) == expected) {
            a.layer(expected++, m.group(2), m.group(3));
        }
        String name = p.path("name").asText("");
        if (!name.isEmpty() && !comment.startsWith("source: " + name) && !a.tags.contains(name)) {
            a.tags.add(name);
        }
    }
}
