package dev.tarsier.analyzers.os.rpm.bdb;

/** A file that is not a readable Berkeley DB hash database. */
public final class BerkeleyFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with a one-line description. */
    public BerkeleyFormatException(String message) {
        super(message);
    }
}
