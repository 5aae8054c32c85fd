package dev.tarsier.vulndb.internal.feed;

import java.net.URI;
import java.time.Duration;

/**
 * Hears how downloads advance, for a progress line on a terminal. Methods are called for one feed
 * in order, from the fetching thread except {@link #onProgress}, which runs on an HTTP client thread
 * and should return quickly. Every method does nothing by default.
 */
public interface FeedProgress {

    /** Hears nothing. */
    FeedProgress NONE = new FeedProgress() {
    };

    /** A download of {@code feedName} begins (before the first request). */
    default void onStart(String feedName, URI uri) {
    }

    /**
     * Bytes of the body received so far in the current attempt, after each buffer written.
     *
     * @param totalOrMinus1 the body's {@code Content-Length}, or -1 when the server did not say
     */
    default void onProgress(String feedName, long bytesSoFar, long totalOrMinus1) {
    }

    /** An attempt failed for a reason worth retrying; the next one starts after {@code wait}. */
    default void onRetry(String feedName, int failedAttempt, Duration wait, String reason) {
    }

    /** The fetch of {@code feedName} ended well, with this outcome. */
    default void onDone(String feedName, FetchResult.Outcome outcome) {
    }
}
