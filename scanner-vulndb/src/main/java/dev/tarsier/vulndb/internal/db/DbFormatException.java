package dev.tarsier.vulndb.internal.db;

import java.io.IOException;

/** A DB file is not a DB, has another format version, is truncated or corrupted. */
public final class DbFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    DbFormatException(String message) {
        super(message);
    }

    DbFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
