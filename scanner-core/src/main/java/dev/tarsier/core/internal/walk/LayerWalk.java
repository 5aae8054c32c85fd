package dev.tarsier.core.internal.walk;

import dev.tarsier.api.AnalyzerInfo;
import dev.tarsier.api.Diagnostic;
import dev.tarsier.api.Location;
import dev.tarsier.api.OperatingSystem;
import dev.tarsier.api.Package;
import dev.tarsier.api.spi.Analyzer;
import dev.tarsier.api.spi.AnalyzerInput;
import dev.tarsier.api.spi.FileOwnership;
import dev.tarsier.api.spi.ResultSink;
import dev.tarsier.core.internal.discovery.AnalyzerDiscovery;
import dev.tarsier.core.internal.discovery.PluginFaults;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;

/**
 * The state of one pass over one layer: receives the layer's entries in order (from a tar stream or
 * a directory tree), offers selected regular files to the analyzers, records whiteouts, opaque
 * directories and links, and finally yields a {@link LayerResult}. Used by one thread.
 */
public final class LayerWalk {

    /** Prefix of whiteout entries (OCI image-spec layer.md, "Whiteouts"). */
    public static final String WHITEOUT_PREFIX = ".wh.";
    /** Name of the opaque-directory marker (OCI image-spec layer.md, "Opaque Whiteout"). */
    public static final String OPAQUE_MARKER = ".wh..wh..opq";

    /**
     * Most diagnostics kept per layer; the rest are counted in one last diagnostic. A layer of
     * millions of bad entries must not hold millions of messages.
     */
    public static final int MAX_DIAGNOSTICS = 1_000;
    /**
     * Most path records (symbolic and hard links, whiteouts, opaque directories) kept per layer.
     * Real layers hold a few thousand links; each record costs a few hundred bytes of heap.
     */
    public static final int MAX_PATH_RECORDS = 200_000;
    /** Most files offered to analyzers per layer (each keeps a result, if only an empty one). */
    public static final int MAX_ANALYZED_FILES = 200_000;

    private final SelectorIndex index;
    private final int layer;
    private int droppedDiagnostics;
    private int droppedRecords;
    private int droppedFiles;
    private final long sharedBufferCap;
    private final Set<Integer> disabled;
    private final TreeMap<String, Builder> results = new TreeMap<>();
    private final Set<String> whiteouts = new HashSet<>();
    private final Set<String> opaqueDirs = new HashSet<>();
    private final Map<String, String> symlinks = new HashMap<>();
    private final Map<String, String> hardlinks = new HashMap<>();
    private final Set<String> shadows = new HashSet<>();
    private final List<Diagnostic> diagnostics = new ArrayList<>();
    /** Companion files seen so far, by path. */
    private final Map<String, byte[]> companions = new HashMap<>();
    /** Files waiting for a companion that has not come by yet, by analyzer and path. */
    private final Map<String, Deferred> deferred = new LinkedHashMap<>();

    private record Deferred(int analyzer, String path, long size, int mode, byte[] content, Builder result) {
    }

    /**
     * @param index the analyzers' selectors
     * @param layer index of the layer being walked
     * @param sharedBufferCap largest file buffered in memory when several analyzers want it
     * @param disabled analyzers (by index) not to call any more in this scan; a concurrent set shared
     *     by the walks of one scan, to which this walk adds an analyzer that failed for good
     */
    public LayerWalk(SelectorIndex index, int layer, long sharedBufferCap, Set<Integer> disabled) {
        this.index = index;
        this.layer = layer;
        this.sharedBufferCap = sharedBufferCap;
        this.disabled = disabled;
    }

    public int layer() {
        return layer;
    }

    /**
     * Accepts a raw entry name, checks it and returns its normalised path, or null (with a
     * diagnostic) when the name is unusable.
     */
    public String normalise(String rawName) {
        ImagePaths.Normalised n = ImagePaths.normaliseEntryName(rawName);
        if (n.ok()) {
            return n.path();
        }
        switch (n.rejection()) {
            case ABSOLUTE -> warn(rawName, "absolute entry name in layer; entry skipped");
            case ESCAPES_ROOT -> warn(rawName, "entry name escapes the image root ('..'); entry skipped");
            case EMPTY -> { /* the root directory itself ("./"): nothing to record */ }
            default -> throw new IllegalStateException();
        }
        return null;
    }

