package dev.tarsier.vulndb.internal.feed;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A feed as it sits in the cache.
 *
 * @param name the feed's name
 * @param body the cached file, exactly as served ({@code <cacheDir>/<name>/body})
 * @param meta where it came from and its digest
 */
public record CachedFeed(String name, Path body, FeedMeta meta) {

    /** Checks that no component is null. */
    public CachedFeed {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(meta, "meta");
    }
}
