package dev.tarsier.api.spi;

import java.io.IOException;
import java.util.Set;

/**
 * Finds packages (or other facts) in the files of one layer.
 *
 * <p>Contract:
 * <ul>
 *   <li>Analyzers are stateless and shared by all layer threads: {@link #analyze} may run
 *       concurrently for different files.</li>
 *   <li>{@link #analyze} sees one file of one layer. It never sees whiteout entries and knows
 *       nothing about other layers; the scanner folds layers afterwards.</li>
 *   <li>The input stream belongs to the scanner: read as much as needed, do not close the layer.</li>
 *   <li>Bad content is reported with {@link ResultSink#diagnostic}; the analyzer reports what it
 *       could read. An exception thrown from {@link #analyze} is turned into a diagnostic too, but
 *       results already sent to the sink for that file are kept.</li>
 * </ul>
 *
 * @since 0.1
 */
public interface Analyzer {

    /**
     * Stable identifier, dotted, such as {@code os.dpkg} or {@code app.jar}; unique among all
     * analyzers in a scan. Never null.
     */
    String id();

    /** Version of this analyzer's output; bump it when the same input yields different results. */
    int version();

    /** Which files this analyzer wants to see. Called once per scan; never null. */
    FileSelector selector();

    /**
     * File-name suffixes of companion files: when a layer holds {@code PATH + suffix} next to a
     * selected {@code PATH}, the scanner hands it to {@link #analyze} through
     * {@link AnalyzerInput#companion(String)} instead of offering it on its own (SQLite's
     * {@code rpmdb.sqlite-wal} beside {@code rpmdb.sqlite}). Whichever of the two comes first in
     * the layer is buffered in memory, up to the selector's size cap. Empty by default.
     *
     * @since 0.2
     */
    default Set<String> companionSuffixes() {
        return Set.of();
    }

    /**
     * Analyzes one file.
     *
     * @param input the file, with its path, size and a bounded stream of its content
     * @param sink where results and diagnostics go
     * @throws IOException when reading the input fails; the scanner records it as a diagnostic
     */
    void analyze(AnalyzerInput input, ResultSink sink) throws IOException;
}
