package dev.tarsier.report;

import java.util.Objects;

/**
 * An ignore file or a VEX document could not be read or is not valid. The message names the file
 * and, where possible, the entry at fault, in one line fit for a CLI error.
 *
 * @since 0.1
 */
public final class PolicyInputException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message one line naming the input and the problem; never null
     */
    public PolicyInputException(String message) {
        super(Objects.requireNonNull(message, "message"));
    }

    /**
     * Creates the exception with the underlying cause (an I/O or JSON syntax error).
     *
     * @param message one line naming the input and the problem; never null
     * @param cause the underlying error
     */
    public PolicyInputException(String message, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
    }
}