    /**
     * Handles whiteout names. Returns true when the entry was a whiteout (it is then recorded and
     * must not be treated as a file).
     */
    public boolean whiteout(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        if (!name.startsWith(WHITEOUT_PREFIX)) {
            return false;
        }
        String parent = ImagePaths.parent(path);
        if (name.equals(OPAQUE_MARKER)) {
            if (record(path)) {
                opaqueDirs.add(parent);
            }
        } else if (name.startsWith(WHITEOUT_PREFIX + WHITEOUT_PREFIX)) {
            // other ".wh..wh." names are AUFS bookkeeping (plink, orph): not part of the image
            return true;
        } else if (record(path)) {
            String target = name.substring(WHITEOUT_PREFIX.length());
            whiteouts.add(parent.isEmpty() ? target : parent + "/" + target);
        }
        return true;
    }

    /** Records a directory entry. A directory replaces a selected file of a lower layer. */
    public void directory(String path) {
        if (!index.select(path).isEmpty()) {
            shadows.add(path);
        }
    }

    /** Records a symbolic link. */
    public void symlink(String path, String target) {
        if (record(path)) {
            symlinks.put(path, target);
            shadows.add(path);
        }
    }

    /**
     * Records a hard link. Its target is an earlier entry of this layer or, when layers are applied
     * onto a file system, a file of a lower layer; {@link #finish()} and the applier tell which.
     */
    public void hardlink(String path, String rawTarget) {
        ImagePaths.Normalised target = ImagePaths.normaliseEntryName(rawTarget);
        if (!target.ok()) {
            warn(path, "hard link target escapes the image root: '" + rawTarget + "'");
            return;
        }
        if (record(path)) {
            hardlinks.put(path, target.path());
            shadows.add(path);
        }
    }

    /** Counts a path record against {@link #MAX_PATH_RECORDS}; false (with one diagnostic) past it. */
    private boolean record(String path) {
        if (symlinks.size() + hardlinks.size() + whiteouts.size() + opaqueDirs.size() < MAX_PATH_RECORDS) {
            return true;
        }
        if (droppedRecords++ == 0) {
            warn(path, "more than " + MAX_PATH_RECORDS + " links, whiteouts and opaque directories in this layer;"
                    + " this one and the rest are ignored");
        }
        return false;
    }

    /**
     * Offers a regular file to the analyzers that select it.
     *
     * @param content the file content; reading it may fail with an IOException of the source
     *     (truncated layer), which is re-thrown from this method after the analyzer returns
     * @throws IOException when the underlying layer stream failed
     */
    public void file(String path, long size, int mode, InputStream content) throws IOException {
        BitSet selected = index.select(path, mode);
        disabled.forEach(selected::clear);
        List<SelectorIndex.Companion> companionOf = index.companionsOf(path);
        if (selected.isEmpty() && companionOf.isEmpty()) {
            return;
        }
        GuardedStream guarded = new GuardedStream(content);
        if (!companionOf.isEmpty()) {
            byte[] bytes = companion(path, size, companionOf, guarded);
            if (bytes != null) {
                companionOf.forEach(c -> selected.clear(c.analyzer()));
                guarded = new GuardedStream(new ByteArrayInputStream(bytes));
            }
            if (selected.isEmpty()) {
                return;
            }
        }
        if (results.size() >= MAX_ANALYZED_FILES && !results.containsKey(path)) {
            if (droppedFiles++ == 0) {
                warn(path, "more than " + MAX_ANALYZED_FILES + " files for analyzers in this layer;"
                        + " this one and the rest are not analyzed");
            }
            return;
        }
        Builder result = new Builder();
        results.put(path, result);
        List<Integer> eligible = new ArrayList<>(selected.cardinality());
        boolean companionAnalyzer = false;
        for (int i = selected.nextSetBit(0); i >= 0; i = selected.nextSetBit(i + 1)) {
            if (size > index.maxSize(i)) {
                diagnostic(Diagnostic.Severity.WARNING, index.analyzers().get(i).id(), path,
                        "file of " + size + " bytes exceeds the analyzer's cap of " + index.maxSize(i)
                                + " bytes; not analyzed");
            } else {
                eligible.add(i);
                companionAnalyzer |= index.hasCompanions(i);
            }
        }
        if (eligible.isEmpty()) {
            return;
        }
        if (eligible.size() == 1 && !companionAnalyzer) {
            run(eligible.get(0), path, size, mode, guarded, result, Map.of());
        } else if (companionAnalyzer || size <= sharedBufferCap) {
            // an analyzer with companions may have to wait for one: its eligibility bounds the copy
            byte[] bytes = guarded.readNBytes((int) size);
            rethrowSourceFailure(guarded);
            for (int i : eligible) {
                if (index.hasCompanions(i)) {
                    runOrDefer(i, path, size, mode, bytes, result);
                } else {
                    run(i, path, size, mode, new ByteArrayInputStream(bytes), result, Map.of());
                }
            }
        } else {
            run(eligible.get(0), path, size, mode, guarded, result, Map.of());
            for (int i : eligible.subList(1, eligible.size())) {
                diagnostic(Diagnostic.Severity.WARNING, index.analyzers().get(i).id(), path,
                        "file of " + size + " bytes is wanted by several analyzers and exceeds the shared buffer of "
                                + sharedBufferCap + " bytes; offered to " + index.analyzers().get(eligible.get(0)).id()
                                + " only");
            }
        }
        rethrowSourceFailure(guarded);
    }

