package dev.tarsier.harbor.internal;

import dev.tarsier.vulndb.VulnerabilityDatabase;
import dev.tarsier.vulndb.VulnerabilityDatabaseException;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.Optional;

/**
 * The vulnerability database shared by all scans, reopened when its file changes: {@code tarsier db
 * update} replaces the file atomically (a new inode), so the file's key, size and modification time
 * tell a new database from the old one without reading it. Each scan takes the database current
 * when it starts and keeps it to the end, so a swap never changes a scan half-way; the old mapping
 * is released when the last scan holding it ends (the file itself is not held open: the reader
 * maps it and closes the channel). A new file that cannot be opened (half-written by a
 * non-atomic copy, corrupt) leaves the old database in use and is retried at the next scan.
 * Thread-safe.
 */
public final class DatabaseHolder {

    private static final System.Logger LOG = System.getLogger("dev.tarsier.harbor");

    private final Path path;
    private Opened current;
    private Object failedVersion;

    private record Opened(VulnerabilityDatabase db, Object version) {
    }

    /** The identity of one version of a file: its key (inode), size and modification time. */
    private record FileVersion(Object key, long size, long modified) {
    }

    /**
     * Opens the database at {@code path}.
     *
     * @throws VulnerabilityDatabaseException when it cannot be opened
     */
    public DatabaseHolder(Path path) throws VulnerabilityDatabaseException {
        this.path = Objects.requireNonNull(path, "path");
        Object version = version().orElse(null);
        this.current = new Opened(VulnerabilityDatabase.open(path), version);
    }

    /** The database file. */
    public Path path() {
        return path;
    }

    /** The current database, reopened first when the file changed since it was opened. */
    public synchronized VulnerabilityDatabase current() {
        Optional<Object> version = version();
        if (version.isEmpty() || version.get().equals(current.version()) || version.get().equals(failedVersion)) {
            return current.db();
        }
        try {
            VulnerabilityDatabase fresh = VulnerabilityDatabase.open(path);
            // the old instance stays usable for the scans that hold it; nothing to release explicitly
            current = new Opened(fresh, version.get());
            failedVersion = null;
            LOG.log(Level.INFO, "vulnerability database " + path + " reopened (built " + fresh.info().builtAt() + ")");
        } catch (VulnerabilityDatabaseException e) {
            failedVersion = version.get();
            LOG.log(Level.WARNING, "vulnerability database " + path + " changed but cannot be opened; still using the one built "
                    + current.db().info().builtAt() + ": " + e.getMessage());
        }
        return current.db();
    }

    private Optional<Object> version() {
        try {
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
            return Optional.of(new FileVersion(a.fileKey(), a.size(), a.lastModifiedTime().toMillis()));
        } catch (IOException e) {
            // a file being replaced may be missing for a moment: keep what is open
            return Optional.empty();
        }
    }
}
