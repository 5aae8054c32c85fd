package dev.tarsier.core.internal.policy;

import com.github.packageurl.PackageURL;

/**
 * Matches a package URL against a user pattern from an ignore file.
 *
 * <p>The pattern is compared with the canonical PURL ({@code pkg:type/namespace/name@version?qualifiers}).
 * {@code *} matches any run of characters (including none); every other character matches itself.
 * A pattern with no {@code @} names a package regardless of version and qualifiers, so it is also
 * compared with the PURL cut before its {@code @}: {@code pkg:deb/debian/openssl} matches every
 * installed version of that package.
 */
public final class PurlPattern {

    private PurlPattern() {
    }

    /** Whether {@code purl} matches {@code pattern}. */
    public static boolean matches(String pattern, PackageURL purl) {
        String canonical = purl.canonicalize();
        if (glob(pattern, canonical)) {
            return true;
        }
        if (pattern.indexOf('@') < 0) {
            int at = canonical.indexOf('@');
            int question = canonical.indexOf('?');
            int cut = at >= 0 ? at : question >= 0 ? question : canonical.length();
            return glob(pattern, canonical.substring(0, cut));
        }
        return false;
    }

    /** Iterative glob with backtracking to the last {@code *}: linear in practice, no regex. */
    static boolean glob(String pattern, String text) {
        int p = 0;
        int t = 0;
        int star = -1;
        int mark = 0;
        while (t < text.length()) {
            if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                mark = t;
            } else if (p < pattern.length() && pattern.charAt(p) == text.charAt(t)) {
                p++;
                t++;
            } else if (star >= 0) {
                p = star + 1;
                t = ++mark;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }
}
