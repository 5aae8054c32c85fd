package dev.tarsier.report;

import dev.tarsier.api.Diagnostic;
import dev.tarsier.api.Inventory;
import dev.tarsier.api.Layer;
import dev.tarsier.api.Package;
import dev.tarsier.report.internal.report.FindingsTable;

import java.io.PrintWriter;
import java.util.List;

/**
 * A human-readable inventory: the image, its layers with their commands, then packages grouped by
 * the layer that introduced them, then warnings. Lines are kept within 100 columns where the data
 * allows; long commands are shortened.
 *
 * @since 0.1
 */
public final class TableReport {

    private static final int COMMAND_WIDTH = 72;

    private TableReport() {
    }

    /** Writes the inventory as text. */
    public static void write(Inventory inventory, PrintWriter out) {
        out.println("Image:    " + inventory.image().source());
        out.println("Digest:   " + inventory.image().digest());
        out.println("OS:       " + inventory.os()
                .map(os -> os.name().orElse(os.family() + " " + os.version()))
                .orElse("(not detected)"));
        out.println("Packages: " + inventory.packages().size());
        out.println();
        for (Layer layer : inventory.image().layers()) {
            List<Package> packages = inventory.packages().stream()
                    .filter(p -> p.location().layer() == layer.index()).toList();
            out.printf("Layer %d  %s%n", layer.index(), shorten(layer.createdBy().orElse("(no history)")));
            if (packages.isEmpty()) {
                out.println("  (no packages introduced)");
                continue;
            }
            int nameWidth = Math.min(40, packages.stream().mapToInt(p -> p.name().length()).max().orElse(4));
            int versionWidth = Math.min(30, packages.stream().mapToInt(p -> p.version().length()).max().orElse(7));
            for (Package p : packages) {
                out.printf("  %-" + nameWidth + "s  %-" + versionWidth + "s  %-6s  %s%n",
                        p.name(), p.version(), p.type(), p.location().path());
            }
        }
        if (!inventory.diagnostics().isEmpty()) {
            out.println();
            out.println("Warnings:");
            for (Diagnostic d : inventory.diagnostics()) {
                out.printf("  %-7s %s%s%s: %s%n", d.severity(), d.layer().isPresent() ? "layer " + d.layer().getAsInt() + " " : "",
                        d.path().map(p -> p + " ").orElse(""), "[" + d.source() + "]", d.message());
            }
        }
        out.flush();
    }

    /**
     * Writes a report as text. An inventory-only report is the inventory listing above; a scan
     * report lists findings grouped by the layer that introduced the package (with its command,
     * base-image layers marked), then by package with the upgrade that fixes it, then suppressed
     * findings, expired ignore rules and the policy verdict. Every line of a scan report fits 80
     * columns.
     *
     * @param colour whether to use ANSI colours; pass true only when asked or writing to a terminal
     */
    public static void write(Report report, PrintWriter out, boolean colour) {
        if (report.matched()) {
            FindingsTable.write(report, out, colour);
        } else {
            write(report.inventory(), out);
        }
    }

    private static String shorten(String command) {
        String oneLine = command.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= COMMAND_WIDTH ? oneLine : oneLine.substring(0, COMMAND_WIDTH - 3) + "...";
    }
}
