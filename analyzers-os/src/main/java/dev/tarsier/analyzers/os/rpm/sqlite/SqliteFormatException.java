package dev.tarsier.analyzers.os.rpm.sqlite;

/** A file that is not a SQLite 3 database, or whose header cannot be used. */
public final class SqliteFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with a one-line description. */
    public SqliteFormatException(String message) {
        super(message);
    }
}
