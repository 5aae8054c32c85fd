package dev.tarsier.vulndb.internal.match;

import dev.tarsier.testkit.SharedData;
import dev.tarsier.vulndb.VulnerabilityDatabase;
import dev.tarsier.vulndb.VulnerabilityDatabaseBuilder;
import dev.tarsier.vulndb.VulnerabilityMatcher;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A temporary database compiled from folders of the shared {@code advisories/osv-more} records,
 * with a matcher over it; the test class is skipped when the shared fixtures are absent. Closing
 * it closes the database and deletes the file.
 */
final class OsvMoreDb implements AutoCloseable {

    private final Path file;
    private final VulnerabilityDatabase db;
    private final VulnerabilityMatcher matcher;

    private OsvMoreDb(Path file, VulnerabilityDatabase db) {
        this.file = file;
        this.db = db;
        this.matcher = new VulnerabilityMatcher(db);
    }

    /** Compiles the given folders of {@code osv-more} ({@code go}, {@code rubygems}, ...). */
    static OsvMoreDb of(String... folders) throws IOException {
        Path more = SharedData.locate("fixtures/advisories/osv-more").orElse(null);
        Assumptions.assumeTrue(more != null, "shared fixtures absent");
        Path out = Files.createTempFile("tarsier-osv-more", ".db");
        VulnerabilityDatabaseBuilder builder = new VulnerabilityDatabaseBuilder();
        for (String folder : folders) {
            builder.source(more.resolve(folder));
        }
        builder.build(out);
        return new OsvMoreDb(out, VulnerabilityDatabase.open(out));
    }

    VulnerabilityMatcher matcher() {
        return matcher;
    }

    @Override
    public void close() throws IOException {
        db.close();
        Files.deleteIfExists(file);
    }
}
