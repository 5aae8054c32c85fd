package dev.tarsier.cli;

import dev.tarsier.api.Diagnostic;
import dev.tarsier.api.Inventory;
import dev.tarsier.vulndb.VulnerabilityDatabase;
import dev.tarsier.vulndb.VulnerabilityDatabaseException;
import dev.tarsier.vulndb.VulnerabilityMatchResult;
import dev.tarsier.vulndb.VulnerabilityMatcher;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code tarsier scan IMAGE --db DB}: the inventory matched against a vulnerability database. */
@Command(name = "scan", mixinStandardHelpOptions = true,
        description = "Scan an image for vulnerable packages and apply the CI policy.",
        footer = {"", "Examples:", "  tarsier scan app.tar --db vulns.db --fail-on-os HIGH --fail-on-app MEDIUM", "  tarsier scan oci-archive:app.oci.tar --db vulns.db --format sarif --output json=report.json", "  tarsier scan app.tar --db vulns.db --ignore-file .tarsier-ignore.json --vex app.openvex.json --ignore-unfixed", "", "Exit codes: 0 policy passed, 1 policy failed, 2 bad usage or unreadable input, 3 internal error."})
final class ScanCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ImageOptions imageOptions;

    @Option(names = "--db", required = true, paramLabel = "DB", description = "compiled vulnerability database (tarsier db build)")
    Path db;

    @Mixin
    ReportOptions reportOptions;

    @Mixin
    PolicyOptions policyOptions;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        try (VulnerabilityDatabase database = VulnerabilityDatabase.open(db)) {
            Inventory inventory = imageOptions.inventory(TerminalProgress.forTerminal(err, reportOptions.quiet()));
            VulnerabilityMatchResult matched = new VulnerabilityMatcher(database).match(inventory);
            List<Diagnostic> diagnostics = new ArrayList<>(inventory.diagnostics());
            diagnostics.addAll(matched.diagnostics());
            Inventory withMatchDiagnostics = new Inventory(inventory.image(), inventory.os(), inventory.packages(), diagnostics);
            return reportOptions.emit(withMatchDiagnostics, matched.findings(), policyOptions, spec.commandLine().getOut(), err);
        } catch (VulnerabilityDatabaseException e) {
            err.println("tarsier: cannot use vulnerability database " + db + ": " + e.getMessage());
            return Main.USAGE;
        }
    }
}
