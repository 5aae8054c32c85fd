package dev.tarsier.vulndb.internal.feed;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One feed to download.
 *
 * @param name stable name of the feed, also the name of its cache folder: 1 to 100 of
 *     {@code A-Z a-z 0-9 . _ -}, starting with a letter or digit (so never {@code .} or {@code ..})
 * @param uri absolute {@code http} or {@code https} URL
 * @param expectedSha256 the SHA-256 the body as served must have, lower case, if known beforehand
 * @param contentSha256 the SHA-256 of what the body decodes to, as announced elsewhere (NVD's
 *     {@code .meta}): recorded in the cache, and when the cache already records this digest the
 *     download is skipped ({@link FetchResult.Outcome#CONTENT_KNOWN})
 * @param validator run on the complete download before it replaces the cached body
 */
public record FeedRequest(String name, URI uri, Optional<String> expectedSha256, Optional<String> contentSha256,
                          FeedValidator validator) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    /**
     * Validates the request.
     *
     * @throws IllegalArgumentException when the name is not a safe single path segment, the URL is
     *     not absolute http(s), or a digest is not a SHA-256 in hex
     */
    public FeedRequest {
        checkName(name);
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(validator, "validator");
        String scheme = Optional.ofNullable(uri.getScheme()).orElse("").toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new IllegalArgumentException("feed " + name + ": not an absolute http(s) URL: " + uri);
        }
        expectedSha256 = expectedSha256.map(s -> Sha256.normalize(s, "expected sha256"));
        contentSha256 = contentSha256.map(s -> Sha256.normalize(s, "content sha256"));
    }

    /** {@code name}, when it is a valid feed name; see {@link #name}. */
    static String checkName(String name) {
        if (!NAME.matcher(Objects.requireNonNull(name, "name")).matches()) {
            throw new IllegalArgumentException("feed name must be one path segment of [A-Za-z0-9._-]: " + name);
        }
        return name;
    }

    /** A request with no digest and no validator. */
    public static FeedRequest of(String name, URI uri) {
        return new FeedRequest(name, uri, Optional.empty(), Optional.empty(), FeedValidator.NONE);
    }

    /** This request, requiring the body as served to have this SHA-256 (hex, either case). */
    public FeedRequest withExpectedSha256(String sha256) {
        return new FeedRequest(name, uri, Optional.of(sha256), contentSha256, validator);
    }

    /** This request, recording (and skipping the download for) this SHA-256 of the decoded content. */
    public FeedRequest withContentSha256(String sha256) {
        return new FeedRequest(name, uri, expectedSha256, Optional.of(sha256), validator);
    }

    /** This request, checking the download with this validator before it is committed. */
    public FeedRequest withValidator(FeedValidator value) {
        return new FeedRequest(name, uri, expectedSha256, contentSha256, value);
    }
}
