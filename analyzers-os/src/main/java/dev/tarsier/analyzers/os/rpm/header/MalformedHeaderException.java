package dev.tarsier.analyzers.os.rpm.header;

/** An rpm header blob whose structure does not fit its bytes. */
public final class MalformedHeaderException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with a one-line description of the defect. */
    public MalformedHeaderException(String message) {
        super(message);
    }
}
