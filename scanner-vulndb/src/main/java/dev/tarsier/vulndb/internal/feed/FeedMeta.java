package dev.tarsier.vulndb.internal.feed;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the cache knows of a feed's body, stored beside it as {@code meta.json}.
 *
 * @param url where the body was downloaded from
 * @param etag the server's {@code ETag} for it, sent back as {@code If-None-Match}
 * @param lastModified the server's {@code Last-Modified}, verbatim, sent back as
 *     {@code If-Modified-Since}
 * @param fetchedAt when the body was last received in full
 * @param checkedAt when the server last confirmed the body current (a download or a 304)
 * @param sha256 SHA-256 of the body as stored, lower-case hex
 * @param size the body's length in bytes
 * @param contentSha256 SHA-256 of the decoded content, when the request announced one
 */
public record FeedMeta(URI url, Optional<String> etag, Optional<String> lastModified, Instant fetchedAt,
                       Instant checkedAt, String sha256, long size, Optional<String> contentSha256) {

    /**
     * Validates the record.
     *
     * @throws IllegalArgumentException when a digest is not a SHA-256 in hex or the size is negative
     */
    public FeedMeta {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(etag, "etag");
        Objects.requireNonNull(lastModified, "lastModified");
        Objects.requireNonNull(fetchedAt, "fetchedAt");
        Objects.requireNonNull(checkedAt, "checkedAt");
        sha256 = Sha256.normalize(Objects.requireNonNull(sha256, "sha256"), "sha256");
        contentSha256 = contentSha256.map(s -> Sha256.normalize(s, "contentSha256"));
        if (size < 0) {
            throw new IllegalArgumentException("negative size: " + size);
        }
    }

    /** This meta, confirmed current at {@code now}, with the validators of a 304 where it sent new ones. */
    FeedMeta confirmed(Instant now, Optional<String> newEtag, Optional<String> newLastModified) {
        return new FeedMeta(url, newEtag.or(() -> etag), newLastModified.or(() -> lastModified), fetchedAt, now,
                sha256, size, contentSha256);
    }
}
