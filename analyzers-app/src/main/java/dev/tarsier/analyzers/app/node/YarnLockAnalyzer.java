package dev.tarsier.analyzers.app.node;

import dev.tarsier.api.spi.Analyzer;
import dev.tarsier.api.spi.AnalyzerInput;
import dev.tarsier.api.spi.FileSelector;
import dev.tarsier.api.spi.ResultSink;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Packages declared by {@code yarn.lock}, both formats:
 * <ul>
 *   <li>v1 (Yarn Classic, header {@code # yarn lockfile v1}): blocks whose unindented first line
 *       lists the specifiers ({@code "@babel/core@^7.0.0", "@babel/core@^7.1.0":}) and whose
 *       indented lines hold {@code version "7.1.2"};</li>
 *   <li>berry (Yarn 2+, a YAML subset with a {@code __metadata:} block): the same blocks with
 *       {@code version: 7.1.2} and {@code resolution: "@babel/core@npm:7.1.2"}; only the
 *       {@code npm:} protocol is a registry package ({@code workspace:} is the application,
 *       {@code patch:}, {@code link:}, {@code portal:}, {@code file:} and git are local or derived).</li>
 * </ul>
 * An alias ({@code name@npm:real@^1}) is reported as the real package. Neither format records
 * whether a package is a development dependency (that needs the application's
 * {@code package.json}, another file), so no {@code dev} property is set. Every package carries
 * {@code declared} with the lockfile's path. The file is read line by line, nothing kept but the
 * packages found.
 *
 * @since 0.1
 */
public final class YarnLockAnalyzer implements Analyzer {

    /** This analyzer's id. */
    public static final String ID = "app.yarn";

    /** Largest yarn.lock read: 32 MiB. */
    public static final long MAX_FILE_SIZE = 32L << 20;

    private static final FileSelector SELECTOR = FileSelector.builder()
            .fileNames("yarn.lock")
            .maxFileSize(MAX_FILE_SIZE)
            .build();

    @Override
    public String id() {
        return ID;
    }

    @Override
    public int version() {
        return 1;
    }

    @Override
    public FileSelector selector() {
        return SELECTOR;
    }

    /** The block being read: its first specifier and the fields that matter. */
    private static final class Block {
        final String specifier;
        String version;
        String resolution;
        boolean broken;

        Block(String specifier) {
            this.specifier = specifier;
        }
    }

    @Override
    public void analyze(AnalyzerInput input, ResultSink sink) throws IOException {
        if (("/" + input.path()).contains("/node_modules/")) {
            return;
        }
        DeclaredPackages found = new DeclaredPackages();
        // bytes that are not UTF-8 become U+FFFD; the block holding them is dropped with a warning
        BufferedReader reader = new BufferedReader(new InputStreamReader(input.stream(), StandardCharsets.UTF_8
                .newDecoder().onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE)));
        List<Block> blocks = new ArrayList<>();
        Block current = null;
        int lineNumber = 0;
        int firstBadLine = 0;
        long chars = 0;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            lineNumber++;
            chars += line.length() + 1;
            if (chars > MAX_FILE_SIZE) {
                sink.warn("yarn.lock larger than " + MAX_FILE_SIZE + " characters; the rest was not read");
                break;
            }
            if (line.indexOf('\uFFFD') >= 0) {
                firstBadLine = firstBadLine == 0 ? lineNumber : firstBadLine;
                if (current != null) {
                    current.broken = true;
                }
                continue;
            }
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (!line.startsWith(" ")) {
                current = null;
                if (line.endsWith(":") && !line.startsWith("__metadata")) {
                    current = new Block(firstSpecifier(line.substring(0, line.length() - 1)));
                    blocks.add(current);
                }
            } else if (current != null && line.startsWith("  ") && line.charAt(2) != ' ') {
                String field = line.strip();
                if (field.startsWith("version ") || field.startsWith("version:")) {
                    current.version = unquote(field.substring(8));
                } else if (field.startsWith("resolution:")) {
                    current.resolution = unquote(field.substring(11));
                }
            }
        }
        if (firstBadLine > 0) {
            sink.warn("yarn.lock is not valid UTF-8 from line " + firstBadLine + "; entries with bad bytes skipped");
        }
        for (Block block : blocks) {
            if (!block.broken) {
                read(block, found);
            }
        }
        found.report(input, sink, false);
    }

    private static void read(Block block, DeclaredPackages found) {
        String descriptor = block.resolution != null ? block.resolution : block.specifier;
        int at = descriptor.indexOf('@', 1);
        if (at < 0 || block.version == null) {
            found.skip();
            return;
        }
        String name = descriptor.substring(0, at);
        String range = descriptor.substring(at + 1);
        if (range.startsWith("npm:")) {
            String target = range.substring(4);
            int aliasAt = target.indexOf('@', 1);
            // "npm:1.2.3" (berry resolution) keeps the name; "npm:real@^1" is an alias of real
            if (aliasAt > 0 && !Character.isDigit(target.charAt(0))) {
                name = target.substring(0, aliasAt);
            }
        } else if (block.resolution != null || isLocal(range)) {
            // berry resolves registry packages to npm: only; v1 marks local sources in the range
            found.skip();
            return;
        }
        found.add(name, block.version, false);
    }

    private static boolean isLocal(String range) {
        return range.startsWith("file:") || range.startsWith("link:") || range.startsWith("portal:")
                || range.startsWith("workspace:") || range.startsWith("patch:");
    }

    /** The first of the comma-separated, optionally quoted specifiers of a block header. */
    private static String firstSpecifier(String header) {
        String unquoted = header.replace("\"", "");
        int comma = unquoted.indexOf(", ");
        return (comma < 0 ? unquoted : unquoted.substring(0, comma)).strip();
    }

    private static String unquote(String value) {
        String v = value.strip();
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            v = v.substring(1, v.length() - 1);
        }
        return v;
    }
}
