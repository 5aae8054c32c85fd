package dev.tarsier.report.internal.policy;

import com.github.packageurl.PackageURL;

import java.util.Map;
import java.util.TreeMap;

/**
 * Matches a package URL against a user pattern from an ignore file.
 *
 * <p>{@code *} matches any run of characters (including none); every other character matches
 * itself. The pattern is compared with two spellings of the PURL: the canonical one, where the
 * purl-spec percent-encodes characters such as {@code +} and {@code :}
 * ({@code pkg:deb/debian/curl@7.88.1-10%2Bdeb12u4?arch=amd64}), and the same components written
 * without percent-encoding ({@code pkg:deb/debian/curl@7.88.1-10+deb12u4?arch=amd64}), the way
 * people copy versions from {@code dpkg -l}. A pattern with no {@code @} names a package
 * regardless of version and qualifiers (an npm scope's {@code @} does not count), so it is also
 * compared with both spellings cut before the version: {@code pkg:deb/debian/openssl} matches
 * every installed version of that package.
 */
public final class PurlPattern {

    private PurlPattern() {
    }

    /** Whether {@code purl} matches {@code pattern}. */
    public static boolean matches(String pattern, PackageURL purl) {
        String canonical = purl.canonicalize();
        String plain = plain(purl);
        if (glob(pattern, canonical) || glob(pattern, plain)) {
            return true;
        }
        if (withoutVersion(pattern).equals(pattern)) {
            return glob(pattern, withoutVersion(canonical)) || glob(pattern, withoutVersion(plain));
        }
        return false;
    }

    /**
     * The PURL up to its version: qualifiers and subpath dropped, then the {@code @} that follows
     * the name (an npm scope such as {@code @babel} also starts with {@code @}, but before a {@code /}).
     */
    private static String withoutVersion(String purl) {
        int end = purl.length();
        for (char c : new char[] {'?', '#'}) {
            int i = purl.indexOf(c);
            if (i >= 0 && i < end) {
                end = i;
            }
        }
        String head = purl.substring(0, end);
        int at = head.lastIndexOf('@');
        return at > head.lastIndexOf('/') ? head.substring(0, at) : head;
    }

    /** The PURL's components joined as in the spec, without percent-encoding; qualifiers sorted. */
    static String plain(PackageURL purl) {
        StringBuilder sb = new StringBuilder("pkg:").append(purl.getType()).append('/');
        if (purl.getNamespace() != null) {
            sb.append(purl.getNamespace()).append('/');
        }
        sb.append(purl.getName());
        if (purl.getVersion() != null) {
            sb.append('@').append(purl.getVersion());
        }
        Map<String, String> qualifiers = purl.getQualifiers();
        if (qualifiers != null && !qualifiers.isEmpty()) {
            char sep = '?';
            for (Map.Entry<String, String> q : new TreeMap<>(qualifiers).entrySet()) {
                sb.append(sep).append(q.getKey()).append('=').append(q.getValue());
                sep = '&';
            }
        }
        if (purl.getSubpath() != null) {
            sb.append('#').append(purl.getSubpath());
        }
        return sb.toString();
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
