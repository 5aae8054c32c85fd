package dev.tarsier.core.internal.walk;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * Normalisation of tar entry names and link targets into relative image paths (no leading
 * {@code /} or {@code ./}, no {@code .} or empty segments, no trailing {@code /}).
 */
public final class ImagePaths {

    private ImagePaths() {
    }

    /** Why a name was rejected. */
    public enum Rejection { ABSOLUTE, ESCAPES_ROOT, EMPTY }

    /** A normalised path or the reason it was rejected. */
    public record Normalised(String path, Rejection rejection) {
        public boolean ok() {
            return rejection == null;
        }
    }

    /**
     * Normalises a tar entry name. {@code ./a/b/}, {@code a//b} and {@code a/./b} become
     * {@code a/b}; {@code a/../b} becomes {@code b}. Absolute names and names whose {@code ..}
     * segments climb above the root are rejected: image layers never legitimately contain them,
     * and extracting them is how path-traversal attacks work.
     */
    public static Normalised normaliseEntryName(String name) {
        if (name.startsWith("/")) {
            return new Normalised(null, Rejection.ABSOLUTE);
        }
        Deque<String> segments = new ArrayDeque<>();
        if (!collect(name, segments)) {
            return new Normalised(null, Rejection.ESCAPES_ROOT);
        }
        if (segments.isEmpty()) {
            return new Normalised(null, Rejection.EMPTY);
        }
        return new Normalised(String.join("/", segments), null);
    }

    /**
     * Resolves a symlink target against the directory containing the link, the way the kernel
     * would inside a chroot: absolute targets start at the image root, and {@code ..} never climbs
     * above the root.
     *
     * @return the normalised target, or empty for a target that names the root itself
     */
    public static Optional<String> resolveLinkTarget(String linkPath, String target) {
        Deque<String> segments = new ArrayDeque<>();
        if (!target.startsWith("/")) {
            int slash = linkPath.lastIndexOf('/');
            if (slash > 0) {
                collect(linkPath.substring(0, slash), segments);
            }
        }
        collectClamped(target, segments);
        return segments.isEmpty() ? Optional.empty() : Optional.of(String.join("/", segments));
    }

    /** Parent directory of a relative path, or empty string for a top-level entry. */
    public static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    private static boolean collect(String name, Deque<String> segments) {
        int start = 0;
        int len = name.length();
        while (start <= len) {
            int end = name.indexOf('/', start);
            if (end < 0) {
                end = len;
            }
            String seg = name.substring(start, end);
            if (seg.equals("..")) {
                if (segments.isEmpty()) {
                    return false;
                }
                segments.removeLast();
            } else if (!seg.isEmpty() && !seg.equals(".")) {
                segments.addLast(seg);
            }
            start = end + 1;
        }
        return true;
    }

    private static void collectClamped(String name, Deque<String> segments) {
        for (String seg : name.split("/")) {
            if (seg.equals("..")) {
                if (!segments.isEmpty()) {
                    segments.removeLast();
                }
            } else if (!seg.isEmpty() && !seg.equals(".")) {
                segments.addLast(seg);
            }
        }
    }
}
