package dev.tarsier.analyzers.app.jar;

import java.io.IOException;

/**
 * Stops the reading of an archive. It travels up through the nested streams until the level that
 * raised it ({@link #origin}) turns it into a diagnostic; levels between only report what they
 * had found. A null origin means the budget of the whole file is spent: every level stops.
 */
final class ArchiveAbort extends IOException {
    private static final long serialVersionUID = 1L;

    /** The level whose own content caused the stop, or null for the whole file. */
    final transient Object origin;

    ArchiveAbort(Object origin, String message) {
        super(message);
        this.origin = origin;
    }
}
