package dev.tarsier.core.internal.walk;

import dev.tarsier.api.OperatingSystem;
import dev.tarsier.api.Package;
import dev.tarsier.api.spi.FileOwnership;

import java.util.List;
import java.util.function.UnaryOperator;

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

    /** This result with every package passed through {@code f}. */
    public PathResult mapPackages(UnaryOperator<Package> f) {
        return new PathResult(packages.stream().map(f).toList(), os, ownerships);
    }
}
