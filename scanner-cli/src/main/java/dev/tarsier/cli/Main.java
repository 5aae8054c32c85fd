package dev.tarsier.cli;

import dev.tarsier.core.ImageAccessException;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/**
 * The {@code tarsier} command. Exit codes: 0 ok / policy passed, 1 policy failed, 2 bad usage or
 * unreadable input, 3 internal error.
 */
@Command(name = "tarsier", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Container image inventory and vulnerability scanner.",
        footer = {"", "Start with: tarsier db build --out vulns.db all.zip && tarsier scan IMAGE --db vulns.db",
                "Every command has --help with examples."},
        subcommands = {InventoryCommand.class, ScanCommand.class, RescanCommand.class, DbCommand.class, VersionCompareCommand.class, AnalyzersCommand.class, ServeCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    /** Exit code: success, policy passed. */
    public static final int OK = 0;
    /** Exit code: the policy failed. */
    public static final int POLICY_FAILED = 1;
    /** Exit code: bad usage or unreadable input. */
    public static final int USAGE = 2;
    /** Exit code: internal error. */
    public static final int INTERNAL = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line and returns the exit code, writing to the given streams. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExitCodeExceptionMapper(e -> e instanceof CommandLine.ParameterException ? USAGE : INTERNAL);
        cl.setParameterExceptionHandler((e, a) -> {
            e.getCommandLine().getErr().println("tarsier: " + e.getMessage());
            e.getCommandLine().getErr().println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return USAGE;
        });
        cl.setExecutionExceptionHandler((e, c, parseResult) -> {
            // bad input surfaces as these two, from any command: one line, exit code 2
            if (e instanceof ImageOptions.UsageException) {
                c.getErr().println("tarsier: " + e.getMessage());
                return USAGE;
            }
            if (e instanceof ImageAccessException) {
                c.getErr().println("tarsier: cannot read image: " + e.getMessage());
                return USAGE;
            }
            c.getErr().println("tarsier: internal error: " + e);
            return INTERNAL;
        });
        return cl.execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (inventory, scan, rescan, db, version-compare, analyzers, serve, help)");
    }

    /** Reports the version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"tarsier " + (v == null ? "development build" : v)};
        }
    }
}
