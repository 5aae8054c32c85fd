package dev.tarsier.vulndb.internal.feed;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Downloads advisory feeds into a cache folder, one sub-folder per feed ({@code body} and
 * {@code meta.json}; the package description has the layout).
 *
 * <ul>
 * <li>Conditional: when the cache holds a body from the same URL, its {@code ETag} and
 * {@code Last-Modified} go out as {@code If-None-Match} and {@code If-Modified-Since}; a 304 leaves
 * the body alone.</li>
 * <li>Verified before commit: the body streams to a temporary file beside the cached one while its
 * SHA-256 is computed; it must match its {@code Content-Length}, the expected digest and the
 * request's validator before it is moved over the cached body. A failure leaves the cache exactly as
 * it was.</li>
 * <li>Retried: 429, 5xx, connection failures, silences longer than the read timeout and truncated
 * bodies are tried again, up to the attempt limit, after an exponential backoff or the server's
 * {@code Retry-After} (capped). Other statuses and rejected content fail at once.</li>
 * <li>Interruptible: an interrupted caller gets {@link InterruptedException} at once; the request is
 * cancelled and the temporary file removed.</li>
 * </ul>
 *
 * <p>Immutable and thread-safe; fetching the same feed from two threads at once is not supported.
 */
public final class FeedFetcher {

    /** Attempts per fetch by default. */
    public static final int DEFAULT_MAX_ATTEMPTS = 4;
    /** Largest body accepted by default: 2 GiB, above any feed today (osv.dev's largest zip is far less). */
    public static final long DEFAULT_MAX_BODY_BYTES = 2L << 30;

    private static final System.Logger LOG = System.getLogger(FeedFetcher.class.getName());
    private static final String USER_AGENT = "tarsier-feed-fetcher";

    private final HttpClient http;
    private final Duration readTimeout;
    private final int maxAttempts;
    private final Backoff backoff;
    private final Clock clock;
    private final FeedProgress progress;
    private final long maxBodyBytes;

    private FeedFetcher(Builder b) {
        HttpClient.Builder client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(b.connectTimeout);
        b.proxy.ifPresent(client::proxy);
        this.http = client.build();
        this.readTimeout = b.readTimeout;
        this.maxAttempts = b.maxAttempts;
        this.backoff = new Backoff(b.backoffBase, b.maxRetryWait);
        this.clock = b.clock;
        this.progress = b.progress;
        this.maxBodyBytes = b.maxBodyBytes;
    }

    /** A builder with the defaults described on each option. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads what the cache holds for a feed, without the network (offline rebuilds, {@code db info}).
     *
     * @param name the feed's name, as in {@link FeedRequest#name}
     * @return the cached feed, or empty when nothing is cached for it
     * @throws IOException when the cache folder holds a {@code meta.json} that is unreadable or does
     *     not match its body
     * @throws IllegalArgumentException when {@code name} is not a valid feed name
     */
    public static Optional<CachedFeed> cached(String name, Path cacheDir) throws IOException {
        return FeedCache.read(FeedRequest.checkName(name), Objects.requireNonNull(cacheDir, "cacheDir"));
    }

    /**
     * Brings the cached copy of a feed up to date.
     *
     * @param cacheDir the folder holding one sub-folder per feed; created if missing
     * @return what was done and the cached feed after it; never null
     * @throws FeedException when the feed could not be downloaded, after any retries; the cache is
     *     as it was
     * @throws IOException when the cache folder cannot be written
     * @throws InterruptedException when the thread was interrupted; the request is cancelled
     */
    public FetchResult fetch(FeedRequest request, Path cacheDir) throws IOException, InterruptedException {
        Objects.requireNonNull(request, "request");
        Path dir = FeedCache.folder(Objects.requireNonNull(cacheDir, "cacheDir"), request.name());
        Files.createDirectories(dir);
        Optional<CachedFeed> previous = usableCache(request.name(), cacheDir);
        if (request.contentSha256().isPresent()
                && previous.flatMap(c -> c.meta().contentSha256()).equals(request.contentSha256())) {
            progress.onDone(request.name(), FetchResult.Outcome.CONTENT_KNOWN);
            return new FetchResult(FetchResult.Outcome.CONTENT_KNOWN, previous.get(), 0);
        }
        progress.onStart(request.name(), request.uri());
        for (int attempt = 1; ; attempt++) {
            try {
                FetchResult result = attempt(request, dir, previous, attempt);
                progress.onDone(request.name(), result.outcome());
                return result;
            } catch (Transient t) {
                if (attempt >= maxAttempts) {
                    throw new FeedException(request.name(), request.uri(),
                            t.getMessage() + " (" + attempt + (attempt == 1 ? " attempt)" : " attempts)"),
                            t.getCause());
                }
                int failed = attempt;
                Duration wait = t.retryAfter.orElseGet(() -> backoff.delay(failed));
                progress.onRetry(request.name(), attempt, wait, t.getMessage());
                Thread.sleep(wait.toMillis());
            }
        }
    }

