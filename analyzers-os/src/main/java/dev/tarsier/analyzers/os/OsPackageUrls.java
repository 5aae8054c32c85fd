package dev.tarsier.analyzers.os;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;

import java.util.TreeMap;

/**
 * Package URLs of OS packages (purl-spec types {@code deb}, {@code apk}, {@code rpm}): empty
 * versions and empty qualifier values are left out rather than written as empty strings. The
 * scanner adds the {@code distro} qualifier once the image's OS is known.
 */
public final class OsPackageUrls {

    private OsPackageUrls() {
    }

    /**
     * Builds a package URL.
     *
     * @param qualifierPairs alternating qualifier keys and values; null or empty values are skipped
     * @throws MalformedPackageURLException when the name cannot form a package URL
     */
    public static PackageURL of(String type, String namespace, String name, String version, String... qualifierPairs)
            throws MalformedPackageURLException {
        TreeMap<String, String> qualifiers = new TreeMap<>();
        for (int i = 0; i + 1 < qualifierPairs.length; i += 2) {
            String value = qualifierPairs[i + 1];
            if (value != null && !value.isEmpty()) {
                qualifiers.put(qualifierPairs[i], value);
            }
        }
        return new PackageURL(type, namespace, name, version == null || version.isEmpty() ? null : version,
                qualifiers.isEmpty() ? null : qualifiers, null);
    }
}
