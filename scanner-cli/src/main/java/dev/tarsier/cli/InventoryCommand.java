package dev.tarsier.cli;

import dev.tarsier.api.Inventory;
import dev.tarsier.core.ImageAccessException;
import dev.tarsier.core.JsonReport;
import dev.tarsier.core.TableReport;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/** {@code tarsier inventory IMAGE}: what is in the image (no vulnerability database needed). */
@Command(name = "inventory", mixinStandardHelpOptions = true,
        description = "List the OS and application packages of an image.")
final class InventoryCommand implements Callable<Integer> {

    /** Output formats of the inventory. */
    enum Format { json, table }

    @Spec
    CommandSpec spec;

    @Mixin
    ImageOptions imageOptions;

    @Option(names = "--format", defaultValue = "table", description = "json or table (default: ${DEFAULT-VALUE})")
    Format format;

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
        PrintWriter out = spec.commandLine().getOut();
        if (format == Format.json) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            JsonReport.write(inventory, bytes);
            out.print(bytes.toString(StandardCharsets.UTF_8));
            out.flush();
        } else {
            TableReport.write(inventory, out);
        }
        return Main.OK;
    }
}
