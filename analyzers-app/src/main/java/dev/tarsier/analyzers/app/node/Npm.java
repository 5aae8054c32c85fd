package dev.tarsier.analyzers.app.node;

import dev.tarsier.analyzers.app.json.Json;
import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import dev.tarsier.api.Location;
import dev.tarsier.api.Package;
import dev.tarsier.api.PackageKind;

import java.util.List;

/** What the npm analyzers share: the package model and the names of their properties. */
final class Npm {

    /** Package type and vulnerability-database ecosystem (OSV's name for the npm registry). */
    static final String TYPE = "npm";
    static final String ECOSYSTEM = "npm";

    /**
     * Property of a package read from a lockfile (declared, not seen installed): the lockfile's
     * path. The scanner drops a declared package when the same PURL is installed and keeps the
     * path as evidence.
     */
    static final String PROPERTY_DECLARED = "declared";

    /** Property {@code true} on lockfile packages that only development needs. */
    static final String PROPERTY_DEV = "dev";

    private Npm() {
    }

    /**
     * Builds an npm package: scoped names {@code @scope/name} become the PURL namespace
     * {@code @scope} (written {@code %40scope}) and name, as the PURL spec's npm type says.
     *
     * @throws MalformedPackageURLException when the name cannot be a PURL name
     */
    static Package.Builder builder(String name, String version, Location location) throws MalformedPackageURLException {
        String namespace = null;
        String simple = name;
        if (name.startsWith("@")) {
            int slash = name.indexOf('/');
            if (slash < 2 || slash == name.length() - 1) {
                throw new MalformedPackageURLException("scoped name without '/': " + name);
            }
            namespace = name.substring(0, slash);
            simple = name.substring(slash + 1);
        }
        PackageURL purl = new PackageURL(TYPE, namespace, simple, version.isEmpty() ? null : version, null, null);
        return Package.builder(TYPE, name, version)
                .purl(purl)
                .kind(PackageKind.APPLICATION)
                .ecosystem(ECOSYSTEM)
                .location(location);
    }

    /** Whether a name is acceptable as an npm package name: non-empty, no whitespace, at most 214 chars. */
    static boolean plausibleName(String name) {
        if (name == null || name.isEmpty() || name.length() > 214) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (Character.isWhitespace(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** The licenses of a package.json: {@code license} as a string or {@code {type}}, or the old {@code licenses} array. */
    static List<String> licenses(java.util.Map<String, Object> manifest) {
        Object license = manifest.get("license");
        if (license instanceof String s) {
            return List.of(s);
        }
        java.util.Map<String, Object> obj = Json.object(license);
        if (obj != null && Json.string(obj, "type") != null) {
            return List.of(Json.string(obj, "type"));
        }
        if (manifest.get("licenses") instanceof List<?> list) {
            return list.stream().map(Json::object).filter(o -> o != null && Json.string(o, "type") != null)
                    .map(o -> Json.string(o, "type")).toList();
        }
        return List.of();
    }
}
