package dev.tarsier.vulndb.internal.feed;

import java.io.IOException;
import java.net.URI;
import java.util.Objects;

/**
 * A feed could not be downloaded (after any retries): an HTTP status, a truncated or oversized
 * body, a digest mismatch, a validator's rejection, a timeout. Whatever was cached for the feed
 * before is left as it was.
 */
public final class FeedException extends IOException {

    private static final long serialVersionUID = 1L;

    private final String feed;
    private final URI uri;
    private final String problem;

    /**
     * @param feed the feed's name
     * @param uri the URL asked for
     * @param problem what went wrong, one line without the feed or URL
     * @param cause the underlying failure, or null when there is none
     */
    public FeedException(String feed, URI uri, String problem, Throwable cause) {
        super("feed " + feed + " (" + uri + "): " + problem, cause);
        this.feed = Objects.requireNonNull(feed, "feed");
        this.uri = Objects.requireNonNull(uri, "uri");
        this.problem = Objects.requireNonNull(problem, "problem");
    }

    /** The feed's name; never null. */
    public String feed() {
        return feed;
    }

    /** The URL asked for; never null. */
    public URI uri() {
        return uri;
    }

    /** What went wrong, without the feed name or URL; never null. */
    public String problem() {
        return problem;
    }
}
