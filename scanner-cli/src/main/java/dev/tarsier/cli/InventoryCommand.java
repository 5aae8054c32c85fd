package dev.tarsier.cli;

import dev.tarsier.api.Inventory;
import dev.tarsier.core.ImageAccessException;
import dev.tarsier.core.ImageReference;
import dev.tarsier.core.ImageScanner;
import dev.tarsier.core.JsonReport;
import dev.tarsier.core.TableReport;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code tarsier inventory IMAGE}: what is in the image (no vulnerability database needed). */
@Command(name = "inventory", mixinStandardHelpOptions = true,
        description = "List the OS and application packages of an image.")
final class InventoryCommand implements Callable<Integer> {

    /** Output formats of the inventory. */
    enum Format { json, table }

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "IMAGE",
            description = "docker-archive:PATH[:TAG], oci:PATH[:TAG], oci-archive:PATH[:TAG], dir:PATH, "
                    + "registry:HOST[:PORT]/REPO[:TAG|@DIGEST] (or registry:NAME[:TAG] on Docker Hub), or a bare PATH")
    String image;

    @Option(names = "--format", defaultValue = "table", description = "json or table (default: ${DEFAULT-VALUE})")
    Format format;

    @Option(names = "--platform", description = "os/arch[/variant] to pick from multi-platform images (default linux/amd64)")
    String platform;

    @Option(names = "--insecure-registry", paramLabel = "HOST[:PORT]",
            description = "Registry reachable over plain HTTP or unverified TLS (repeatable); others need verified TLS")
    List<String> insecureRegistries = new ArrayList<>();

    @Option(names = "--registry-ca", paramLabel = "FILE",
            description = "PEM file of extra CA certificates trusted for registries")
    Path registryCa;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        ImageReference reference;
        ImageScanner.Builder builder = ImageScanner.builder();
        try {
            reference = ImageReference.parse(image);
            if (platform != null) {
                builder.platform(platform);
            }
            if (!insecureRegistries.isEmpty()) {
                builder.insecureRegistries(insecureRegistries);
            }
            if (registryCa != null) {
                builder.registryCaFile(registryCa);
            }
        } catch (IllegalArgumentException e) {
            err.println("tarsier: " + e.getMessage());
            return Main.USAGE;
        }
        Inventory inventory;
        try (ImageScanner scanner = builder.build()) {
            inventory = scanner.inventory(reference);
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
