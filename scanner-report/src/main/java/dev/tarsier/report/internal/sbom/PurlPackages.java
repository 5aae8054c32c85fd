package dev.tarsier.report.internal.sbom;

import com.github.packageurl.PackageURL;

import dev.tarsier.api.Location;
import dev.tarsier.api.OperatingSystem;
import dev.tarsier.api.Package;
import dev.tarsier.api.PackageKind;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a package URL (purl-spec {@code PURL-TYPES.rst}) into the {@link Package} an analyzer would
 * have reported for it, so that the matcher sees the same type, name, ecosystem and source package:
 *
 * <ul>
 *   <li>{@code deb}, {@code rpm}, {@code apk}: OS packages; the rpm version is {@code epoch:version}
 *       when the {@code epoch} qualifier is present (as the rpm analyzer writes it); the source
 *       package comes from the hints, else the {@code upstream} qualifier (Syft: deb {@code openssl}
 *       or {@code openssl@3.0.11-1}, rpm {@code openssl-3.0.7-24.el9.src.rpm}, apk the origin).</li>
 *   <li>{@code maven} (ecosystem Maven, name the artifactId), {@code npm} (npm, scoped names
 *       {@code @scope/name}), {@code pypi} (PyPI, PEP 503 normalised), {@code golang} (Go, the module
 *       path), {@code cargo} (crates.io), {@code gem} (RubyGems), {@code nuget} (NuGet),
 *       {@code composer} (Packagist).</li>
 *   <li>{@code generic/node}: the Node.js runtime (type {@code binary}, ecosystem Node.js); other
 *       {@code generic} PURLs are {@code binary} packages without an ecosystem.</li>
 *   <li>any other type: an application package of that type without ecosystem (listed, not matched).</li>
 * </ul>
 */
public final class PurlPackages {

    private static final Map<String, String> ECOSYSTEMS = Map.of(
            "maven", "Maven", "npm", "npm", "pypi", "PyPI", "golang", "Go", "cargo", "crates.io",
            "gem", "RubyGems", "nuget", "NuGet", "composer", "Packagist");

    private PurlPackages() {
    }

    /** Source-package facts a document states outside the PURL (properties, SPDX sourceInfo). */
    public record Hints(Optional<String> sourceName, Optional<String> sourceVersion) {
        public static final Hints NONE = new Hints(Optional.empty(), Optional.empty());
    }

    /** Whether the PURL type is a distribution package manager's. */
    public static boolean isOs(PackageURL purl) {
        return switch (purl.getType()) {
            case "deb", "rpm", "apk" -> true;
            default -> false;
        };
    }

    /**
     * The package for a PURL.
     *
     * @param fallbackVersion the document's version for the package, used when the PURL has none
     * @throws IllegalArgumentException when neither gives a version, or the PURL has no name
     */
    public static Package of(PackageURL purl, String fallbackVersion, Hints hints, Location location,
                             List<String> licenses, Map<String, String> properties) {
        String type = purl.getType();
        String version = purl.getVersion() != null ? purl.getVersion() : fallbackVersion;
        if (version == null || version.isBlank()) {
            throw new IllegalArgumentException("no version in " + purl.canonicalize());
        }
        String ns = purl.getNamespace();
        String name = purl.getName();
        Map<String, String> q = purl.getQualifiers() == null ? Map.of() : purl.getQualifiers();
        Package.Builder b;
        if (isOs(purl)) {
            // rpm (and Trivy's deb PURLs) carry the epoch as a qualifier; the package version has it inline
            if (!type.equals("apk") && q.containsKey("epoch") && !q.get("epoch").equals("0") && version.indexOf(':') < 0) {
                version = q.get("epoch") + ":" + version;
            }
            b = Package.builder(type, name, version).kind(PackageKind.OS);
            source(type, version, hints, q.get("upstream"), b, name);
            if (q.containsKey("arch")) {
                b.property(Package.PROPERTY_ARCH, q.get("arch"));
            }
        } else if (type.equals("generic")) {
            b = Package.builder(Package.TYPE_BINARY, name, version).kind(PackageKind.APPLICATION);
            if (name.equals("node")) {
                b.ecosystem("Node.js");
            }
        } else {
            String pkgName = switch (type) {
                case "npm" -> ns == null ? name : ns + "/" + name;
                case "golang" -> ns == null ? name : ns + "/" + name;
                case "pypi" -> name.toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "-");
                default -> name;
            };
            b = Package.builder(type, pkgName, version).kind(PackageKind.APPLICATION)
                    .ecosystem(ECOSYSTEMS.get(type));
        }
        licenses.forEach(b::license);
        properties.forEach(b::property);
        return b.purl(purl).location(location).build();
    }

    private static void source(String type, String version, Hints hints, String upstream, Package.Builder b,
                               String name) {
        String srcName = hints.sourceName().orElse(null);
        String srcVersion = hints.sourceVersion().orElse(null);
        if (srcName == null && upstream != null && !upstream.isBlank()) {
            if (type.equals("rpm") && upstream.endsWith(".src.rpm")) {
                String[] nvr = splitSourceRpm(upstream);
                if (nvr != null) {
                    srcName = nvr[0];
                    srcVersion = srcVersion != null ? srcVersion : nvr[1];
                }
            } else {
                int at = upstream.indexOf('@');
                srcName = at > 0 ? upstream.substring(0, at) : upstream;
                if (at > 0 && srcVersion == null) {
                    srcVersion = upstream.substring(at + 1);
                }
            }
        }
        if (srcName == null) {
            return;
        }
        b.sourceName(srcName);
        // dpkg and apk: a source without its own version is built at the binary's version
        b.sourceVersion(srcVersion != null ? srcVersion : type.equals("rpm") ? null : version);
    }

    /** {@code NAME-VERSION-RELEASE.src.rpm} → {name, VERSION-RELEASE}; null when it is not that shape. */
    static String[] splitSourceRpm(String srpm) {
        String s = srpm.substring(0, srpm.length() - ".src.rpm".length());
        int release = s.lastIndexOf('-');
        int ver = release > 0 ? s.lastIndexOf('-', release - 1) : -1;
        if (ver <= 0) {
            return null;
        }
        return new String[] {s.substring(0, ver), s.substring(ver + 1)};
    }

    /**
     * The distribution a {@code distro} qualifier names ({@code debian-12}, {@code alpine-3.19.1},
     * {@code rhel-9.3}, Syft's {@code ubuntu-22.04}); the family is the part before the first
     * {@code -} followed by a digit. Trivy writes Alpine's as the bare version ({@code 3.19.1}): the
     * family is then the PURL namespace.
     */
    public static Optional<OperatingSystem> distro(PackageURL purl) {
        String d = purl.getQualifiers() == null ? null : purl.getQualifiers().get("distro");
        if (d == null || d.isBlank()) {
            return Optional.empty();
        }
        if (Character.isDigit(d.charAt(0)) && purl.getNamespace() != null) {
            return Optional.of(OperatingSystem.of(purl.getNamespace().toLowerCase(Locale.ROOT), d));
        }
        for (int i = 1; i < d.length() - 1; i++) {
            if (d.charAt(i) == '-' && Character.isDigit(d.charAt(i + 1))) {
                return Optional.of(OperatingSystem.of(d.substring(0, i).toLowerCase(Locale.ROOT), d.substring(i + 1)));
            }
        }
        return Optional.of(OperatingSystem.of(d.toLowerCase(Locale.ROOT), ""));
    }
}
