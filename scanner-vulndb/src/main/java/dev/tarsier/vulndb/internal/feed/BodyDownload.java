package dev.tarsier.vulndb.internal.feed;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * One attempt's response body, streamed into a temporary file while its SHA-256 is computed: a
 * {@link HttpResponse.BodyHandler} that takes a 200's body and discards any other status's. It
 * asks for one buffer at a time, so memory stays at the HTTP client's few buffers whatever the
 * size; it refuses a body beyond the cap; and it notes when data last arrived, so the waiting
 * thread can give up on a silent connection. {@link #abort} stops it from any thread.
 */
final class BodyDownload implements HttpResponse.BodyHandler<Long> {

    private static final System.Logger LOG = System.getLogger(BodyDownload.class.getName());

    /** A failure of the download itself that another attempt would not cure (cap, disk). */
    static final class Rejected extends IOException {
        private static final long serialVersionUID = 1L;

        Rejected(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final String feed;
    private final Path file;
    private final long maxBytes;
    private final FeedProgress progress;
    private final MessageDigest digest = Sha256.digest();
    private final CompletableFuture<Long> body = new CompletableFuture<>();
    private volatile long lastActivity = System.nanoTime();
    private volatile long declaredLength = -1;
    private volatile boolean bodyStarted;

    // guarded by this
    private long bytes;
    private boolean closed;
    private FileChannel out;
    private Flow.Subscription subscription;

    BodyDownload(String feed, Path file, long maxBytes, FeedProgress progress) {
        this.feed = feed;
        this.file = file;
        this.maxBytes = maxBytes;
        this.progress = progress;
    }

    @Override
    public HttpResponse.BodySubscriber<Long> apply(HttpResponse.ResponseInfo info) {
        lastActivity = System.nanoTime();
        if (info.statusCode() != 200) {
            return HttpResponse.BodySubscribers.replacing(-1L);
        }
        declaredLength = info.headers().firstValueAsLong("Content-Length").orElse(-1);
        bodyStarted = true;
        return new Subscriber();
    }

    /** Nanoseconds since the request was sent, the headers came or the last buffer was written. */
    long idleNanos() {
        return System.nanoTime() - lastActivity;
    }

    /** The body's {@code Content-Length}, or -1. */
    long declaredLength() {
        return declaredLength;
    }

    /** Whether a 200's body began to arrive (so a connection failure means a truncated body). */
    boolean bodyStarted() {
        return bodyStarted;
    }

    synchronized long bytes() {
        return bytes;
    }

    /** The body's SHA-256; call once, after the download completed. */
    synchronized String sha256() {
        return Sha256.hex(digest);
    }

    /** Stops the download and closes the file (so it can be deleted); later buffers are ignored. */
    synchronized void abort() {
        if (closed) {
            return;
        }
        closed = true;
        if (subscription != null) {
            subscription.cancel();
        }
        body.completeExceptionally(new IOException("download aborted"));
        closeFile();
    }

    private void closeFile() {
        if (out == null) {
            return;
        }
        try {
            out.close();
        } catch (IOException e) {
            // the download already failed or was stopped; this is not the reason to report
            LOG.log(Level.WARNING, "closing " + file + " failed", e);
        }
    }

    /** Ends the download with {@code failure}; the caller holds the lock. */
    private void fail(Throwable failure) {
        closed = true;
        if (subscription != null) {
            subscription.cancel();
        }
        closeFile();
        body.completeExceptionally(failure);
    }

    private final class Subscriber implements HttpResponse.BodySubscriber<Long> {

        @Override
        public CompletionStage<Long> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            synchronized (BodyDownload.this) {
                if (closed) {
                    s.cancel();
                    return;
                }
                subscription = s;
                long declared = declaredLength;
                if (declared > maxBytes) {
                    fail(new Rejected("the server announces " + declared + " bytes, more than the cap of "
                            + maxBytes, null));
                    return;
                }
                try {
                    out = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                } catch (IOException e) {
                    fail(new Rejected("cannot write " + file + ": " + e.getMessage(), e));
                    return;
                }
                s.request(1);
            }
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            synchronized (BodyDownload.this) {
                if (closed) {
                    return;
                }
                try {
                    for (ByteBuffer buffer : buffers) {
                        if (bytes + buffer.remaining() > maxBytes) {
                            fail(new Rejected("the body is longer than the cap of " + maxBytes + " bytes", null));
                            return;
                        }
                        bytes += buffer.remaining();
                        digest.update(buffer.duplicate());
                        while (buffer.hasRemaining()) {
                            out.write(buffer);
                        }
                    }
                    lastActivity = System.nanoTime();
                    progress.onProgress(feed, bytes, declaredLength);
                } catch (IOException e) {
                    fail(new Rejected("writing " + file + " failed: " + e.getMessage(), e));
                    return;
                } catch (RuntimeException e) {
                    // a throwing progress listener ends the download with its exception
                    fail(e);
                    return;
                }
                subscription.request(1);
            }
        }

        @Override
        public void onError(Throwable error) {
            synchronized (BodyDownload.this) {
                if (!closed) {
                    fail(error);
                }
            }
        }

        @Override
        public void onComplete() {
            synchronized (BodyDownload.this) {
                if (closed) {
                    return;
                }
                try {
                    // on disk before the rename that commits it
                    out.force(true);
                    out.close();
                    closed = true;
                    body.complete(bytes);
                } catch (IOException e) {
                    fail(new Rejected("writing " + file + " failed: " + e.getMessage(), e));
                }
            }
        }
    }
}
