package dev.tarsier.api.spi;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Declares which files an analyzer wants, as data, so the scanner can index the selectors of all
 * analyzers once and tests can assert them.
 *
 * <p>A file is selected when its normalised relative path (no leading {@code /}) matches any of:
 * <ul>
 *   <li>{@code paths}: exact paths, e.g. {@code var/lib/dpkg/status};</li>
 *   <li>{@code fileNames}: exact last path segments, e.g. {@code package.json};</li>
 *   <li>{@code suffixes}: endings of the last path segment, e.g. {@code .jar};</li>
 *   <li>{@code globs}: patterns over the whole path where {@code **} matches any number of whole
 *       segments (including none), {@code *} any run of characters within one segment and
 *       {@code ?} one character within a segment, e.g. {@code var/lib/dpkg/status.d/*}.</li>
 * </ul>
 * and its size is at most {@code maxFileSize}. Larger selected files are not offered; the scanner
 * reports them as a diagnostic.
 *
 * <p>{@code unclaimedExecutables} adds every regular file with an execute bit that <em>no</em>
 * analyzer of the scan selects by the four rules above: the way to see binaries that carry their
 * own metadata (Go build info, Rust's {@code .dep-v0}) under any name, without competing for
 * files that another analyzer wants by name (the walker would otherwise have to buffer them).
 *
 * @param paths exact paths; never null
 * @param fileNames exact file names; never null
 * @param suffixes file-name endings; never null
 * @param globs path globs; never null
 * @param maxFileSize the largest file, in bytes, this analyzer accepts
 * @param unclaimedExecutables whether executable files no analyzer selects by the other rules are
 *     selected too (since 0.4)
 * @since 0.1
 */
public record FileSelector(Set<String> paths, Set<String> fileNames, Set<String> suffixes,
                           List<String> globs, long maxFileSize, boolean unclaimedExecutables) {

    /** Default size cap: 64 MiB. */
    public static final long DEFAULT_MAX_FILE_SIZE = 64L << 20;

    public FileSelector {
        paths = Set.copyOf(paths);
        fileNames = Set.copyOf(fileNames);
        suffixes = Set.copyOf(suffixes);
        globs = List.copyOf(globs);
        if (maxFileSize < 0) {
            throw new IllegalArgumentException("maxFileSize must be >= 0: " + maxFileSize);
        }
        for (String p : paths) {
            requireRelative(p);
        }
        for (String g : globs) {
            requireRelative(g);
        }
        for (String n : fileNames) {
            if (n.isEmpty() || n.contains("/")) {
                throw new IllegalArgumentException("file name must be one non-empty segment: '" + n + "'");
            }
        }
        for (String s : suffixes) {
            if (s.isEmpty() || s.contains("/")) {
                throw new IllegalArgumentException("suffix must be non-empty, without '/': '" + s + "'");
            }
        }
    }

    /**
     * A selector without {@code unclaimedExecutables}, as before 0.4.
     *
     * @param paths exact paths; never null
     * @param fileNames exact file names; never null
     * @param suffixes file-name endings; never null
     * @param globs path globs; never null
     * @param maxFileSize the largest file, in bytes, this analyzer accepts
     */
    public FileSelector(Set<String> paths, Set<String> fileNames, Set<String> suffixes, List<String> globs,
                        long maxFileSize) {
        this(paths, fileNames, suffixes, globs, maxFileSize, false);
    }

    private static void requireRelative(String p) {
        if (p.isEmpty() || p.startsWith("/") || p.startsWith("./")) {
            throw new IllegalArgumentException("selector paths are relative without './': '" + p + "'");
        }
    }

    /** Starts a builder with the default size cap. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reference semantics of the selector, ignoring size: whether the path is selected. The scanner
     * uses an index that must agree with this method.
     */
    public boolean matches(String path) {
        Objects.requireNonNull(path, "path");
        if (paths.contains(path)) {
            return true;
        }
        String name = fileName(path);
        if (fileNames.contains(name)) {
            return true;
        }
        for (String suffix : suffixes) {
            if (name.endsWith(suffix)) {
                return true;
            }
        }
        for (String glob : globs) {
            if (compileGlob(glob).matcher(path).matches()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether this selector alone takes the file, ignoring size and other analyzers: its path rules
     * match, or it selects unclaimed executables and the mode has an execute bit. In a scan, the
     * second case applies only when no analyzer selects the path by its rules.
     *
     * @param path normalised relative path
     * @param mode Unix permission bits
     * @since 0.4
     */
    public boolean matches(String path, int mode) {
        return matches(path) || (unclaimedExecutables && (mode & 0111) != 0);
    }

    /** The last segment of a path. */
    public static String fileName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /**
     * Compiles a glob in this selector's syntax into a regular expression over whole paths.
     *
     * @throws IllegalArgumentException if the glob is empty
     */
    public static Pattern compileGlob(String glob) {
        if (glob.isEmpty()) {
            throw new IllegalArgumentException("empty glob");
        }
        StringBuilder re = new StringBuilder();
        String[] segments = glob.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String seg = segments[i];
            boolean last = i == segments.length - 1;
            if (seg.equals("**")) {
                // any number of whole segments, including none
                re.append(last ? ".*" : "(?:[^/]*/)*");
                continue;
            }
            for (int c = 0; c < seg.length(); c++) {
                char ch = seg.charAt(c);
                if (ch == '*') {
                    re.append("[^/]*");
                } else if (ch == '?') {
                    re.append("[^/]");
                } else {
                    re.append(Pattern.quote(String.valueOf(ch)));
                }
            }
            if (!last) {
                re.append('/');
            }
        }
        return Pattern.compile(re.toString());
    }

    /** Builds a {@link FileSelector}. Not thread-safe. */
    public static final class Builder {
        private final Set<String> paths = new LinkedHashSet<>();
        private final Set<String> fileNames = new LinkedHashSet<>();
        private final Set<String> suffixes = new LinkedHashSet<>();
        private final List<String> globs = new ArrayList<>();
        private long maxFileSize = DEFAULT_MAX_FILE_SIZE;
        private boolean unclaimedExecutables;

        private Builder() {
        }

        /** Adds exact paths. */
        public Builder paths(String... values) {
            paths.addAll(List.of(values));
            return this;
        }

        /** Adds exact file names. */
        public Builder fileNames(String... values) {
            fileNames.addAll(List.of(values));
            return this;
        }

        /** Adds file-name suffixes. */
        public Builder suffixes(String... values) {
            suffixes.addAll(List.of(values));
            return this;
        }

        /** Adds path globs. */
        public Builder globs(String... values) {
            globs.addAll(List.of(values));
            return this;
        }

        /** Sets the size cap in bytes. */
        public Builder maxFileSize(long bytes) {
            this.maxFileSize = bytes;
            return this;
        }

        /**
         * Also selects executable files that no analyzer selects by path, name, suffix or glob.
         *
         * @since 0.4
         */
        public Builder unclaimedExecutables() {
            this.unclaimedExecutables = true;
            return this;
        }

        /** Builds the selector. */
        public FileSelector build() {
            return new FileSelector(paths, fileNames, suffixes, globs, maxFileSize, unclaimedExecutables);
        }
    }
}
