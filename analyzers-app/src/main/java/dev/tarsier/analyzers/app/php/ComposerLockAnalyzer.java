package dev.tarsier.analyzers.app.php;

import dev.tarsier.analyzers.app.json.Json;
import dev.tarsier.api.spi.Analyzer;
import dev.tarsier.api.spi.AnalyzerInput;
import dev.tarsier.api.spi.FileSelector;
import dev.tarsier.api.spi.ResultSink;

import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * PHP packages declared by {@code composer.lock} (getcomposer.org, "Basic usage: composer.lock"):
 * the {@code packages} array and the {@code packages-dev} array (reported with {@code dev=true}),
 * as {@code pkg:composer/vendor/name@version} with the property {@code declared} (the lock file's
 * path), so that the scanner keeps the installed package of {@code vendor/composer/installed.json}
 * instead when both are present. Lock files inside {@code vendor/} (shipped with a package) are
 * ignored: what they list is either installed beside them or not installed at all.
 *
 * @see <a href="https://getcomposer.org/doc/01-basic-usage.md#commit-your-composer-lock-file-to-version-control">Composer: composer.lock</a>
 * @since 0.4
 */
public final class ComposerLockAnalyzer implements Analyzer {

    /** This analyzer's id. */
    public static final String ID = "app.composer-lock";

    private static final FileSelector SELECTOR = FileSelector.builder()
            .fileNames("composer.lock")
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
        if (("/" + input.path()).contains("/vendor/")) {
            return;
        }
        var parsed = Composer.parse(input, sink);
        if (parsed.isEmpty()) {
            return;
        }
        var lock = Json.object(parsed.get());
        if (lock == null || !(lock.get("packages") instanceof List<?> || lock.get("packages-dev") instanceof List<?>)) {
            sink.warn("invalid composer.lock: no 'packages' or 'packages-dev' list");
            return;
        }
        int skipped = Composer.report(lock.get("packages"), false, Set.of(), input.path(), input, sink);
        skipped += Composer.report(lock.get("packages-dev"), true, Set.of(), input.path(), input, sink);
        Composer.skipped(skipped, sink);
    }
}
