package dev.tarsier.core.internal.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;

/**
 * A blob download that survives a broken connection. When a read fails part-way (a reset, a body
 * that ends before its length, a read timeout), the rest is requested again with
 * {@code Range: bytes=N-} (RFC 9110 section 14) and reading goes on where it stopped; a server
 * that ignores the range and answers 200 has the bytes already read skipped. A read that fails
 * again without progress counts against the retry budget, with the client's backoff between
 * attempts; progress resets the count. A thread that was interrupted is never resumed: its read
 * ends with an {@link InterruptedIOException}.
 */
final class ResumingBlob extends BulkInputStream {

    /** Requests the blob from byte {@code offset} on; answers 200 (whole blob) or 206 (the range). */
    @FunctionalInterface
    interface Fetch {
        Reply from(long offset) throws IOException;
    }

    /** Resumes of one blob in all, whatever the progress between them. */
    private static final int MAX_RESUMES = 64;

    private final String digest;
    private final Fetch fetch;
    private final int maxAttempts;
    private final Duration backoff;
    private InputStream body;
    private long position;
    private long positionAtLastFailure = -1;
    private int failuresWithoutProgress;
    private int resumes;
    /** Why the download was given up; reading on (a caller draining the rest) fails the same way. */
    private IOException gaveUp;

    /**
     * @param first the body of the first response (a 200), read from its start
     * @param maxAttempts attempts after a failure without progress (at least 1)
     */
    ResumingBlob(String digest, InputStream first, Fetch fetch, int maxAttempts, Duration backoff) {
        this.digest = digest;
        this.body = first;
        this.fetch = fetch;
        this.maxAttempts = maxAttempts;
        this.backoff = backoff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (gaveUp != null) {
            throw new IOException("blob " + digest + " was given up: " + gaveUp.getMessage(), gaveUp);
        }
        while (true) {
            try {
                if (body == null) {
                    body = reopen();
                }
                int n = body.read(b, off, len);
                if (n > 0) {
                    position += n;
                }
                return n;
            } catch (IOException e) {
                failed(e);
            }
        }
    }

    /** Gives up (rethrowing) or waits for the next attempt. */
    private void failed(IOException e) throws IOException {
        closeBody();
        if (e instanceof RegistryException) {
            gaveUp = e; // an answer (404, 401, 5xx after its retries), not a broken connection
            throw e;
        }
        if (Thread.currentThread().isInterrupted()) {
            InterruptedIOException stop = new InterruptedIOException("interrupted while reading blob " + digest);
            stop.initCause(e);
            gaveUp = stop;
            throw stop;
        }
        failuresWithoutProgress = position > positionAtLastFailure ? 1 : failuresWithoutProgress + 1;
        positionAtLastFailure = position;
        if (failuresWithoutProgress >= maxAttempts || ++resumes > MAX_RESUMES) {
            gaveUp = e;
            throw e;
        }
        try {
            Thread.sleep(backoff.multipliedBy(1L << Math.min(failuresWithoutProgress - 1, 10)).toMillis());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to resume blob " + digest);
        }
    }

    private InputStream reopen() throws IOException {
        Reply reply = fetch.from(position);
        InputStream in = reply.body();
        try {
            if (reply.statusCode() == 206) {
                // Content-Range: bytes first-last/complete
                String range = reply.headers().firstValue("Content-Range").orElse("");
                if (!range.startsWith("bytes " + position + "-")) {
                    throw new IOException("blob " + digest + ": asked for bytes from " + position
                            + ", the registry sent range '" + range + "'");
                }
            } else {
                in.skipNBytes(position);
            }
            return in;
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    private void closeBody() {
        if (body != null) {
            try {
                body.close();
            } catch (IOException ignored) {
                // the connection is being given up anyway
            }
            body = null;
        }
    }

    @Override
    public void close() throws IOException {
        InputStream b = body;
        body = null;
        if (b != null) {
            b.close();
        }
    }
}
