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
 * ignore rules and the verdict. A finding in CISA's KEV catalog is marked {@value #KEV} after its
 * score, and a severity that did not come from the advisory names its source in parentheses
 * ({@code (nvd)}); the header says so when any are shown. Every line fits {@link #WIDTH} columns:
 * longer values are cut with {@code ...}. ANSI colour (severity words and the verdict) only when
 * asked.
 */
public final class FindingsTable {

    /** Terminal width every line fits in. */
    public static final int WIDTH = 80;

    private static final String RESET = "\u001b[0m";

    /** Marker of a finding in CISA's Known Exploited Vulnerabilities catalog. */
    static final String KEV = "KEV";

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
        long exploited = active.stream().filter(Finding::knownExploited).count();
        if (exploited > 0) {
            line(label("KEV") + exploited + " in CISA's Known Exploited Vulnerabilities catalog, marked " + KEV);
        }
        List<String> borrowed = active.stream().flatMap(f -> Ratings.borrowedSource(f).stream()).distinct().sorted()
                .map(source -> "(" + source + ")").toList();
        if (!borrowed.isEmpty()) {
            line(label("Ratings") + String.join(", ", borrowed) + " after a score: rated by that source, not by the advisory");
        }
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
                line("  " + s.finding().id() + (s.finding().knownExploited() ? " " + KEV : "") + "  "
                        + s.finding().pkg().name() + "  " + what);
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
            String score = (f.cvssScore().isPresent() ? String.format(Locale.ROOT, "%4.1f", f.cvssScore().getAsDouble()) : "   -")
                    + Ratings.borrowedSource(f).map(source -> " (" + source + ")").orElse("")
                    + (f.knownExploited() ? " " + KEV : "");
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
        List<String> gate = new ArrayList<>(List.of("OS >= " + p.failOnOs().map(Severity::name).orElse("never"),
                "app >= " + p.failOnApp().map(Severity::name).orElse("never"),
                "UNKNOWN counts as " + p.unknownCountsAs().map(Severity::name).orElse("nothing")));
        if (p.ignoreUnfixed()) {
            gate.add("unfixed ignored");
        }
        if (p.failOnKnownExploited()) {
            gate.add(KEV + " fails");
        }
        packed("Policy", gate, ",").forEach(this::line);
        String word = result.passed() ? "PASS" : "FAIL";
        List<String> reasons = new ArrayList<>(result.failureReasons());
        if (!reasons.isEmpty()) {
            reasons.set(0, word + ": " + reasons.get(0));
            reasons.set(reasons.size() - 1, reasons.get(reasons.size() - 1) + ", marked !");
        }
        List<String> lines = packed("Verdict", reasons.isEmpty() ? List.of(word) : reasons, " and");
        String first = lines.get(0);
        if (colour) {
            first = first.replaceFirst(word, (result.passed() ? "\u001b[32m" : "\u001b[1;31m") + word + RESET);
        }
        out.println(first);
        lines.subList(1, lines.size()).forEach(out::println);
    }

    /**
     * A labelled value made of parts, each but the last followed by {@code separator}, on as many
     * lines as {@link #WIDTH} needs: a line breaks between parts, never inside one (a part too long
     * for a line is cut), and continuation lines are indented under the value.
     */
    private static List<String> packed(String name, List<String> parts, String separator) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder(label(name));
        for (int i = 0; i < parts.size(); i++) {
            String piece = parts.get(i) + (i < parts.size() - 1 ? separator : "");
            if (i > 0 && line.length() + 1 + piece.length() > WIDTH) {
                lines.add(cut(line.toString(), WIDTH));
                line = new StringBuilder(label(""));
            } else if (i > 0) {
                line.append(' ');
            }
            line.append(piece);
        }
        lines.add(cut(line.toString(), WIDTH));
        return lines;
    }

    /** A header label padded to 9 columns, so that a 71-character sha256 digest fits in 80. */
    private static String label(String name) {
        return String.format(Locale.ROOT, "%-9s", name);
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
