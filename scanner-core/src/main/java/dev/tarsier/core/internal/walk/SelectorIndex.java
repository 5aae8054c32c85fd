package dev.tarsier.core.internal.walk;

import dev.tarsier.api.spi.Analyzer;
import dev.tarsier.api.spi.FileSelector;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * All analyzers' {@link FileSelector}s indexed once, so that looking up who wants a path costs a
 * few hash lookups instead of evaluating every selector: exact paths and file names are hashed,
 * suffixes and globs are bucketed by the file-name extension or literal file name they require,
 * and only the remaining (rare) unanchored globs are tried one by one.
 *
 * <p>Agrees with {@link FileSelector#matches(String)} by construction; a test checks it.
 */
public final class SelectorIndex {

    private record SuffixRule(String suffix, int analyzer) {
    }

    private record GlobRule(Pattern pattern, int analyzer) {
    }

    /** A file that is the companion {@code mainPath + suffix} of a file the analyzer selects. */
    public record Companion(int analyzer, String mainPath, String suffix) {
    }

    private record CompanionRule(String suffix, int analyzer) {
    }

    private final List<Analyzer> analyzers;
    private final long[] maxSizes;
    private final List<CompanionRule> companionRules = new ArrayList<>();
    private final Map<String, BitSet> byPath = new HashMap<>();
    private final Map<String, BitSet> byName = new HashMap<>();
    private final Map<String, List<SuffixRule>> suffixByExtension = new HashMap<>();
    private final List<SuffixRule> otherSuffixes = new ArrayList<>();
    private final Map<String, List<GlobRule>> globByName = new HashMap<>();
    private final Map<String, List<GlobRule>> globByExtension = new HashMap<>();
    private final List<GlobRule> otherGlobs = new ArrayList<>();
    private final BitSet unclaimedExecutables = new BitSet();

    /** Indexes the selectors of the given analyzers (in the given order). */
    public SelectorIndex(List<Analyzer> analyzers) {
        this.analyzers = List.copyOf(analyzers);
        this.maxSizes = new long[analyzers.size()];
        for (int i = 0; i < analyzers.size(); i++) {
            FileSelector s = analyzers.get(i).selector();
            maxSizes[i] = s.maxFileSize();
            if (s.unclaimedExecutables()) {
                unclaimedExecutables.set(i);
            }
            for (String suffix : analyzers.get(i).companionSuffixes()) {
                if (suffix.isEmpty() || suffix.contains("/")) {
                    throw new IllegalArgumentException(analyzers.get(i).id() + ": bad companion suffix '" + suffix + "'");
                }
                companionRules.add(new CompanionRule(suffix, i));
            }
            for (String p : s.paths()) {
                byPath.computeIfAbsent(p, k -> new BitSet()).set(i);
            }
            for (String n : s.fileNames()) {
                byName.computeIfAbsent(n, k -> new BitSet()).set(i);
            }
            for (String suffix : s.suffixes()) {
                int dot = suffix.lastIndexOf('.');
                SuffixRule rule = new SuffixRule(suffix, i);
                if (dot < 0) {
                    otherSuffixes.add(rule);
                } else {
                    suffixByExtension.computeIfAbsent(suffix.substring(dot + 1), k -> new ArrayList<>()).add(rule);
                }
            }
            for (String glob : s.globs()) {
                GlobRule rule = new GlobRule(FileSelector.compileGlob(glob), i);
                String last = FileSelector.fileName(glob);
                if (isLiteral(last)) {
                    globByName.computeIfAbsent(last, k -> new ArrayList<>()).add(rule);
                } else if (last.startsWith("*.") && isLiteral(last.substring(2))) {
                    String ext = last.substring(last.lastIndexOf('.') + 1);
                    globByExtension.computeIfAbsent(ext, k -> new ArrayList<>()).add(rule);
                } else {
                    otherGlobs.add(rule);
                }
            }
        }
    }

    private static boolean isLiteral(String segment) {
        return segment.indexOf('*') < 0 && segment.indexOf('?') < 0;
    }

    /** The indexed analyzers, in index order. */
    public List<Analyzer> analyzers() {
        return analyzers;
    }

    /** The size cap of the analyzer at the given index. */
    public long maxSize(int analyzer) {
        return maxSizes[analyzer];
    }

    /** Whether the analyzer at the given index declares companion files. */
    public boolean hasCompanions(int analyzer) {
        for (CompanionRule r : companionRules) {
            if (r.analyzer == analyzer) {
                return true;
            }
        }
        return false;
    }

    /** The analyzers for which this path is a companion of a file they select; usually empty. */
    public List<Companion> companionsOf(String path) {
        if (companionRules.isEmpty()) {
            return List.of();
        }
        List<Companion> out = new ArrayList<>(1);
        for (CompanionRule r : companionRules) {
            if (path.length() > r.suffix.length() && path.endsWith(r.suffix)) {
                String main = path.substring(0, path.length() - r.suffix.length());
                if (select(main).get(r.analyzer)) {
                    out.add(new Companion(r.analyzer, main, r.suffix));
                }
            }
        }
        return out;
    }

    /**
     * Which analyzers select the path (ignoring size).
     *
     * @return the indexes of the selecting analyzers; empty when none
     */
    public BitSet select(String path) {
        BitSet result = new BitSet();
        BitSet exact = byPath.get(path);
        if (exact != null) {
            result.or(exact);
        }
        String name = FileSelector.fileName(path);
        BitSet named = byName.get(name);
        if (named != null) {
            result.or(named);
        }
        int dot = name.lastIndexOf('.');
        if (dot >= 0) {
            String ext = name.substring(dot + 1);
            List<SuffixRule> suffixes = suffixByExtension.get(ext);
            if (suffixes != null) {
                matchSuffixes(suffixes, name, result);
            }
            List<GlobRule> globs = globByExtension.get(ext);
            if (globs != null) {
                matchGlobs(globs, path, result);
            }
        }
        if (!otherSuffixes.isEmpty()) {
            matchSuffixes(otherSuffixes, name, result);
        }
        List<GlobRule> namedGlobs = globByName.get(name);
        if (namedGlobs != null) {
            matchGlobs(namedGlobs, path, result);
        }
        if (!otherGlobs.isEmpty()) {
            matchGlobs(otherGlobs, path, result);
        }
        return result;
    }

    /**
     * Which analyzers take a regular file: those that {@link #select(String)} it, or, when none
     * does and the mode has an execute bit, those that select unclaimed executables.
     */
    public BitSet select(String path, int mode) {
        BitSet result = select(path);
        if (result.isEmpty() && (mode & 0111) != 0) {
            result.or(unclaimedExecutables);
        }
        return result;
    }

    private static void matchSuffixes(List<SuffixRule> rules, String name, BitSet result) {
        for (SuffixRule r : rules) {
            if (!result.get(r.analyzer) && name.endsWith(r.suffix)) {
                result.set(r.analyzer);
            }
        }
    }

    private static void matchGlobs(List<GlobRule> rules, String path, BitSet result) {
        for (GlobRule r : rules) {
            if (!result.get(r.analyzer) && r.pattern.matcher(path).matches()) {
                result.set(r.analyzer);
            }
        }
    }
}
