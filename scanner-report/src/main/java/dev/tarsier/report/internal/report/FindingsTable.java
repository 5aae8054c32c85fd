package dev.tarsier.report.internal.report;

import dev.tarsier.api.Finding;
import dev.tarsier.api.Inventory;
import dev.tarsier.api.PackageKind;
import dev.tarsier.api.Severity;
import dev.tarsier.report.IgnoreFile;
import dev.tarsier.report.Policy;
import dev.tarsier.report.PolicyResult;
import dev.tarsier.report.PolicySuppression;
import dev.tarsier.report.Remediation;
import dev.tarsier.report.Report;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The human-readable scan report: findings grouped by the layer that introduced the package (with
 * the layer's command and whether it comes from the base image), then by package (most severe
 * first, with the upgrade that fixes it), then by severity; then suppressed findings, expired
 * ignore rules and the verdict. Every line fits {@link #WIDTH} columns: longer values are cut
 * with {@code ...}. ANSI colour (severity words and the verdict) only when asked.
 */
public final class FindingsTable {

    /** Terminal width every line fits in. */
    public static final int WIDTH = 80;

    private static final String RESET = "\u001b[0m";

    private final PrintWriter out;
    private final boolean colour;
    private final Set<Finding> violations;

    private FindingsTable(PrintWriter out, boolean colour, Set<Finding> violations) {
        this.out = out;
        this.colour = colour;
        this.violations = violations;
    }

    /**
     * Writes the scan report of {@code report} (which must be {@linkplain Report#matched() matched}).
     * Findings that fail the policy are marked with {@code !} before their severity.
     */
    public static void write(Report report, PrintWriter out, boolean colour) {
        Set<Finding> violations = new HashSet<>(report.policy().map(PolicyResult::violations).orElse(List.of()));
        new FindingsTable(out, colour, violations).write(report);
        out.flush();
    }

    private void write(Report report) {
        Inventory inv = report.inventory();
        line(label("Image") + inv.image().source());
        line(label("Digest") + inv.image().digest());
        line(label("OS") + inv.os().map(os -> os.name().orElse(os.family() + " " + os.version())).orElse("(not detected)"));
        line(label("Packages") + inv.packages().size());
        List<Finding> active = report.active();
        line(label("Findings") + active.size() + counts(active) + ", " + report.suppressed().size() + " suppressed");
        Remediation remediation = report.remediation();
        for (Remediation.LayerAdvice layer : remediation.layers()) {
            out.println();
            line("Layer " + layer.layer().index() + (layer.baseImage() ? " (base image)" : "") + ": "
                    + layer.findingCount() + " finding" + (layer.findingCount() == 1 ? "" : "s"));
            line("  " + oneLine(layer.layer().createdBy().orElse("(no history)")));
            for (Remediation.PackageAdvice pkg : layer.packages()) {
                packageBlock(pkg);
            }
            line("  => " + (layer.baseImage()
                    ? layer.findingCount() + " of these come from the base image: rebuild on a newer base image"
                    : "fix in your Dockerfile at this instruction"));
        }
        if (active.isEmpty()) {
            out.println();
            line("No vulnerabilities found" + (report.suppressed().isEmpty() ? "." : " that are not suppressed."));
        }
        if (!report.suppressed().isEmpty()) {
            out.println();
            line("Suppressed (" + report.suppressed().size() + "):");
            for (PolicySuppression s : report.suppressed()) {
                String what = switch (s.kind()) {
                    case VEX -> "VEX " + s.vexStatus().orElse("") + s.justification().map(j -> " (" + j + ")").orElse("");
                    case IGNORE_FILE -> "ignored" + s.expires().map(d -> " until " + d).orElse("");
                    case UNFIXED -> "unfixed";
                };
                line("  " + s.finding().id() + "  " + s.finding().pkg().name() + "  " + what);
                line("      " + oneLine(s.reason()));
            }
        }
        if (report.policy().isPresent()) {
            verdict(report.policy().get());
        }
        if (!inv.diagnostics().isEmpty()) {
            out.println();
            line(label("Warnings") + inv.diagnostics().size() + " (see the JSON report for details)");
        }
    }

    private void packageBlock(Remediation.PackageAdvice pkg) {
        String type = pkg.pkg().type() + (pkg.pkg().kind() == PackageKind.OS ? "" : ", " + pkg.pkg().location().path());
        line("  " + pkg.pkg().name() + " " + pkg.pkg().version() + " (" + type + ")");
        for (Finding f : pkg.findings()) {
            String score = f.cvssScore().isPresent() ? String.format(Locale.ROOT, "%4.1f", f.cvssScore().getAsDouble()) : "   -";
            String fix = f.fixable() ? "fixed in " + String.join(", ", f.fixedVersions()) : "no fix yet";
            String rest = String.format(Locale.ROOT, "  %-19s %s  %s", f.id(), score, fix);
            String sev = String.format(Locale.ROOT, "%-8s", f.severity().name());
            out.println("  " + (violations.contains(f) ? "! " : "  ") + paint(sev, f.severity())
                    + cut(rest, WIDTH - 4 - sev.length()));
        }
        String advice;
        if (pkg.upgradeTo().isPresent()) {
            advice = "upgrade to " + pkg.upgradeTo().get() + " (fixes " + pkg.removedCount() + " of "
                    + pkg.findings().size() + ")";
        } else if (!pkg.fixedVersions().isEmpty()) {
            advice = "fixed versions: " + String.join(", ", pkg.fixedVersions());
        } else {
            advice = "no fixed version published";
        }
        line("    -> " + advice);
    }

    private void verdict(PolicyResult result) {
        Policy p = result.policy();
        out.println();
        if (!result.expiredRules().isEmpty()) {
            line("Expired ignore rules (no longer suppressing; renew or remove them):");
            for (IgnoreFile.Rule r : result.expiredRules()) {
                line("  " + r.id() + r.purl().map(x -> " " + x).orElse("") + "  expired "
                        + r.expires().map(Object::toString).orElse("") + "  (" + r.file() + ")");
            }
            out.println();
        }
        String gate = "OS >= " + p.failOnOs().map(Severity::name).orElse("never") + ", app >= "
                + p.failOnApp().map(Severity::name).orElse("never")
                + ", UNKNOWN counts as " + p.unknownCountsAs().map(Severity::name).orElse("nothing");
        line(label("Policy") + gate + (p.ignoreUnfixed() ? ", unfixed ignored" : ""));
        String word = result.passed() ? "PASS" : "FAIL";
        String detail = result.passed() ? "" : ": " + result.violations().size() + " finding"
                + (result.violations().size() == 1 ? "" : "s") + " at or above the threshold"
                + " (os " + count(result.violations(), PackageKind.OS) + ", app "
                + count(result.violations(), PackageKind.APPLICATION) + ", marked !)";
        String text = cut(label("Verdict") + word + detail, WIDTH);
        if (colour) {
            text = text.replaceFirst(word, (result.passed() ? "\u001b[32m" : "\u001b[1;31m") + word + RESET);
        }
        out.println(text);
    }

    /** A header label padded to 9 columns, so that a 71-character sha256 digest fits in 80. */
    private static String label(String name) {
        return String.format(Locale.ROOT, "%-9s", name);
    }

    private static long count(List<Finding> findings, PackageKind kind) {
        return findings.stream().filter(f -> f.kind() == kind).count();
    }

    private static String counts(List<Finding> findings) {
        if (findings.isEmpty()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        for (Map.Entry<Severity, Long> e : JsonSections.countBySeverity(findings).entrySet()) {
            if (e.getValue() > 0) {
                parts.add(e.getValue() + " " + e.getKey().name());
            }
        }
        return " (" + String.join(", ", parts) + ")";
    }

    private String paint(String text, Severity severity) {
        if (!colour) {
            return text;
        }
        Optional<String> code = switch (severity) {
            case CRITICAL -> Optional.of("\u001b[1;31m");
            case HIGH -> Optional.of("\u001b[31m");
            case MEDIUM -> Optional.of("\u001b[33m");
            case LOW -> Optional.of("\u001b[36m");
            case UNKNOWN -> Optional.empty();
        };
        return code.map(c -> c + text + RESET).orElse(text);
    }

    private void line(String text) {
        out.println(cut(text, WIDTH));
    }

    /** Cuts text to {@code width} columns, ending with {@code ...} when something was cut. */
    static String cut(String text, int width) {
        return text.length() <= width ? text : text.substring(0, width - 3) + "...";
    }

    /** A layer command on one line: history commands often hold newlines and runs of spaces. */
    private static String oneLine(String command) {
        return command.replaceAll("\\s+", " ").strip();
    }
}
