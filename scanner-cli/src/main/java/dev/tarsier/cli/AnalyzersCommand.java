package dev.tarsier.cli;

import dev.tarsier.api.AnalyzerInfo;
import dev.tarsier.core.ImageScanner;
import dev.tarsier.report.AnalyzerListing;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code tarsier analyzers [--plugins DIR]}: the analyzers a scan would run, and plugin problems. */
@Command(name = "analyzers", mixinStandardHelpOptions = true,
        description = "List the analyzers a scan runs: id, version, origin (built-in or plugin jar) and the files each selects.",
        footer = {"", "Examples:", "  tarsier analyzers", "  tarsier analyzers --plugins /opt/tarsier/plugins --format json"})
final class AnalyzersCommand implements Callable<Integer> {

    enum Format { table, json }

    @Spec
    CommandSpec spec;

    @Option(names = "--plugins", paramLabel = "DIR",
            description = "directory of extra analyzer jars, discovered with ServiceLoader like the built-in ones")
    Path plugins;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table or json (default: ${DEFAULT-VALUE})")
    Format format;

    @Override
    public Integer call() throws Exception {
        ImageScanner.Builder builder = ImageScanner.builder().parallelism(1);
        URLClassLoader loader = ImageOptions.openPlugins(plugins, builder);
        AnalyzerListing listing;
        try (ImageScanner scanner = ImageOptions.build(builder)) {
            List<AnalyzerListing.Entry> entries = new ArrayList<>();
            for (int i = 0; i < scanner.analyzers().size(); i++) {
                AnalyzerInfo info = scanner.analyzerInfo().get(i);
                entries.add(new AnalyzerListing.Entry(info, scanner.analyzers().get(i).selector()));
            }
            listing = new AnalyzerListing(entries, scanner.discoveryDiagnostics());
        } finally {
            ImageOptions.closePlugins(loader);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (format == Format.json) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            listing.writeJson(bytes);
            out.print(bytes.toString(StandardCharsets.UTF_8));
            out.flush();
        } else {
            listing.writeTable(out);
        }
        return Main.OK;
    }
}
