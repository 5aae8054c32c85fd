package dev.tarsier.cli;

import dev.tarsier.api.Diagnostic;
import dev.tarsier.api.Inventory;
import dev.tarsier.core.ImageAccessException;
import dev.tarsier.core.ImageReference;
import dev.tarsier.core.ImageScanner;
import dev.tarsier.core.VulnerabilityDatabase;
import dev.tarsier.core.VulnerabilityDatabaseException;
import dev.tarsier.core.VulnerabilityMatchResult;
import dev.tarsier.core.VulnerabilityMatcher;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code tarsier scan IMAGE --db DB}: the inventory matched against a vulnerability database. */
@Command(name = "scan", mixinStandardHelpOptions = true,
        description = "Scan an image for vulnerable packages and apply the CI policy.")
final class ScanCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "IMAGE",
            description = "docker-archive:PATH[:TAG], oci:PATH[:TAG], oci-archive:PATH[:TAG], dir:PATH, or a bare PATH")
    String image;

    @Option(names = "--db", required = true, paramLabel = "DB", description = "compiled vulnerability database (tarsier db build)")
    Path db;

    @Option(names = "--format", defaultValue = "table", description = "json or table (default: ${DEFAULT-VALUE})")
    InventoryCommand.Format format;

    @Option(names = "--platform", description = "os/arch[/variant] to pick from multi-platform images (default linux/amd64)")
    String platform;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        ImageScanner.Builder builder = ImageScanner.builder();
        ImageReference reference;
        try {
            reference = ImageReference.parse(image);
            if (platform != null) {
                builder.platform(platform);
            }
        } catch (IllegalArgumentException e) {
            err.println("tarsier: " + e.getMessage());
            return Main.USAGE;
        }
        try (VulnerabilityDatabase database = VulnerabilityDatabase.open(db);
             ImageScanner scanner = builder.build()) {
            Inventory inventory = scanner.inventory(reference);
            VulnerabilityMatchResult matched = new VulnerabilityMatcher(database).match(inventory);
            List<Diagnostic> diagnostics = new ArrayList<>(inventory.diagnostics());
            diagnostics.addAll(matched.diagnostics());
            Inventory withMatchDiagnostics = new Inventory(inventory.image(), inventory.os(), inventory.packages(), diagnostics);
            return ScanOutput.write(spec, withMatchDiagnostics, matched.findings(), format);
        } catch (ImageAccessException e) {
            err.println("tarsier: cannot read image: " + e.getMessage());
            return Main.USAGE;
        } catch (VulnerabilityDatabaseException e) {
            err.println("tarsier: cannot use vulnerability database " + db + ": " + e.getMessage());
            return Main.USAGE;
        }
    }
}
