package dev.tarsier.core.internal.registry;

import java.io.IOException;

/**
 * A registry answered with an error, or could not be reached. The message is one line naming the
 * image and the problem, and never holds a credential.
 */
public final class RegistryException extends IOException {
    private static final long serialVersionUID = 1L;

    /** HTTP status, or 0 when no response was received. */
    private final int status;

    public RegistryException(String message, int status) {
        super(message);
        this.status = status;
    }

    public RegistryException(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
    }

    /** The HTTP status of the failing response, 0 when there was none. */
    public int status() {
        return status;
    }
}
