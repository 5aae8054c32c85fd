package dev.tarsier.cli;

import dev.tarsier.api.Diagnostic;
import dev.tarsier.vulndb.VulnerabilityDatabase;
import dev.tarsier.vulndb.VulnerabilityDatabaseBuilder;
import dev.tarsier.vulndb.VulnerabilityDatabaseException;
import dev.tarsier.vulndb.VulnerabilityDatabaseInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code tarsier db build --out DB SOURCE...} and {@code tarsier db info DB}. Exit codes: 0 ok,
 * 2 bad usage or unreadable/corrupted input, 3 internal error; errors go to standard error as one
 * line each.
 */
@Command(name = "db", mixinStandardHelpOptions = true,
        description = "Update, build, inspect, push or pull the local vulnerability database.",
        subcommands = {DbUpdateCommand.class, DbCommand.Build.class, DbCommand.Info.class,
            DbArtifactCommands.Push.class, DbArtifactCommands.Pull.class})
public final class DbCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("tarsier db: missing subcommand (update, build, info, push or pull)");
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    /** {@code tarsier db build}. */
    @Command(name = "build", mixinStandardHelpOptions = true,
            description = "Compile advisory sources (OSV JSON files, folders, .zip, .jsonl, optionally .gz/.xz, "
                    + "the Node.js security WG core index, NVD CVE 2.0 feeds or records, CVE JSON 5 records, "
                    + "the CISA KEV catalog, EPSS CSV, and other compiled databases) into one database file; "
                    + "each file is recognised by its content.")
    static final class Build implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--out", required = true, paramLabel = "DB", description = "The database file to write.")
        Path out;

        @Option(names = {"-v", "--verbose"}, description = "Also print notes (ignored GIT ranges, skipped entries).")
        boolean verbose;

        @Parameters(arity = "1..*", paramLabel = "SOURCE", description = "Advisory sources.")
        List<Path> sources;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try {
                for (Path s : sources) {
                    if (!Files.exists(s)) {
                        err.println("tarsier db build: no such file or directory: " + s);
                        return 2;
                    }
                }
                long start = System.nanoTime();
                VulnerabilityDatabaseBuilder builder = new VulnerabilityDatabaseBuilder();
                // Reproducible builds: the build time of SOURCE_DATE_EPOCH when it is set.
                String epoch = System.getenv("SOURCE_DATE_EPOCH");
                if (epoch != null && !epoch.isBlank()) {
                    try {
                        builder.clock(java.time.Clock.fixed(java.time.Instant.ofEpochSecond(Long.parseLong(epoch.strip())),
                                java.time.ZoneOffset.UTC));
                    } catch (NumberFormatException e) {
                        err.println("tarsier db build: SOURCE_DATE_EPOCH is not a number of seconds: " + epoch);
                        return 2;
                    }
                }
                sources.forEach(builder::source);
                VulnerabilityDatabaseBuilder.Result r;
                try {
                    r = builder.build(this.out);
                } catch (IOException e) {
                    err.println("tarsier db build: " + e.getMessage());
                    return 2;
                }
                long notes = 0;
                for (Diagnostic d : r.diagnostics()) {
                    if (d.severity() == Diagnostic.Severity.INFO && !verbose) {
                        notes++;
                        continue;
                    }
                    err.println(d.severity().name().toLowerCase(Locale.ROOT) + ": " + d.path().orElse("") + ": " + d.message());
                }
                VulnerabilityDatabaseInfo i = r.info();
                out.printf(Locale.ROOT, "wrote %s: %d advisories, %d packages, %d affected entries, %d bytes in %d ms%n",
                        this.out, i.advisories(), i.packages(), i.affectedEntries(), i.fileSize(),
                        (System.nanoTime() - start) / 1_000_000);
                long skipped = i.sources().stream().mapToLong(VulnerabilityDatabaseInfo.Source::skipped).sum();
                if (skipped > 0) {
                    out.printf(Locale.ROOT, "skipped %d malformed records (see warnings)%n", skipped);
                }
                if (notes > 0) {
                    out.printf(Locale.ROOT, "%d notes not shown (use --verbose)%n", notes);
                }
                return 0;
            } catch (RuntimeException e) {
                err.println("tarsier db build: internal error: " + e);
                return 3;
            } finally {
                out.flush();
                err.flush();
            }
        }
    }

    /** {@code tarsier db info}. */
    @Command(name = "info", mixinStandardHelpOptions = true,
            description = "Show a database's metadata and verify its checksums.")
    static final class Info implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", arity = "0..1", paramLabel = "DB",
                description = "The database file (default: $TARSIER_CACHE_DIR/db/tarsier.db, as db update writes it).")
        Path db;

        @Option(names = "--no-verify", description = "Skip the full checksum verification.")
        boolean noVerify;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Path db = this.db != null ? this.db : VulnerabilityDatabase.defaultPath(System.getenv());
            if (this.db == null && !Files.exists(db)) {
                err.println("tarsier db info: no vulnerability database at " + db + "; run 'tarsier db update' first");
                return Main.USAGE;
            }
            try (VulnerabilityDatabase d = VulnerabilityDatabase.open(db)) {
                if (!noVerify) {
                    d.verify();
                }
                VulnerabilityDatabaseInfo i = d.info();
                out.println("database:        " + db);
                out.println("format version:  " + i.formatVersion());
                out.println("built at:        " + i.builtAt());
                out.println("size:            " + i.fileSize() + " bytes");
                out.println("advisories:      " + i.advisories());
                out.println("packages:        " + i.packages());
                out.println("affected entries: " + i.affectedEntries());
                out.println("CVE records:     " + i.cves() + " (" + i.knownExploited() + " known exploited, "
                        + i.epss() + " with EPSS)");
                out.println("ecosystems:      " + String.join(", ", i.ecosystems()));
                out.println("checksums:       " + (noVerify ? "not verified" : "ok"));
                out.println("sources:");
                for (VulnerabilityDatabaseInfo.Source s : i.sources()) {
                    out.printf(Locale.ROOT, "  %s: %d records (%d advisories imported, %d withdrawn, %d skipped, "
                                    + "%d CVE records)%s%n", s.url().orElse(s.path()), s.records(), s.imported(),
                            s.withdrawn(), s.skipped(), s.cveRecords(),
                            s.fetchedAt().map(t -> ", fetched " + t).orElse(""));
                    for (VulnerabilityDatabaseInfo.FeedVersion f : s.feeds()) {
                        out.printf(Locale.ROOT, "    %s version %s, dated %s%n", f.kind(), f.version(), f.date());
                    }
                }
                return 0;
            } catch (VulnerabilityDatabaseException e) {
                err.println("tarsier db info: " + e.getMessage());
                return 2;
            } catch (RuntimeException e) {
                err.println("tarsier db info: internal error: " + e);
                return 3;
            } finally {
                out.flush();
                err.flush();
            }
        }
    }
}
