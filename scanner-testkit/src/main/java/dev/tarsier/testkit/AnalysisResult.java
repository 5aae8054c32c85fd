package dev.tarsier.testkit;

import dev.tarsier.api.Diagnostic;
import dev.tarsier.api.Inventory;
import dev.tarsier.api.Package;
import dev.tarsier.api.spi.FileOwnership;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What an analyzer or a whole scan produced, with assertions whose failure messages list what was
 * found: the packages (one line each with version, PURL, layer and path) or the diagnostics.
 *
 * <p>Made by {@link AnalyzerTester#run()} (one analyzer, packages at the layer where the analyzer
 * saw them), by {@link PipelineRunner#run} (the full pipeline, packages at their introducing
 * layer, with the {@link #inventory() inventory}), or from a {@link RecordingSink} or an
 * {@link Inventory} directly.
 *
 * <pre>{@code
 * AnalysisResult result = AnalyzerTester.of(new MyAnalyzer()).layer(layer).run();
 * result.assertPackages("requests@2.31.0", "six@1.16.0")
 *       .assertNoDiagnostics();
 * result.assertPackage("requests").hasPurl("pkg:pypi/requests@2.31.0").isAt(0, "...");
 * }</pre>
 *
 * <p>Assertions throw {@link AssertionError}, so they work with any test framework. Immutable.
 */
public final class AnalysisResult {

    private final List<Package> packages;
    private final List<Diagnostic> diagnostics;
    private final List<RecordingSink.OsEvidence> operatingSystems;
    private final List<FileOwnership> ownerships;
    private final List<String> offeredPaths;
    private final Inventory inventory;

    AnalysisResult(List<Package> packages, List<Diagnostic> diagnostics,
            List<RecordingSink.OsEvidence> operatingSystems, List<FileOwnership> ownerships,
            List<String> offeredPaths, Inventory inventory) {
        this.packages = packages.stream().sorted(Package.REPORT_ORDER).toList();
        this.diagnostics = diagnostics.stream().sorted().toList();
        this.operatingSystems = List.copyOf(operatingSystems);
        this.ownerships = List.copyOf(ownerships);
        this.offeredPaths = List.copyOf(offeredPaths);
        this.inventory = inventory;
    }

    /** The result of a full scan: the inventory's packages and diagnostics. */
    public static AnalysisResult of(Inventory inventory) {
        Objects.requireNonNull(inventory, "inventory");
        return new AnalysisResult(inventory.packages(), inventory.diagnostics(), List.of(), List.of(),
                List.of(), inventory);
    }

    /** What one analyzer sent to one sink. */
    public static AnalysisResult of(RecordingSink sink) {
        return of(sink, List.of());
    }

    static AnalysisResult of(RecordingSink sink, List<String> offeredPaths) {
        return new AnalysisResult(sink.packages(), sink.diagnostics(), sink.operatingSystems(),
                sink.ownerships(), offeredPaths, null);
    }

    /** Packages in {@link Package#REPORT_ORDER}; never null. */
    public List<Package> packages() {
        return packages;
    }

    /** Diagnostics in their natural order; never null. */
    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    /** Operating-system evidence (single-analyzer runs only); never null. */
    public List<RecordingSink.OsEvidence> operatingSystems() {
        return operatingSystems;
    }

    /** File ownership statements (single-analyzer runs only); never null. */
    public List<FileOwnership> ownerships() {
        return ownerships;
    }

    /**
     * The {@code layer:path} of every file offered to the analyzer, in offering order
     * (single-analyzer runs only); never null.
     */
    public List<String> offeredPaths() {
        return offeredPaths;
    }

    /**
     * The inventory of a full scan.
     *
     * @throws IllegalStateException if this result comes from a single analyzer
     */
    public Inventory inventory() {
        if (inventory == null) {
            throw new IllegalStateException("a single-analyzer run has no inventory; use PipelineRunner");
        }
        return inventory;
    }

    /** {@code name@version} of every package, in report order. */
    public List<String> nameVersions() {
        return packages.stream().map(AnalysisResult::nameVersion).toList();
    }

    /**
     * Asserts the packages are exactly these {@code name@version} pairs, in any order (a pair
     * listed twice expects two packages).
     *
     * @return this result, for chaining
     */
    public AnalysisResult assertPackages(String... expectedNameVersions) {
        List<String> expected = new ArrayList<>(List.of(expectedNameVersions));
        List<String> actual = new ArrayList<>(nameVersions());
        List<String> missing = new ArrayList<>(expected);
        for (String a : actual) {
            missing.remove(a);
        }
        List<String> unexpected = new ArrayList<>(actual);
        for (String e : expected) {
            unexpected.remove(e);
        }
        if (!missing.isEmpty() || !unexpected.isEmpty()) {
            StringBuilder m = new StringBuilder("packages differ from the expected ")
                    .append(expected.size()).append('\n');
            if (!missing.isEmpty()) {
                m.append("  missing:    ").append(String.join(", ", missing)).append('\n');
            }
            if (!unexpected.isEmpty()) {
                m.append("  unexpected: ").append(String.join(", ", unexpected)).append('\n');
            }
            throw new AssertionError(m.append(describePackages()).toString());
        }
        return this;
    }

    /**
     * Asserts there is exactly one package with this name and returns assertions on it.
     *
     * @throws AssertionError listing every package when there is none or more than one
     */
    public PackageAssert assertPackage(String name) {
        List<Package> matches = packages.stream().filter(p -> p.name().equals(name)).toList();
        return single(matches, "package '" + name + "'");
    }

    /**
     * Asserts there is exactly one package with this name and version and returns assertions on it.
     *
     * @throws AssertionError listing every package when there is none or more than one
     */
    public PackageAssert assertPackage(String name, String version) {
        List<Package> matches = packages.stream()
                .filter(p -> p.name().equals(name) && p.version().equals(version)).toList();
        return single(matches, "package '" + name + "@" + version + "'");
    }

    private PackageAssert single(List<Package> matches, String what) {
        if (matches.size() != 1) {
            throw new AssertionError("expected one " + what + ", found " + matches.size() + "\n"
                    + describePackages());
        }
        return new PackageAssert(matches.get(0));
    }

    /**
     * Asserts there are no diagnostics at all.
     *
     * @return this result, for chaining
     */
    public AnalysisResult assertNoDiagnostics() {
        if (!diagnostics.isEmpty()) {
            throw new AssertionError("expected no diagnostics\n" + describeDiagnostics());
        }
        return this;
    }

    /**
     * Asserts there is a diagnostic of this severity whose path ends with {@code pathSuffix} (any
     * path, or none, when null) and whose message contains {@code messagePart}.
     *
     * @return the matching diagnostic (the first one in natural order)
     * @throws AssertionError listing every diagnostic when none matches
     */
    public Diagnostic assertDiagnostic(Diagnostic.Severity severity, String pathSuffix, String messagePart) {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(messagePart, "messagePart");
        Optional<Diagnostic> match = diagnostics.stream()
                .filter(d -> d.severity() == severity)
                .filter(d -> pathSuffix == null || d.path().map(p -> p.endsWith(pathSuffix)).orElse(false))
                .filter(d -> d.message().contains(messagePart))
                .findFirst();
        return match.orElseThrow(() -> new AssertionError("expected a " + severity + " diagnostic"
                + (pathSuffix == null ? "" : " on a path ending '" + pathSuffix + "'")
                + " containing '" + messagePart + "'\n" + describeDiagnostics()));
    }

    /**
     * Asserts the ids of the sources of all diagnostics (analyzer ids, {@code tarsier}) are within
     * the given set: useful to ignore diagnostics of analyzers a test does not target.
     *
     * @return this result, for chaining
     */
    public AnalysisResult assertDiagnosticSourcesWithin(String... sources) {
        TreeSet<String> allowed = new TreeSet<>(List.of(sources));
        List<Diagnostic> others = diagnostics.stream().filter(d -> !allowed.contains(d.source())).toList();
        if (!others.isEmpty()) {
            throw new AssertionError("diagnostics from sources other than " + allowed + "\n"
                    + describe(others));
        }
        return this;
    }

    /** Only the diagnostics of one source, as a result of their own (packages kept). */
    public AnalysisResult withDiagnosticsFrom(String source) {
        return new AnalysisResult(packages, diagnostics.stream().filter(d -> d.source().equals(source)).toList(),
                operatingSystems, ownerships, offeredPaths, inventory);
    }

    /** Only the packages of one type ({@code pypi}, {@code deb} ...), as a result of their own. */
    public AnalysisResult withPackagesOfType(String type) {
        return new AnalysisResult(packages.stream().filter(p -> p.type().equals(type)).toList(), diagnostics,
                operatingSystems, ownerships, offeredPaths, inventory);
    }

    /** Every package, one line each: {@code name@version  purl  layer N  path}. */
    public String describePackages() {
        if (packages.isEmpty()) {
            return "  found no packages";
        }
        return "  found " + packages.size() + " package(s):\n" + packages.stream()
                .map(p -> "    " + describe(p)).collect(Collectors.joining("\n"));
    }

    /** Every diagnostic, one line each: {@code SEVERITY source layer N path: message}. */
    public String describeDiagnostics() {
        return describe(diagnostics);
    }

    private static String describe(List<Diagnostic> list) {
        if (list.isEmpty()) {
            return "  found no diagnostics";
        }
        return "  found " + list.size() + " diagnostic(s):\n" + list.stream()
                .map(d -> "    " + d.severity() + " " + d.source()
                        + (d.layer().isPresent() ? " layer " + d.layer().getAsInt() : "")
                        + d.path().map(p -> " " + p).orElse("") + ": " + d.message())
                .collect(Collectors.joining("\n"));
    }

    static String describe(Package p) {
        return nameVersion(p) + "  " + p.purl().canonicalize() + "  layer " + p.location().layer()
                + "  " + p.location().path();
    }

    private static String nameVersion(Package p) {
        return p.name() + "@" + p.version();
    }

    @Override
    public String toString() {
        return describePackages() + "\n" + describeDiagnostics();
    }
}
