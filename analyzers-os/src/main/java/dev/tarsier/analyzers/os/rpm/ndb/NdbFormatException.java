package dev.tarsier.analyzers.os.rpm.ndb;

/** A file that is not a readable rpm NDB database. */
public final class NdbFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with a one-line description. */
    public NdbFormatException(String message) {
        super(message);
    }
}
