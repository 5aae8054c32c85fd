package dev.tarsier.core.internal.apply;

import dev.tarsier.core.internal.walk.ImagePaths;

import java.util.Map;
import java.util.Optional;

/**
 * Resolves paths through the symbolic links of the final image file system, the way a lookup
 * inside a chroot would: every component may be a link, absolute targets start at the image root,
 * and more than {@value #MAX_HOPS} hops (the Linux limit) means a loop. A resolved path longer
 * than {@value #MAX_PATH_LENGTH} characters (Linux {@code PATH_MAX}) does not resolve either: links
 * whose targets repeat themselves would otherwise grow it with every hop.
 */
final class FileSystemLinks {

    static final int MAX_HOPS = 40;
    static final int MAX_PATH_LENGTH = 4096;

    private final Map<String, String> links;

    FileSystemLinks(Map<String, String> links) {
        this.links = links;
    }

    /**
     * The canonical path with every link resolved, or empty when resolution loops, exceeds the
     * hop limit or the path length limit. The root itself resolves to the empty string.
     */
    Optional<String> canonical(String path) {
        String current = path;
        int hops = 0;
        int from = 0;
        while (true) {
            int slash = current.indexOf('/', from);
            String prefix = slash < 0 ? current : current.substring(0, slash);
            String target = links.get(prefix);
            if (target != null) {
                if (++hops > MAX_HOPS) {
                    return Optional.empty();
                }
                String resolved = ImagePaths.resolveLinkTarget(prefix, target).orElse("");
                String rest = slash < 0 ? "" : current.substring(slash + 1);
                if (resolved.length() + rest.length() >= MAX_PATH_LENGTH) {
                    return Optional.empty();
                }
                current = resolved.isEmpty() ? rest : rest.isEmpty() ? resolved : resolved + "/" + rest;
                from = 0;
                if (current.isEmpty()) {
                    return Optional.of("");
                }
                continue;
            }
            if (slash < 0) {
                return Optional.of(current);
            }
            from = slash + 1;
        }
    }
}
