package dev.tarsier.cli;

import dev.tarsier.api.Inventory;
import dev.tarsier.core.ImageAccessException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code tarsier inventory IMAGE}: what is in the image (no vulnerability database needed). */
@Command(name = "inventory", mixinStandardHelpOptions = true,
        description = "List the OS and application packages of an image.")
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
        Inventory inventory;
        try {
            inventory = imageOptions.inventory();
        } catch (ImageOptions.UsageException e) {
            err.println("tarsier: " + e.getMessage());
            return Main.USAGE;
        } catch (ImageAccessException e) {
            err.println("tarsier: cannot read image: " + e.getMessage());
            return Main.USAGE;
        }
        return reportOptions.emitInventory(inventory, spec.commandLine().getOut(), err);
    }
}
