package dev.tarsier.analyzers.app.php;

import dev.tarsier.analyzers.app.json.Json;
import dev.tarsier.api.spi.Analyzer;
import dev.tarsier.api.spi.AnalyzerInput;
import dev.tarsier.api.spi.FileSelector;
import dev.tarsier.api.spi.ResultSink;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * PHP packages installed by Composer: {@code vendor/composer/installed.json}, which Composer
 * rewrites on every install (Composer's {@code FilesystemRepository}). Composer 1 writes a JSON
 * array of package objects; Composer 2 an object {@code {"packages": [...], "dev": bool,
 * "dev-package-names": [...]}}; both are read. Each package is reported as
 * {@code pkg:composer/vendor/name@version} with the version as written ({@code v5.4.21}), named
 * {@code vendor/name} as Packagist and OSV name it; packages listed in {@code dev-package-names} get
 * {@code dev=true}. Branch versions ({@code dev-main}) are reported as they are: the matcher warns
 * that they cannot be ordered.
 *
 * @see <a href="https://getcomposer.org/doc/07-runtime.md#installed-versions">Composer runtime: installed versions</a>
 * @since 0.4
 */
public final class ComposerInstalledAnalyzer implements Analyzer {

    /** This analyzer's id. */
    public static final String ID = "app.composer-installed";

    private static final FileSelector SELECTOR = FileSelector.builder()
            .globs("**/vendor/composer/installed.json")
            .maxFileSize(Composer.MAX_FILE_SIZE)
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
        var parsed = Composer.parse(input, sink);
        if (parsed.isEmpty()) {
            return;
        }
        Object root = parsed.get();
        Object packages;
        Set<String> devNames = new HashSet<>();
        var object = Json.object(root);
        if (root instanceof List<?>) {
            packages = root;
        } else if (object != null && object.get("packages") instanceof List<?>) {
            packages = object.get("packages");
            if (object.get("dev-package-names") instanceof List<?> names) {
                names.stream().filter(String.class::isInstance).map(String.class::cast).forEach(devNames::add);
            }
        } else {
            sink.warn("invalid installed.json: neither a list of packages nor an object with 'packages'");
            return;
        }
        Composer.skipped(Composer.report(packages, false, devNames, null, input, sink), sink);
    }
}
