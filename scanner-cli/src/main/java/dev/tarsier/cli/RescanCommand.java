package dev.tarsier.cli;

import dev.tarsier.api.Severity;
import dev.tarsier.report.IgnoreFile;
import dev.tarsier.report.Policy;
import dev.tarsier.report.PolicyInputException;
import dev.tarsier.report.Rescan;
import dev.tarsier.report.VexDocument;
import dev.tarsier.vulndb.VulnerabilityDatabase;
import dev.tarsier.vulndb.VulnerabilityDatabaseException;
import dev.tarsier.vulndb.VulnerabilityMatcher;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code tarsier rescan DIR}: stored inventories and SBOMs matched against the current database,
 * reporting per image the findings that are new or gone since the last run.
 */
@Command(name = "rescan", mixinStandardHelpOptions = true,
        description = "Match stored inventories/SBOMs (Tarsier JSON reports, CycloneDX or SPDX JSON) in DIR against "
                + "the current database and report, per image, the findings that are new or gone since the last run "
                + "(state kept in DIR/" + Rescan.STATE_DIR + ").",
        footer = {"", "Examples:", "  tarsier db update && tarsier rescan /srv/sboms --fail-on-new HIGH",
                "  tarsier rescan inventories/ --db vulns.db --format json", "",
                "Exit codes: 0 ok, 1 a new finding at or above --fail-on-new, 2 bad usage or an unreadable document "
                        + "(the others are still reported), 3 internal error."})
final class RescanCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "directory of stored documents (*.json, not recursive)")
    Path dir;

    @Option(names = "--db", paramLabel = "DB",
            description = "compiled vulnerability database (default: $TARSIER_CACHE_DIR/db/tarsier.db)")
    Path db;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "table or json (default ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--fail-on-new", paramLabel = "SEV", converter = PolicyOptions.SeverityConverter.class,
            description = "exit 1 when a new finding has severity >= SEV (UNKNOWN counts as MEDIUM)")
    Severity failOnNew;

    @Option(names = "--ignore-file", paramLabel = "FILE",
            description = "ignore rules (repeatable): suppressed findings are neither new nor remembered")
    List<Path> ignoreFiles = new ArrayList<>();

    @Option(names = "--vex", paramLabel = "FILE", description = "OpenVEX documents (repeatable), applied like --ignore-file")
    List<Path> vexFiles = new ArrayList<>();

    @Option(names = "--dry-run", description = "report the changes without updating the stored state")
    boolean dryRun;

    @Option(names = "--db-max-age", paramLabel = "AGE", defaultValue = "7d", converter = ScanCommand.AgeConverter.class,
            description = "warn on stderr when the database is older than this (default ${DEFAULT-VALUE})")
    Duration dbMaxAge;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!format.equals("table") && !format.equals("json")) {
            err.println("tarsier: unknown format '" + format + "' (table, json)");
            return Main.USAGE;
        }
        if (!Files.isDirectory(dir)) {
            err.println("tarsier: not a directory: " + dir);
            return Main.USAGE;
        }
        Path db = this.db != null ? this.db : VulnerabilityDatabase.defaultPath(System.getenv());
        if (this.db == null && !Files.exists(db)) {
            err.println("tarsier: no vulnerability database at " + db + "; run 'tarsier db update' first (or give --db)");
            return Main.USAGE;
        }
        Policy policy;
        try {
            Policy.Builder b = Policy.builder();
            for (Path f : ignoreFiles) {
                b.ignoreFile(IgnoreFile.read(f));
            }
            for (Path f : vexFiles) {
                b.vex(VexDocument.read(f));
            }
            policy = ignoreFiles.isEmpty() && vexFiles.isEmpty() ? null : b.build();
        } catch (PolicyInputException e) {
            err.println("tarsier: " + e.getMessage());
            return Main.USAGE;
        }
        Rescan.Result result;
        try (VulnerabilityDatabase database = VulnerabilityDatabase.open(db)) {
            Duration age = Duration.between(database.info().builtAt(), Instant.now());
            if (age.compareTo(dbMaxAge) > 0) {
                err.println("tarsier: warning: vulnerability database is " + ScanCommand.AgeConverter.format(age)
                        + " old (built " + database.info().builtAt() + "); run 'tarsier db update'");
            }
            result = new Rescan(new VulnerabilityMatcher(database), policy, Runtime.getRuntime().availableProcessors(), !dryRun)
                    .run(dir);
        } catch (VulnerabilityDatabaseException e) {
            err.println("tarsier: cannot use vulnerability database " + db + ": " + e.getMessage());
            return Main.USAGE;
        } catch (IOException e) {
            err.println("tarsier: cannot rescan " + dir + ": " + e.getMessage());
            return Main.USAGE;
        }
        if (format.equals("json")) {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            result.writeJson(buffer);
            out.print(buffer.toString(StandardCharsets.UTF_8));
            out.flush();
        } else {
            result.writeTable(out);
        }
        for (Rescan.ImageChanges i : result.images()) {
            i.error().ifPresent(e -> err.println("tarsier: cannot read " + i.file() + ": " + e));
        }
        if (result.hasErrors()) {
            return Main.USAGE;
        }
        if (failOnNew != null) {
            List<Rescan.Key> violations = result.newAtLeast(failOnNew, Severity.MEDIUM);
            if (!violations.isEmpty()) {
                if (format.equals("json")) {
                    err.println("tarsier: " + violations.size() + " new findings at or above " + failOnNew);
                }
                return Main.POLICY_FAILED;
            }
        }
        return Main.OK;
    }
}
