package dev.tarsier.core.internal.registry;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What a request sends after its header fields: nothing, a small document, or a file streamed with
 * a known {@code Content-Length}. The content is opened again for each attempt, so that a retried
 * or redirected upload sends it whole; a file is never loaded into memory.
 *
 * @param length the number of bytes {@link #open} yields; -1 for a request without a body
 * @param content opens the bytes to send
 */
record RequestBody(long length, Content content) {

    /** Opens the bytes of a body, once per attempt. */
    @FunctionalInterface
    interface Content {
        InputStream open() throws IOException;
    }

    /** No body at all (GET, HEAD). */
    static final RequestBody NONE = new RequestBody(-1, InputStream::nullInputStream);

    RequestBody {
        Objects.requireNonNull(content, "content");
        if (length < -1) {
            throw new IllegalArgumentException("body length must be >= -1: " + length);
        }
    }

    /** A body of these bytes ({@code Content-Length: 0} for an empty array). */
    static RequestBody of(byte[] bytes) {
        byte[] copy = bytes.clone();
        return new RequestBody(copy.length, () -> new ByteArrayInputStream(copy));
    }

    /**
     * The content of a file of {@code length} bytes. The stream is a file channel's: when the thread
     * sending it is interrupted (an abandoned request), the next read ends the upload.
     */
    static RequestBody of(Path file, long length) {
        Objects.requireNonNull(file, "file");
        return new RequestBody(length, () -> Files.newInputStream(file));
    }

    /** Whether the request carries a body (possibly an empty one). */
    boolean present() {
        return length >= 0;
    }
}
