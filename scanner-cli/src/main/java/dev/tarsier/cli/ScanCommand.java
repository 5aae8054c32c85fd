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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code tarsier scan IMAGE --db DB}: the inventory matched against a vulnerability database. */
@Command(name = "scan", mixinStandardHelpOptions = true,
        description = "Scan an image for vulnerable packages and apply the CI policy.",
        footer = {"", "Examples:", "  tarsier db update && tarsier scan app.tar --fail-on-os HIGH --fail-on-app MEDIUM --fail-on-kev", "  tarsier scan app.tar --db vulns.db --fail-on-os HIGH --fail-on-app MEDIUM", "  tarsier scan oci-archive:app.oci.tar --db vulns.db --format sarif --output json=report.json", "  tarsier scan sbom:app.cdx.json --db vulns.db --fail-on HIGH      (a CycloneDX or SPDX SBOM instead of the image)", "  tarsier scan app.tar --db vulns.db --ignore-file .tarsier-ignore.json --vex app.openvex.json --ignore-unfixed", "", "Exit codes: 0 policy passed, 1 policy failed, 2 bad usage or unreadable input, 3 internal error."})
final class ScanCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ImageOptions imageOptions;

    @Option(names = "--db", paramLabel = "DB",
            description = "compiled vulnerability database (default: $TARSIER_CACHE_DIR/db/tarsier.db, written by "
                    + "'tarsier db update')")
    Path db;

    @Option(names = "--db-max-age", paramLabel = "AGE", defaultValue = "7d", converter = AgeConverter.class,
            description = "warn (one line on stderr and in the JSON report) when the database was built longer ago "
                    + "than this: 12h, 7d, 2w (default ${DEFAULT-VALUE})")
    Duration dbMaxAge;

    @Option(names = "--db-max-age-fail",
            description = "make a database older than --db-max-age an error (exit 2) instead of a warning")
    boolean dbMaxAgeFail;

    @Mixin
    ReportOptions reportOptions;

    @Mixin
    PolicyOptions policyOptions;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Path db = this.db != null ? this.db : VulnerabilityDatabase.defaultPath(System.getenv());
        if (this.db == null && !Files.exists(db)) {
            err.println("tarsier: no vulnerability database at " + db + "; run 'tarsier db update' first (or give --db)");
            return Main.USAGE;
        }
        try (VulnerabilityDatabase database = VulnerabilityDatabase.open(db)) {
            Optional<Diagnostic> stale = staleness(database, Instant.now());
            if (stale.isPresent()) {
                err.println("tarsier: " + (dbMaxAgeFail ? "" : "warning: ") + stale.get().message());
                if (dbMaxAgeFail) {
                    return Main.USAGE;
                }
            }
            Inventory inventory = imageOptions.inventory(TerminalProgress.forTerminal(err, reportOptions.quiet()));
            VulnerabilityMatchResult matched = new VulnerabilityMatcher(database).match(inventory);
            List<Diagnostic> diagnostics = new ArrayList<>(inventory.diagnostics());
            diagnostics.addAll(matched.diagnostics());
            stale.ifPresent(diagnostics::add);
            Inventory withMatchDiagnostics = inventory.withDiagnostics(diagnostics);
            return reportOptions.emit(withMatchDiagnostics, matched.findings(), policyOptions, spec.commandLine().getOut(), err);
        } catch (VulnerabilityDatabaseException e) {
            err.println("tarsier: cannot use vulnerability database " + db + ": " + e.getMessage());
            return Main.USAGE;
        }
    }

    /** A warning when the database is older than {@code --db-max-age}. */
    Optional<Diagnostic> staleness(VulnerabilityDatabase database, Instant now) {
        Instant built = database.info().builtAt();
        Duration age = Duration.between(built, now);
        if (age.compareTo(dbMaxAge) <= 0) {
            return Optional.empty();
        }
        return Optional.of(new Diagnostic(Diagnostic.Severity.WARNING, "vulndb", OptionalInt.empty(), Optional.empty(),
                "vulnerability database is " + AgeConverter.format(age) + " old (built " + built + "), older than "
                        + "--db-max-age " + AgeConverter.format(dbMaxAge) + "; run 'tarsier db update'"));
    }

    /** Ages as {@code 12h}, {@code 7d}, {@code 2w}, or an ISO-8601 duration ({@code PT36H}). */
    static final class AgeConverter implements picocli.CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.strip().toLowerCase(java.util.Locale.ROOT);
            try {
                if (v.startsWith("p")) {
                    return requirePositive(Duration.parse(value.strip().toUpperCase(java.util.Locale.ROOT)), value);
                }
                long n = Long.parseLong(v.substring(0, v.length() - 1));
                return requirePositive(switch (v.charAt(v.length() - 1)) {
                    case 'h' -> Duration.ofHours(n);
                    case 'd' -> Duration.ofDays(n);
                    case 'w' -> Duration.ofDays(7 * n);
                    default -> throw new IllegalArgumentException();
                }, value);
            } catch (RuntimeException e) {
                throw new picocli.CommandLine.TypeConversionException("not an age (12h, 7d, 2w): " + value);
            }
        }

        private static Duration requirePositive(Duration d, String value) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(value);
            }
            return d;
        }

        /** Days when at least one, otherwise hours. */
        static String format(Duration d) {
            return d.toDays() >= 1 ? d.toDays() + "d" : Math.max(1, d.toHours()) + "h";
        }
    }
}
