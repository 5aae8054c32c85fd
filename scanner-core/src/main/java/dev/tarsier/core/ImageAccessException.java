package dev.tarsier.core;

/**
 * An image that cannot be opened at all: the path does not exist, the archive has no manifest, the
 * requested tag or platform is not in the index, a registry refused access. Bad content inside an
 * image that can be opened is a diagnostic instead.
 *
 * @since 0.1
 */
public class ImageAccessException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a one-line message naming the image and the problem. */
    public ImageAccessException(String message) {
        super(message);
    }

    /** Creates the exception with a one-line message and the underlying cause. */
    public ImageAccessException(String message, Throwable cause) {
        super(message, cause);
    }
}
