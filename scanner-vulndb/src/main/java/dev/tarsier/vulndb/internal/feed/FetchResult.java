package dev.tarsier.vulndb.internal.feed;

import java.util.Objects;

/**
 * What {@link FeedFetcher#fetch} did.
 *
 * @param outcome whether the cached body changed, and why not
 * @param feed the cached feed after the fetch
 * @param attempts HTTP requests made (0 when none was needed)
 */
public record FetchResult(Outcome outcome, CachedFeed feed, int attempts) {

    /** Checks the components. */
    public FetchResult {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(feed, "feed");
        if (attempts < 0) {
            throw new IllegalArgumentException("negative attempts: " + attempts);
        }
    }

    /** Whether the cached body holds new bytes, so that whatever was derived from it must be rebuilt. */
    public boolean changed() {
        return outcome == Outcome.DOWNLOADED;
    }

    /** How a fetch ended; every value but {@link #DOWNLOADED} leaves the body's bytes as they were. */
    public enum Outcome {
        /** New bytes were downloaded, checked and stored. */
        DOWNLOADED,
        /** The server answered 304 Not Modified to the conditional request. */
        UNCHANGED,
        /** The server sent the whole body again, byte for byte the cached one. */
        UNCHANGED_CONTENT,
        /** No request was made: the cache already records the content digest the request announced. */
        CONTENT_KNOWN
    }
}
