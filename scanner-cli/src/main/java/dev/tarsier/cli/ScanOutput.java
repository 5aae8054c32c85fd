package dev.tarsier.cli;

import dev.tarsier.api.Finding;
import dev.tarsier.api.Inventory;
import dev.tarsier.core.JsonReport;
import dev.tarsier.core.TableReport;

import picocli.CommandLine.Model.CommandSpec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Writes the scan result; replaced by the report and policy options of the reports module. */
final class ScanOutput {

    private ScanOutput() {
    }

    static int write(CommandSpec spec, Inventory inventory, List<Finding> findings, InventoryCommand.Format format)
            throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (format == InventoryCommand.Format.table) {
            TableReport.write(inventory, out);
            out.println();
            out.println("Findings: " + findings.size());
            for (Finding f : findings.stream().sorted(JsonReport.FINDING_ORDER).toList()) {
                out.printf("  %-8s %-16s %s %s (layer %d) fixed: %s%n", f.severity(), f.id(), f.pkg().name(),
                        f.pkg().version(), f.layer(), f.fixable() ? String.join(", ", f.fixedVersions()) : "none");
            }
            out.flush();
            return Main.OK;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        JsonReport.write(inventory, findings, bytes);
        out.print(bytes.toString(StandardCharsets.UTF_8));
        out.flush();
        return Main.OK;
    }
}
