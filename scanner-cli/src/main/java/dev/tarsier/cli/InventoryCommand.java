package dev.tarsier.cli;

import dev.tarsier.api.Inventory;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code tarsier inventory IMAGE}: what is in the image (no vulnerability database needed). */
@Command(name = "inventory", mixinStandardHelpOptions = true,
        description = "List the OS and application packages of an image.",
        footer = {"", "Examples:", "  tarsier inventory app.tar", "  tarsier inventory oci:build/layout:1.0 --format json", "  tarsier inventory registry:127.0.0.1:5000/app:1.0 --format cyclonedx --output spdx=sbom.spdx.json"})
final class InventoryCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ImageOptions imageOptions;

    @Mixin
    ReportOptions reportOptions;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Inventory inventory = imageOptions.inventory(TerminalProgress.forTerminal(err, reportOptions.quiet()));
        return reportOptions.emitInventory(inventory, spec.commandLine().getOut(), err);
    }
}
