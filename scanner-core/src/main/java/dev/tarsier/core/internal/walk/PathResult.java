package dev.tarsier.core.internal.walk;

import dev.tarsier.api.Location;
import dev.tarsier.api.OperatingSystem;
import dev.tarsier.api.Package;
import dev.tarsier.api.spi.FileOwnership;

import java.util.List;

/**
 * Everything analyzers reported for one file of one layer. Dropped or replaced as a unit when a
 * later layer deletes or replaces the file.
 */
public record PathResult(List<Package> packages, List<OsEvidence> os, List<FileOwnership> ownerships) {

    /** Operating-system evidence with its confidence, see {@link dev.tarsier.api.spi.ResultSink}. */
    public record OsEvidence(OperatingSystem os, int confidence, String path, int layer) {
    }

    public static final PathResult EMPTY = new PathResult(List.of(), List.of(), List.of());

    public PathResult {
        packages = List.copyOf(packages);
        os = List.copyOf(os);
        ownerships = List.copyOf(ownerships);
    }

    public boolean isEmpty() {
        return packages.isEmpty() && os.isEmpty() && ownerships.isEmpty();
    }

    /**
     * This result as reported by a hard link: the copy found at {@code to} in {@code layer} of what
     * was found at {@code from} (paths inside the file keep their tail).
     */
    public PathResult relocated(String from, String to, int layer) {
        return new PathResult(
                packages.stream().map(p -> p.withLocation(relocate(p.location(), from, to, layer))).toList(),
                os.stream().map(e -> new OsEvidence(e.os(), e.confidence(), to, layer)).toList(),
                ownerships);
    }

    private static Location relocate(Location l, String from, String to, int layer) {
        return new Location(layer, l.path().startsWith(from) ? to + l.path().substring(from.length()) : l.path());
    }
}
