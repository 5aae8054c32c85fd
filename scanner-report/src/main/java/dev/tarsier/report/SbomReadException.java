package dev.tarsier.report;

import java.io.Serial;

/**
 * A document that cannot be read as an inventory at all: not JSON, not a CycloneDX, SPDX or
 * Tarsier JSON document, or too large. The message is one line.
 *
 * <p>Problems with single entries (a component without a PURL, a PURL that does not parse) are not
 * thrown: they become diagnostics of the inventory read.
 *
 * @since 0.4
 */
public final class SbomReadException extends Exception {

    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * @param message one line naming the document and the problem; never null
     */
    public SbomReadException(String message) {
        super(message);
    }

    /**
     * @param message one line naming the document and the problem; never null
     * @param cause the underlying failure
     */
    public SbomReadException(String message, Throwable cause) {
        super(message, cause);
    }
}