    /** Buffers a companion file and runs any analysis that was waiting for it; null when too large. */
    private byte[] companion(String path, long size, List<SelectorIndex.Companion> of, GuardedStream content)
            throws IOException {
        long cap = of.stream().mapToLong(c -> index.maxSize(c.analyzer())).max().orElse(0);
        if (size > cap) {
            diagnostic(Diagnostic.Severity.WARNING, Diagnostic.SCANNER, path,
                    "companion file of " + size + " bytes exceeds the cap of " + cap + " bytes; not used");
            return null;
        }
        byte[] bytes = content.readNBytes((int) size);
        rethrowSourceFailure(content);
        companions.put(path, bytes);
        for (SelectorIndex.Companion c : of) {
            Deferred d = deferred.remove(c.analyzer() + "\0" + c.mainPath());
            if (d != null) {
                runDeferred(d);
            }
        }
        return bytes;
    }

    private void runOrDefer(int analyzer, String path, long size, int mode, byte[] bytes, Builder result) {
        Map<String, byte[]> present = companionsFor(analyzer, path);
        if (present.size() == index.analyzers().get(analyzer).companionSuffixes().size()) {
            run(analyzer, path, size, mode, new ByteArrayInputStream(bytes), result, present);
        } else {
            deferred.put(analyzer + "\0" + path, new Deferred(analyzer, path, size, mode, bytes, result));
        }
    }

    private void runDeferred(Deferred d) {
        run(d.analyzer(), d.path(), d.size(), d.mode(), new ByteArrayInputStream(d.content()), d.result(),
                companionsFor(d.analyzer(), d.path()));
    }

    private Map<String, byte[]> companionsFor(int analyzer, String path) {
        Map<String, byte[]> present = new HashMap<>();
        for (String suffix : index.analyzers().get(analyzer).companionSuffixes()) {
            byte[] c = companions.get(path + suffix);
            if (c != null) {
                present.put(suffix, c);
            }
        }
        return present;
    }

    private void rethrowSourceFailure(GuardedStream guarded) throws IOException {
        if (guarded.failure != null) {
            throw guarded.failure;
        }
    }

    private void run(int analyzerIndex, String path, long size, int mode, InputStream stream, Builder result,
                     Map<String, byte[]> companionFiles) {
        Analyzer analyzer = index.analyzers().get(analyzerIndex);
        if (disabled.contains(analyzerIndex)) {
            return; // failed for good in another layer while this file waited for a companion
        }
        Input input = new Input(path, size, mode, layer, new ShieldedStream(stream), companionFiles);
        Sink sink = new Sink(analyzer.id(), path, result);
        try {
            analyzer.analyze(input, sink);
        } catch (Throwable e) {
            PluginFaults.rethrowIfFatal(e);
            if (stream instanceof GuardedStream g && g.failure != null) {
                return; // the layer itself failed; reported by the caller
            }
            String origin = AnalyzerDiscovery.origin(analyzer);
            String from = AnalyzerInfo.BUILT_IN.equals(origin) ? "" : " (plugin jar " + origin + ")";
            if (!PluginFaults.isPermanent(e)) {
                diagnostic(Diagnostic.Severity.ERROR, analyzer.id(), path, "analyzer failed" + from + ": " + describe(e));
            } else if (disabled.add(analyzerIndex)) {
                // one diagnostic per scan: the next file would fail the same way
                diagnostic(Diagnostic.Severity.ERROR, analyzer.id(), path, "analyzer failed" + from + ": "
                        + PluginFaults.describe(e) + "; not called again in this scan");
            }
        }
    }

    /** Records a scanner-level warning about a path of this layer. */
    public void warn(String path, String message) {
        diagnostic(Diagnostic.Severity.WARNING, Diagnostic.SCANNER, path, message);
    }

