package dev.tarsier.cli;

import dev.tarsier.api.Finding;
import dev.tarsier.api.Inventory;
import dev.tarsier.report.Policy;
import dev.tarsier.report.PolicyInputException;
import dev.tarsier.report.PolicyResult;
import dev.tarsier.report.Report;
import dev.tarsier.report.SbomReader;
import dev.tarsier.report.ReportFormat;
import dev.tarsier.report.ReportWriter;

import picocli.CommandLine.Option;

import java.io.ByteArrayOutputStream;
import java.io.Console;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Report options, as a picocli {@code @Mixin}: the format on standard output, any number of
 * {@code --output FORMAT=PATH} files, colour and {@code --quiet}.
 *
 * <p>{@link #emit} is the whole tail of {@code tarsier scan}: evaluate the policy, write every
 * requested report, return the exit code. {@link #emitInventory} is the same for
 * {@code tarsier inventory} (no findings, no policy: an SBOM).
 */
public final class ReportOptions {

    /** Formats {@code inventory} can write: SARIF is about findings only. */
    static final Set<ReportFormat> INVENTORY_FORMATS =
            EnumSet.of(ReportFormat.JSON, ReportFormat.TABLE, ReportFormat.CYCLONEDX, ReportFormat.SPDX);

    /** Colour choice of the table on standard output. */
    enum Colour { auto, always, never }

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "Report on standard output: json, table, cyclonedx, spdx or sarif (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT=PATH",
            description = "Also write a report in FORMAT to PATH; repeatable, e.g. --output sarif=tarsier.sarif "
                    + "--output cyclonedx=sbom.cdx.json.")
    List<String> outputs = new ArrayList<>();

    @Option(names = "--color", paramLabel = "WHEN", defaultValue = "auto",
            description = "Colour the table: auto (only on a terminal, unless NO_COLOR is set), always or never.")
    Colour colour;

    @Option(names = {"-q", "--quiet"},
            description = "Print nothing on standard output and no progress; files from --output are still "
                    + "written and the exit code still tells the verdict.")
    boolean quiet;

    @Option(names = "--base-layers", paramLabel = "N",
            description = "The first N layers come from the base image (default: up to the layer holding the "
                    + "first copy of the OS package database).")
    Integer baseLayers;

    /** Whether progress and other chatter must stay off (the lead's scan command reads it). */
    public boolean quiet() {
        return quiet;
    }

    /**
     * Evaluates the policy on the findings, writes the standard-output report and every
     * {@code --output} file, and returns the exit code.
     *
     * @param out standard output
     * @param err standard error, for one-line errors and (when standard output carries a machine
     *     format) the verdict
     * @return {@link Main#OK} when the policy passed, {@link Main#POLICY_FAILED} when it failed,
     *     {@link Main#USAGE} for a bad option, an unreadable ignore file or VEX document, or an
     *     output file that cannot be written
     */
    public int emit(Inventory inventory, List<Finding> findings, PolicyOptions policyOptions,
                    PrintWriter out, PrintWriter err) {
        Map<ReportFormat, List<Path>> files;
        ReportFormat stdout;
        Policy policy;
        try {
            stdout = ReportFormat.parse(format);
            files = parseOutputs(EnumSet.allOf(ReportFormat.class));
            policy = policyOptions.toPolicy();
        } catch (IllegalArgumentException | PolicyInputException e) {
            err.println("tarsier: " + e.getMessage());
            err.flush();
            return Main.USAGE;
        }
        PolicyResult result = policy.evaluate(inventory, findings);
        Report report = Report.scan(inventory, findings, result);
        if (baseLayers != null) {
            report = report.withBaseLayers(baseLayers);
        } else if (SbomReader.layerless(inventory)) {
            // the SBOM's one pseudo-layer is not a base image: no "rebuild on a newer base" advice
            report = report.withBaseLayers(0);
        }
        int written = writeAll(report, stdout, files, out, err);
        if (written != Main.OK) {
            return written;
        }
        if (!quiet && stdout != ReportFormat.TABLE) {
            err.println("tarsier: policy " + (result.passed() ? "passed" : "FAILED: " + String.join("; ", result.failureReasons()))
                    + " (" + PolicyOptions.describe(policy) + ")");
            err.flush();
        }
        return result.passed() ? Main.OK : Main.POLICY_FAILED;
    }

    /**
     * Writes an inventory-only report (an SBOM) in the requested formats: json, table, cyclonedx
     * or spdx.
     *
     * @return {@link Main#OK}, or {@link Main#USAGE} for a bad format or an unwritable file
     */
    public int emitInventory(Inventory inventory, PrintWriter out, PrintWriter err) {
        ReportFormat stdout;
        Map<ReportFormat, List<Path>> files;
        try {
            stdout = ReportFormat.parse(format);
            if (!INVENTORY_FORMATS.contains(stdout)) {
                throw new IllegalArgumentException("format '" + stdout.id()
                        + "' needs findings: use 'tarsier scan' (inventory writes json, table, cyclonedx or spdx)");
            }
            files = parseOutputs(INVENTORY_FORMATS);
        } catch (IllegalArgumentException e) {
            err.println("tarsier: " + e.getMessage());
            err.flush();
            return Main.USAGE;
        }
        Report report = Report.inventory(inventory);
        if (baseLayers != null) {
            report = report.withBaseLayers(baseLayers);
        } else if (SbomReader.layerless(inventory)) {
            // the SBOM's one pseudo-layer is not a base image: no "rebuild on a newer base" advice
            report = report.withBaseLayers(0);
        }
        return writeAll(report, stdout, files, out, err);
    }

    private Map<ReportFormat, List<Path>> parseOutputs(Set<ReportFormat> allowed) {
        Map<ReportFormat, List<Path>> files = new LinkedHashMap<>();
        for (String spec : outputs) {
            int eq = spec.indexOf('=');
            if (eq <= 0 || eq == spec.length() - 1) {
                throw new IllegalArgumentException("--output expects FORMAT=PATH, e.g. sarif=tarsier.sarif, not '" + spec + "'");
            }
            ReportFormat f = ReportFormat.parse(spec.substring(0, eq));
            if (!allowed.contains(f)) {
                throw new IllegalArgumentException("format '" + f.id() + "' needs findings: use 'tarsier scan'");
            }
            files.computeIfAbsent(f, k -> new ArrayList<>()).add(Path.of(spec.substring(eq + 1)));
        }
        if (baseLayers != null && baseLayers < 0) {
            throw new IllegalArgumentException("--base-layers must be 0 or more");
        }
        return files;
    }

    private int writeAll(Report report, ReportFormat stdout, Map<ReportFormat, List<Path>> files,
                         PrintWriter out, PrintWriter err) {
        for (Map.Entry<ReportFormat, List<Path>> e : files.entrySet()) {
            for (Path path : e.getValue()) {
                try (OutputStream file = Files.newOutputStream(path)) {
                    ReportWriter.write(report, e.getKey(), file, false);
                } catch (IOException ex) {
                    err.println("tarsier: cannot write " + e.getKey().id() + " report to " + path + ": " + ex.getMessage());
                    err.flush();
                    return Main.USAGE;
                }
            }
        }
        if (!quiet) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try {
                ReportWriter.write(report, stdout, bytes, useColour());
            } catch (IOException ex) {
                throw new IllegalStateException("writing to memory cannot fail", ex);
            }
            out.print(bytes.toString(StandardCharsets.UTF_8));
            out.flush();
        }
        return Main.OK;
    }

    /** Colour on {@code always}; on {@code auto} only when attached to a terminal and NO_COLOR is unset (no-color.org). */
    boolean useColour() {
        return switch (colour) {
            case always -> true;
            case never -> false;
            case auto -> isTerminal() && System.getenv("NO_COLOR") == null && !"dumb".equals(System.getenv("TERM"));
        };
    }

    /**
     * Whether standard output is a terminal. On Java 17 to 21 {@link System#console()} is null when
     * a stream is redirected; from Java 22 on it may return a console anyway, and
     * {@code Console.isTerminal()} (looked up reflectively, since the code targets 17) tells.
     */
    private static boolean isTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
