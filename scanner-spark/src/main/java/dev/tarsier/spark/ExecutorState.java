package dev.tarsier.spark;

import dev.tarsier.core.ImageScanner;
import dev.tarsier.vulndb.VulnerabilityDatabase;
import dev.tarsier.vulndb.VulnerabilityDatabaseException;

import org.apache.spark.util.LongAccumulator;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * What each executor JVM holds for all its tasks: one {@link ImageScanner} per settings (analyzer
 * discovery, HTTP clients and token caches are made once) and one open
 * {@link VulnerabilityDatabase} per database. Both are thread-safe and shared by the executor's
 * task threads; they live as long as the executor.
 */
final class ExecutorState {

    private static final Map<ScannerSettings, ImageScanner> SCANNERS = new HashMap<>();
    private static final Map<String, VulnerabilityDatabase> DATABASES = new HashMap<>();

    private ExecutorState() {
    }

    static synchronized ImageScanner scanner(ScannerSettings settings) {
        return SCANNERS.computeIfAbsent(settings, ScannerSettings::newScanner);
    }

    /**
     * The executor's open database, opened at the first call.
     *
     * @param opens counts the databases opened, for the job's metrics
     */
    static synchronized VulnerabilityDatabase database(DatabaseSource source, LongAccumulator opens)
            throws IOException, VulnerabilityDatabaseException {
        VulnerabilityDatabase db = DATABASES.get(source.key());
        if (db == null) {
            db = VulnerabilityDatabase.open(source.localFile());
            DATABASES.put(source.key(), db);
            opens.add(1);
        }
        return db;
    }
}
