package dev.tarsier.cli;

import dev.tarsier.api.spi.InvalidVersionException;
import dev.tarsier.api.spi.VersionScheme;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/**
 * {@code tarsier version-compare --scheme S A B}: prints {@code <}, {@code =} or {@code >}. With
 * {@code -} instead of {@code A B} it reads {@code A B} pairs from standard input, one per line,
 * and prints one answer per line (a line that cannot be compared prints {@code ?} and an error on
 * standard error). Exit codes: 0 all compared, 2 bad usage or a version the scheme rejects, 3
 * internal error.
 */
@Command(name = "version-compare", mixinStandardHelpOptions = true,
        description = "Compare versions with a package manager's rules: prints <, = or >.",
        footer = {"", "Examples:", "  tarsier version-compare --scheme deb 1.0~rc1 1.0", "  printf '1.2.3 1.2.3-r1\\n' | tarsier version-compare --scheme apk -"})
public final class VersionCompareCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--scheme", required = true, paramLabel = "SCHEME",
            description = "Version scheme: deb, rpm, apk, maven or semver (or any installed scheme).")
    String scheme;

    @Parameters(arity = "1..2", paramLabel = "VERSION",
            description = "Two versions A B, or - to read 'A B' pairs from standard input.")
    List<String> versions;

    private InputStream stdin = System.in;

    /** Replaces standard input (for tests). */
    VersionCompareCommand withInput(InputStream in) {
        this.stdin = in;
        return this;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            // The public SPI, as a third-party scheme would be found.
            TreeMap<String, VersionScheme> known = new TreeMap<>();
            ServiceLoader.load(VersionScheme.class).forEach(v -> known.putIfAbsent(v.id(), v));
            Optional<VersionScheme> s = Optional.ofNullable(known.get(scheme));
            if (s.isEmpty()) {
                err.println("tarsier version-compare: unknown scheme '" + scheme + "' (known: "
                        + String.join(", ", known.keySet()) + ")");
                return 2;
            }
            if (versions.size() == 1 && versions.get(0).equals("-")) {
                return batch(s.get(), out, err);
            }
            if (versions.size() != 2) {
                err.println("tarsier version-compare: expected two versions A B, or -");
                return 2;
            }
            try {
                out.println(symbol(s.get().compare(versions.get(0), versions.get(1))));
                return 0;
            } catch (InvalidVersionException e) {
                err.println("tarsier version-compare: " + e.getMessage());
                return 2;
            }
        } catch (RuntimeException | IOException e) {
            err.println("tarsier version-compare: internal error: " + e);
            return 3;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private int batch(VersionScheme s, PrintWriter out, PrintWriter err) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
        String line;
        int lineNo = 0;
        int status = 0;
        while ((line = reader.readLine()) != null) {
            lineNo++;
            String[] parts = line.strip().split("\\s+");
            if (parts.length != 2 || parts[0].isEmpty()) {
                out.println("?");
                err.println("tarsier version-compare: line " + lineNo + ": expected 'A B'");
                status = 2;
                continue;
            }
            try {
                out.println(symbol(s.compare(parts[0], parts[1])));
            } catch (InvalidVersionException e) {
                out.println("?");
                err.println("tarsier version-compare: line " + lineNo + ": " + e.getMessage());
                status = 2;
            }
        }
        return status;
    }

    private static String symbol(int c) {
        return c < 0 ? "<" : c > 0 ? ">" : "=";
    }
}
