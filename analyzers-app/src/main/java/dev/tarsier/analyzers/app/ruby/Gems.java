package dev.tarsier.analyzers.app.ruby;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import dev.tarsier.api.Location;
import dev.tarsier.api.Package;
import dev.tarsier.api.PackageKind;

import java.util.Map;
import java.util.TreeMap;

/** What the RubyGems analyzers share: the package model and the names of their properties. */
final class Gems {

    /** Package type (the PURL type {@code gem}) and OSV ecosystem. */
    static final String TYPE = "gem";
    static final String ECOSYSTEM = "RubyGems";

    /** Property of a package read from a lock file: the lock file's path (see the scanner's Applier). */
    static final String PROPERTY_DECLARED = "declared";

    private Gems() {
    }

    /**
     * Builds a gem package: {@code pkg:gem/name@version}, with the PURL spec's {@code platform}
     * qualifier for gems built for a platform ({@code x86_64-linux}, {@code java}), not for the
     * default platform {@code ruby}.
     *
     * @throws MalformedPackageURLException when the name cannot be a PURL name
     */
    static Package.Builder builder(String name, String version, String platform, Location location)
            throws MalformedPackageURLException {
        TreeMap<String, String> qualifiers = null;
        if (platform != null && !platform.isEmpty() && !platform.equals("ruby")) {
            qualifiers = new TreeMap<>(Map.of("platform", platform));
        }
        PackageURL purl = new PackageURL(TYPE, null, name, version, qualifiers, null);
        return Package.builder(TYPE, name, version)
                .purl(purl)
                .kind(PackageKind.APPLICATION)
                .ecosystem(ECOSYSTEM)
                .location(location);
    }

    /**
     * Whether a string can be a gem name or version as RubyGems writes them: non-empty, at most 256
     * characters, no whitespace, no quotes or slashes.
     */
    static boolean plausible(String s) {
        if (s == null || s.isEmpty() || s.length() > 256) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c) || c == '"' || c == '\'' || c == '/' || c == '\\' || Character.isISOControl(c)) {
                return false;
            }
        }
        return true;
    }
}
