package dev.tarsier.core.internal.walk;

import dev.tarsier.api.Diagnostic;
import dev.tarsier.api.Location;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What one streaming pass over one layer produced.
 *
 * @param layer the layer index the results are attributed to
 * @param results analyzer results by path, for every selected regular file (empty results
 *     included: a selected file replaces whatever lower layers had at that path)
 * @param whiteouts paths deleted from lower layers ({@code .wh.NAME} entries)
 * @param opaqueDirs directories whose lower-layer children are hidden ({@code .wh..wh..opq})
 * @param symlinks symbolic links of this layer: normalised path to the raw target
 * @param shadows other non-file entries that replace lower-layer paths (links, selected directories)
 * @param diagnostics problems met while walking
 * @param hardlinks hard links of this layer whose target an analyzer reads but that had no earlier
 *     entry in this layer, by normalised link path: resolved against the lower layers by the applier
 *     (which reports a target that is nowhere)
 */
public record LayerResult(int layer, SortedMap<String, PathResult> results, Set<String> whiteouts,
                          Set<String> opaqueDirs, Map<String, String> symlinks, Set<String> shadows,
                          List<Diagnostic> diagnostics, Map<String, HardLink> hardlinks) {

    public LayerResult {
        results = new TreeMap<>(results);
        whiteouts = Set.copyOf(whiteouts);
        opaqueDirs = Set.copyOf(opaqueDirs);
        symlinks = Map.copyOf(symlinks);
        shadows = Set.copyOf(shadows);
        diagnostics = List.copyOf(diagnostics);
        hardlinks = Map.copyOf(hardlinks);
    }

    /**
     * A hard link left for the applier.
     *
     * @param target the normalised target path
     * @param analyzed whether an analyzer reads the link's own path (then it takes the target's results)
     */
    public record HardLink(String target, boolean analyzed) {
    }

    /** A result without hard links left to resolve. */
    public LayerResult(int layer, SortedMap<String, PathResult> results, Set<String> whiteouts,
                       Set<String> opaqueDirs, Map<String, String> symlinks, Set<String> shadows,
                       List<Diagnostic> diagnostics) {
        this(layer, results, whiteouts, opaqueDirs, symlinks, shadows, diagnostics, Map.of());
    }

    /**
     * The same result attributed to another layer index: used when a streaming source learns a
     * layer's position only after walking it, or when one blob backs several layers.
     */
    public LayerResult withLayer(int newLayer) {
        if (newLayer == layer) {
            return this;
        }
        SortedMap<String, PathResult> moved = new TreeMap<>();
        results.forEach((path, r) -> moved.put(path, new PathResult(
                r.packages().stream().map(p -> p.withLocation(move(p.location(), newLayer))).toList(),
                r.os().stream().map(e -> new PathResult.OsEvidence(e.os(), e.confidence(), e.path(), newLayer)).toList(),
                r.ownerships())));
        List<Diagnostic> diags = diagnostics.stream()
                .map(d -> d.layer().isPresent()
                        ? new Diagnostic(d.severity(), d.source(), OptionalInt.of(newLayer), d.path(), d.message())
                        : d)
                .toList();
        return new LayerResult(newLayer, moved, whiteouts, opaqueDirs, symlinks, shadows, diags, hardlinks);
    }

    /** This result with one more diagnostic. */
    public LayerResult withDiagnostic(Diagnostic diagnostic) {
        List<Diagnostic> diags = new ArrayList<>(diagnostics);
        diags.add(diagnostic);
        return new LayerResult(layer, results, whiteouts, opaqueDirs, symlinks, shadows, diags, hardlinks);
    }

    private static Location move(Location l, int newLayer) {
        return l.withLayer(newLayer);
    }
}