    /** The cached feed, or empty when there is none or it is unreadable (then it is downloaded anew). */
    private static Optional<CachedFeed> usableCache(String name, Path cacheDir) {
        try {
            return FeedCache.read(name, cacheDir);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "ignoring the cache of feed " + name + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    private FetchResult attempt(FeedRequest request, Path dir, Optional<CachedFeed> previous, int attempt)
            throws IOException, InterruptedException, Transient {
        HttpRequest.Builder builder = HttpRequest.newBuilder(request.uri()).GET().header("User-Agent", USER_AGENT);
        // validators of another URL's body say nothing about this one
        Optional<FeedMeta> conditional = previous.map(CachedFeed::meta).filter(m -> m.url().equals(request.uri()));
        conditional.flatMap(FeedMeta::etag).ifPresent(v -> builder.header("If-None-Match", v));
        conditional.flatMap(FeedMeta::lastModified).ifPresent(v -> builder.header("If-Modified-Since", v));
        Path temp = Files.createTempFile(dir, "body-", FeedCache.TEMP_SUFFIX);
        try {
            BodyDownload download = new BodyDownload(request.name(), temp, maxBodyBytes, progress);
            HttpResponse<Long> response = exchange(request, builder.build(), download);
            int status = response.statusCode();
            Instant now = clock.instant();
            Optional<String> etag = response.headers().firstValue("ETag");
            Optional<String> lastModified = response.headers().firstValue("Last-Modified");
            if (status == 304 && conditional.isPresent()) {
                CachedFeed kept = FeedCache.writeMeta(request.name(), dir,
                        conditional.get().confirmed(now, etag, lastModified));
                return new FetchResult(FetchResult.Outcome.UNCHANGED, kept, attempt);
            }
            if (status == 429 || status >= 500 && status <= 599) {
                throw new Transient("HTTP " + status, response.headers().firstValue("Retry-After")
                        .flatMap(v -> backoff.retryAfter(v, now)), null);
            }
            if (status != 200) {
                throw failure(request, "HTTP " + status, null);
            }
            long length = download.bytes();
            if (download.declaredLength() >= 0 && length != download.declaredLength()) {
                throw new Transient(truncation(download), Optional.empty(), null);
            }
            String sha256 = download.sha256();
            if (request.expectedSha256().isPresent() && !request.expectedSha256().get().equals(sha256)) {
                throw failure(request, "sha256 mismatch: expected " + request.expectedSha256().get() + ", got "
                        + sha256, null);
            }
            try {
                request.validator().validate(temp);
            } catch (IOException e) {
                throw failure(request, "rejected by validator: " + e.getMessage(), e);
            }
            FeedMeta meta = new FeedMeta(request.uri(), etag, lastModified, now, now, sha256, length,
                    request.contentSha256());
            if (previous.isPresent() && previous.get().meta().sha256().equals(sha256)) {
                return new FetchResult(FetchResult.Outcome.UNCHANGED_CONTENT,
                        FeedCache.writeMeta(request.name(), dir, meta), attempt);
            }
            return new FetchResult(FetchResult.Outcome.DOWNLOADED, FeedCache.commit(request.name(), dir, temp, meta),
                    attempt);
        } finally {
            discard(temp);
        }
    }

    /**
     * Sends the request and waits for its body, interruptibly, giving up once nothing has arrived
     * for the read timeout (the client's own request timeout would also cut a slow but steady body).
     */
    private HttpResponse<Long> exchange(FeedRequest request, HttpRequest httpRequest, BodyDownload download)
            throws FeedException, InterruptedException, Transient {
        CompletableFuture<HttpResponse<Long>> pending = http.sendAsync(httpRequest, download);
        long poll = Math.max(1, Math.min(250, readTimeout.toMillis() / 4));
        boolean received = false;
        try {
            while (true) {
                try {
                    HttpResponse<Long> response = pending.get(poll, TimeUnit.MILLISECONDS);
                    received = true;
                    return response;
                } catch (TimeoutException e) {
                    if (download.idleNanos() >= readTimeout.toNanos()) {
                        throw new Transient((download.bodyStarted() ? truncation(download) + ": " : "")
                                + "no data for " + readTimeout.toMillis() + " ms", Optional.empty(), null);
                    }
                } catch (ExecutionException e) {
                    throw classify(request, e.getCause(), download);
                }
            }
        } finally {
            if (!received) {
                pending.cancel(true);
                download.abort();
            }
        }
    }

    /** What an exchange's failure means: a reason to try again, or the end of the fetch. */
    private static Transient classify(FeedRequest request, Throwable failure, BodyDownload download)
            throws FeedException {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof BodyDownload.Rejected rejected) {
            throw failure(request, rejected.getMessage(), rejected);
        }
        if (cause instanceof HttpConnectTimeoutException) {
            return new Transient("connect timed out", Optional.empty(), cause);
        }
        if (cause instanceof HttpTimeoutException) {
            return new Transient("timed out", Optional.empty(), cause);
        }
        if (cause instanceof IOException) {
            String reason = Optional.ofNullable(cause.getMessage()).orElse(cause.getClass().getSimpleName());
            return new Transient(download.bodyStarted() ? truncation(download) + " (" + reason + ")"
                    : "connection failed: " + reason, Optional.empty(), cause);
        }
        if (cause instanceof RuntimeException r) {
            throw r;
        }
        if (cause instanceof Error e) {
            throw e;
        }
        throw failure(request, "unexpected failure: " + cause, cause);
    }

    private static String truncation(BodyDownload download) {
        return "body truncated at " + download.bytes() + " of "
                + (download.declaredLength() >= 0 ? download.declaredLength() + " bytes" : "an unknown number of bytes");
    }

    private static FeedException failure(FeedRequest request, String problem, Throwable cause) {
        return new FeedException(request.name(), request.uri(), problem, cause);
    }

    private static void discard(Path temp) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            // the fetch's own result or failure matters more than a leftover temporary file
            LOG.log(Level.WARNING, "cannot delete " + temp, e);
        }
    }

    /** A failed attempt worth repeating; its message says why in one line. */
    private static final class Transient extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient Optional<Duration> retryAfter;

        Transient(String message, Optional<Duration> retryAfter, Throwable cause) {
            super(message, cause);
            this.retryAfter = retryAfter;
        }
    }

    /** Configures a {@link FeedFetcher}. Each option may be set once. Not thread-safe. */
    public static final class Builder {
        private Optional<ProxySelector> proxy = Optional.empty();
        private Duration connectTimeout = Duration.ofSeconds(30);
        private Duration readTimeout = Duration.ofSeconds(60);
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private Duration backoffBase = Duration.ofSeconds(1);
        private Duration maxRetryWait = Duration.ofSeconds(60);
        private Clock clock = Clock.systemUTC();
        private FeedProgress progress = FeedProgress.NONE;
        private long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private final Set<String> set = new HashSet<>();

        private Builder() {
        }

        private void once(String option) {
            if (!set.add(option)) {
                throw new IllegalStateException(option + " already set");
            }
        }

        private static Duration positive(Duration value, String option) {
            if (Objects.requireNonNull(value, option).isNegative() || value.isZero()) {
                throw new IllegalArgumentException(option + " must be positive: " + value);
            }
            return value;
        }

        /**
         * Sends requests through the proxies this selector names (the CLI builds one from
         * {@code HTTPS_PROXY}, {@code HTTP_PROXY} and {@code NO_PROXY}); by default the JVM's
         * selector ({@code -Dhttps.proxyHost}...).
         */
        public Builder proxy(ProxySelector selector) {
            once("proxy");
            this.proxy = Optional.of(Objects.requireNonNull(selector, "selector"));
            return this;
        }

        /** How long connecting may take (default 30 s). */
        public Builder connectTimeout(Duration value) {
            once("connectTimeout");
            this.connectTimeout = positive(value, "connectTimeout");
            return this;
        }

        /** How long the server may stay silent, before the headers or within the body (default 60 s). */
        public Builder readTimeout(Duration value) {
            once("readTimeout");
            this.readTimeout = positive(value, "readTimeout");
            return this;
        }

        /** Requests made at most per fetch, the first included (default {@value #DEFAULT_MAX_ATTEMPTS}). */
        public Builder maxAttempts(int value) {
            once("maxAttempts");
            if (value < 1) {
                throw new IllegalArgumentException("maxAttempts must be >= 1: " + value);
            }
            this.maxAttempts = value;
            return this;
        }

        /** The wait after the first failed attempt, doubled after each next one (default 1 s). */
        public Builder backoffBase(Duration value) {
            once("backoffBase");
            this.backoffBase = positive(value, "backoffBase");
            return this;
        }

        /** The longest wait between attempts, whatever {@code Retry-After} asks (default 60 s). */
        public Builder maxRetryWait(Duration value) {
            once("maxRetryWait");
            this.maxRetryWait = positive(value, "maxRetryWait");
            return this;
        }

        /** The clock for {@code fetchedAt}/{@code checkedAt} and dated {@code Retry-After} (default UTC). */
        public Builder clock(Clock value) {
            once("clock");
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** Hears the downloads' progress (default: nobody). */
        public Builder progress(FeedProgress value) {
            once("progress");
            this.progress = Objects.requireNonNull(value, "progress");
            return this;
        }

        /** The largest body accepted (default {@value #DEFAULT_MAX_BODY_BYTES} bytes); a longer one fails. */
        public Builder maxBodyBytes(long value) {
            once("maxBodyBytes");
            if (value < 1) {
                throw new IllegalArgumentException("maxBodyBytes must be >= 1: " + value);
            }
            this.maxBodyBytes = value;
            return this;
        }

        /** The fetcher. */
        public FeedFetcher build() {
            return new FeedFetcher(this);
        }
    }
}
