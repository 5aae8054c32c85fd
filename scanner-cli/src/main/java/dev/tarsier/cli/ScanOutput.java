package dev.tarsier.cli;

import dev.tarsier.api.Finding;
import dev.tarsier.api.Inventory;
import dev.tarsier.core.JsonReport;

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

    static int write(CommandSpec spec, Inventory inventory, List<Finding> findings) throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        JsonReport.write(inventory, findings, bytes);
        out.print(bytes.toString(StandardCharsets.UTF_8));
        out.flush();
        return Main.OK;
    }
}
