package dev.tarsier.api;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything found in an image after all layers were folded: the operating system, the packages
 * that survive in the final file system (each at the layer that introduced it) and the
 * diagnostics raised on the way.
 *
 * @param image the image the inventory describes; never null
 * @param os the detected operating system, if any
 * @param packages surviving packages in {@link Package#REPORT_ORDER}; never null
 * @param diagnostics diagnostics in their natural order; never null
 * @param analyzers the analyzers the scan ran, sorted by id; never null, empty when unknown. Since 0.4.
 * @since 0.1
 */
public record Inventory(Image image, Optional<OperatingSystem> os, List<Package> packages,
                        List<Diagnostic> diagnostics, List<AnalyzerInfo> analyzers) {

    public Inventory {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(os, "os");
        packages = packages.stream().sorted(Package.REPORT_ORDER).toList();
        diagnostics = diagnostics.stream().sorted().toList();
        analyzers = analyzers.stream().sorted(Comparator.comparing(AnalyzerInfo::id)).toList();
    }

    /**
     * An inventory that does not say which analyzers ran: the constructor of releases before 0.4.
     *
     * @throws NullPointerException if any argument is null
     */
    public Inventory(Image image, Optional<OperatingSystem> os, List<Package> packages, List<Diagnostic> diagnostics) {
        this(image, os, packages, diagnostics, List.of());
    }

    /**
     * This inventory with other diagnostics (the same image, packages and analyzers).
     *
     * @param newDiagnostics the diagnostics; never null
     * @since 0.4
     */
    public Inventory withDiagnostics(List<Diagnostic> newDiagnostics) {
        return new Inventory(image, os, packages, newDiagnostics, analyzers);
    }

    /**
     * This inventory, saying which analyzers ran.
     *
     * @param ran the analyzers; never null
     * @since 0.4
     */
    public Inventory withAnalyzers(List<AnalyzerInfo> ran) {
        return new Inventory(image, os, packages, diagnostics, ran);
    }

    /**
     * The OS package that owns the given file, according to the package managers' own file lists
     * ({@link Package#files()}). Paths are compared as written; the scanner resolves symbolic links
     * before it records owned files.
     *
     * @param path a relative image path such as {@code usr/bin/node}
     * @return the owning package, if any OS package lists the file
     */
    public Optional<Package> ownerOf(String path) {
        Objects.requireNonNull(path, "path");
        for (Package p : packages) {
            if (p.kind() == PackageKind.OS && p.files().contains(path)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
