package dev.tarsier.testkit;

import dev.tarsier.api.Diagnostic;
import dev.tarsier.api.OperatingSystem;
import dev.tarsier.api.Package;
import dev.tarsier.api.spi.FileOwnership;
import dev.tarsier.api.spi.ResultSink;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/** A {@link ResultSink} that keeps everything it receives, for assertions. */
public final class RecordingSink implements ResultSink {

    /** Operating-system evidence with its confidence. */
    public record OsEvidence(OperatingSystem os, int confidence) {
    }

    private final String source;
    private final int layer;
    private final String path;
    private final List<Package> packages = new ArrayList<>();
    private final List<OsEvidence> os = new ArrayList<>();
    private final List<FileOwnership> ownerships = new ArrayList<>();
    private final List<Diagnostic> diagnostics = new ArrayList<>();

    /**
     * @param source analyzer id recorded in diagnostics
     * @param layer layer recorded in diagnostics
     * @param path input path recorded in diagnostics that name no path
     */
    public RecordingSink(String source, int layer, String path) {
        this.source = source;
        this.layer = layer;
        this.path = path;
    }

    @Override
    public void addPackage(Package pkg) {
        packages.add(pkg);
    }

    @Override
    public void operatingSystem(OperatingSystem value, int confidence) {
        os.add(new OsEvidence(value, confidence));
    }

    @Override
    public void fileOwnership(FileOwnership ownership) {
        ownerships.add(ownership);
    }

    @Override
    public void diagnostic(Diagnostic.Severity severity, String nestedPath, String message) {
        diagnostics.add(new Diagnostic(severity, source, OptionalInt.of(layer),
                Optional.of(nestedPath == null ? path : nestedPath), message));
    }

    public List<Package> packages() {
        return List.copyOf(packages);
    }

    public List<OsEvidence> operatingSystems() {
        return List.copyOf(os);
    }

    public List<FileOwnership> ownerships() {
        return List.copyOf(ownerships);
    }

    public List<Diagnostic> diagnostics() {
        return List.copyOf(diagnostics);
    }

    /** {@code name@version} of every package, in report order, for compact assertions. */
    public List<String> nameVersions() {
        return packages.stream().sorted(Package.REPORT_ORDER)
                .map(p -> p.name() + "@" + p.version()).collect(Collectors.toList());
    }
}
