package dev.tarsier.analyzers.app.node;

import dev.tarsier.analyzers.app.json.Json;
import com.github.packageurl.MalformedPackageURLException;
import dev.tarsier.api.Diagnostic;
import dev.tarsier.api.Package;
import dev.tarsier.api.spi.Analyzer;
import dev.tarsier.api.spi.AnalyzerInput;
import dev.tarsier.api.spi.FileSelector;
import dev.tarsier.api.spi.ResultSink;

import java.nio.charset.CharacterCodingException;
import java.io.IOException;
import java.util.Map;
import java.util.Set;

/**
 * Installed npm packages: the {@code package.json} at the root of every package directory under a
 * {@code node_modules} directory, at any depth: {@code node_modules/a/package.json},
 * {@code node_modules/@scope/b/package.json}, nested {@code node_modules/a/node_modules/c/...} and
 * pnpm's store {@code node_modules/.pnpm/c@1.0.0/node_modules/c/package.json}. pnpm's top-level
 * entries are symlinks into the store, so each installed copy is one regular file and is reported
 * once. A {@code package.json} outside {@code node_modules} is the application itself, never
 * selected; {@code package.json} files deeper inside a package ({@code lib/package.json}, which
 * only set module options) are not selected either.
 *
 * <p>Package: type and ecosystem {@code npm}, name and version from the file, PURL
 * {@code pkg:npm/[%40scope/]name@version}, licenses from {@code license}/{@code licenses}.
 *
 * @since 0.1
 */
public final class NodeModulesAnalyzer implements Analyzer {

    /** This analyzer's id. */
    public static final String ID = "app.npm";

    /** Largest package.json read: 4 MiB (old npm versions stored the README inside). */
    public static final long MAX_FILE_SIZE = 4L << 20;

    private static final Set<String> IGNORED = Set.of("readme", "description", "scripts", "dependencies",
            "devDependencies", "peerDependencies", "optionalDependencies", "keywords", "contributors");

    private static final FileSelector SELECTOR = FileSelector.builder()
            .globs("**/node_modules/*/package.json", "**/node_modules/@*/*/package.json")
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

    @Override
    public void analyze(AnalyzerInput input, ResultSink sink) throws IOException {
        String[] segments = input.path().split("/");
        String directory = segments.length < 3 ? "" : segments[segments.length - 2];
        String parent = segments.length < 3 ? "" : segments[segments.length - 3];
        // node_modules/@scope/package.json is a stray file in a scope directory, and directories
        // starting with a dot (.bin, .cache, .pnpm) are npm's and pnpm's own, not packages
        if (directory.isEmpty() || directory.startsWith(".")
                || directory.startsWith("@") && parent.equals("node_modules")) {
            return;
        }
        Map<String, Object> manifest;
        try {
            manifest = Json.object(Json.parse(input.stream(), MAX_FILE_SIZE, 64, IGNORED));
        } catch (Json.JsonException | CharacterCodingException e) {
            sink.warn("invalid package.json: " + e.getMessage());
            return;
        }
        if (manifest == null) {
            sink.warn("invalid package.json: not a JSON object");
            return;
        }
        String name = Json.string(manifest, "name");
        String version = Json.string(manifest, "version");
        if (!Npm.plausibleName(name) || version == null || version.isBlank()) {
            sink.warn("package.json without a valid name and version; not reported");
            return;
        }
        try {
            Package.Builder b = Npm.builder(name, version.strip(), input.location());
            Npm.licenses(manifest).forEach(b::license);
            sink.addPackage(b.build());
        } catch (MalformedPackageURLException e) {
            sink.diagnostic(Diagnostic.Severity.WARNING, null, "cannot build a package URL: " + e.getMessage());
        }
    }
}