    /** Records a diagnostic about this layer. */
    public void diagnostic(Diagnostic.Severity severity, String source, String path, String message) {
        if (diagnostics.size() >= MAX_DIAGNOSTICS && severity != Diagnostic.Severity.ERROR) {
            droppedDiagnostics++;
            return;
        }
        if (diagnostics.size() >= 2 * MAX_DIAGNOSTICS) {
            droppedDiagnostics++;
            return;
        }
        diagnostics.add(new Diagnostic(severity, source, OptionalInt.of(layer), Optional.ofNullable(path), message));
    }

    /** Finishes the walk: links hard-linked copies of analyzed files and returns the result. */
    public LayerResult finish() {
        // files whose companion never came: analyzed alone
        List<Deferred> waiting = new ArrayList<>(deferred.values());
        deferred.clear();
        waiting.forEach(this::runDeferred);
        TreeMap<String, PathResult> out = new TreeMap<>();
        results.forEach((path, b) -> out.put(path, b.build()));
        Map<String, LayerResult.HardLink> toLowerLayers = new TreeMap<>();
        new TreeMap<>(hardlinks).forEach((link, target) -> {
            PathResult r = out.get(target);
            boolean linkRead = !index.select(link).isEmpty();
            if (r != null) {
                if (linkRead) {
                    out.put(link, r.relocated(target, link, layer));
                }
            } else if (!index.select(target).isEmpty()) {
                // every file an analyzer reads has a result, even an empty one: the target was not
                // an earlier file of this layer, so it must be one of a lower layer
                toLowerLayers.put(link, new LayerResult.HardLink(target, linkRead));
            } else if (linkRead) {
                warn(link, "hard link to '" + target + "', which no analyzer reads in this layer (or which is not"
                        + " in it): its content was not kept, so this file is not analyzed");
            }
        });
        if (droppedDiagnostics > 0) {
            diagnostics.add(new Diagnostic(Diagnostic.Severity.WARNING, Diagnostic.SCANNER, OptionalInt.of(layer),
                    Optional.empty(), droppedDiagnostics + " more diagnostics about this layer were dropped (cap of "
                    + MAX_DIAGNOSTICS + " per layer)"));
        }
        return new LayerResult(layer, out, whiteouts, opaqueDirs, symlinks, shadows, diagnostics, toLowerLayers);
    }

    static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m.replace('\n', ' '));
    }

    private final class Builder {
        final List<Package> packages = new ArrayList<>();
        final List<PathResult.OsEvidence> os = new ArrayList<>();
        final List<FileOwnership> ownerships = new ArrayList<>();

        PathResult build() {
            return packages.isEmpty() && os.isEmpty() && ownerships.isEmpty()
                    ? PathResult.EMPTY : new PathResult(packages, os, ownerships);
        }
    }

    private final class Sink implements ResultSink {
        private final String source;
        private final String path;
        private final Builder result;

        Sink(String source, String path, Builder result) {
            this.source = source;
            this.path = path;
            this.result = result;
        }

        @Override
        public void addPackage(Package pkg) {
            Location l = pkg.location();
            if (l.layer() != layer || !l.filePath().equals(path)) {
                // an analyzer may only report what it found in the file it was given
                pkg = pkg.withLocation(new Location(layer, l.filePath().equals(path) ? l.path() : path));
            }
            result.packages.add(pkg.withAnalyzer(source));
        }

        @Override
        public void operatingSystem(OperatingSystem os, int confidence) {
            result.os.add(new PathResult.OsEvidence(os, confidence, path, layer));
        }

        @Override
        public void fileOwnership(FileOwnership ownership) {
            result.ownerships.add(ownership);
        }

        @Override
        public void diagnostic(Diagnostic.Severity severity, String nestedPath, String message) {
            LayerWalk.this.diagnostic(severity, source, nestedPath == null ? path : nestedPath, message);
        }
    }

    private record Input(String path, long size, int mode, int layer, InputStream content,
                         Map<String, byte[]> companions) implements AnalyzerInput {
        @Override
        public InputStream stream() {
            return content;
        }

        @Override
        public Optional<InputStream> companion(String suffix) {
            byte[] bytes = companions.get(suffix);
            return bytes == null ? Optional.empty() : Optional.of(new ByteArrayInputStream(bytes));
        }
    }

    /** Remembers an IOException of the layer stream so it is not mistaken for an analyzer bug. */
    private static final class GuardedStream extends FilterInputStream {
        IOException failure;

        GuardedStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }

        @Override
        public long skip(long n) throws IOException {
            try {
                return super.skip(n);
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }

        @Override
        public void close() {
            // the walker owns the layer stream
        }
    }

    /** Keeps analyzers from closing the layer stream. */
    private static final class ShieldedStream extends FilterInputStream {
        ShieldedStream(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
            // closing an analyzer input must not close the layer
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }
}
