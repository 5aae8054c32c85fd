package dev.tarsier.vulndb.internal.feed;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import com.sun.net.httpserver.HttpServer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link FeedFetcher} against a local HTTP server serving zip and gzip feeds. */
class FeedFetcherTest {

    private static final Instant NOW = Instant.parse("2024-05-01T10:00:00Z");
    private static final String ETAG = "\"osv-npm-1\"";
    private static final String LAST_MODIFIED = "Tue, 30 Apr 2024 08:00:00 GMT";

    @TempDir
    Path cache;

    private FeedServer server;

    @BeforeEach
    void start() throws IOException {
        server = new FeedServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static FeedFetcher.Builder quick() {
        return FeedFetcher.builder()
                .clock(Clock.fixed(NOW, ZoneOffset.UTC))
                .backoffBase(Duration.ofMillis(5))
                .maxRetryWait(Duration.ofMillis(50));
    }

    private static FeedFetcher fetcher() {
        return quick().maxAttempts(3).readTimeout(Duration.ofSeconds(5)).build();
    }

    /** An osv.dev-style export: one JSON advisory per entry. */
    static byte[] osvZip(String... ids) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (String id : ids) {
                zip.putNextEntry(new ZipEntry(id + ".json"));
                zip.write(("{\"id\":\"" + id + "\",\"modified\":\"2024-04-30T00:00:00Z\",\"affected\":[{\"package\":"
                        + "{\"ecosystem\":\"npm\",\"name\":\"left-pad\"},\"ranges\":[{\"type\":\"SEMVER\",\"events\":"
                        + "[{\"introduced\":\"0\"},{\"fixed\":\"1.3.0\"}]}]}]}").getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(content);
        }
        return bytes.toByteArray();
    }

    static String sha256(byte[] bytes) {
        java.security.MessageDigest digest = Sha256.digest();
        digest.update(bytes);
        return Sha256.hex(digest);
    }

    private FeedRequest osv(String path) {
        return FeedRequest.of("osv-npm", server.uri(path)).withValidator(FeedValidator.zipArchive());
    }

    /** Fetches a first version of the feed, and marks the body's mtime so a rewrite would show. */
    private CachedFeed primed(byte[] body) throws Exception {
        server.then(FeedServer.ok(body, Map.of("ETag", ETAG, "Last-Modified", LAST_MODIFIED)));
        CachedFeed feed = fetcher().fetch(osv("/npm/all.zip"), cache).feed();
        Files.setLastModifiedTime(feed.body(), FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
        return feed;
    }

    private void assertCacheIntact(CachedFeed before, byte[] body) throws IOException {
        CachedFeed now = FeedFetcher.cached("osv-npm", cache).orElseThrow();
        assertEquals(before.meta(), now.meta());
        assertArrayEquals(body, Files.readAllBytes(now.body()));
        assertEquals(FileTime.from(Instant.parse("2020-01-01T00:00:00Z")), Files.getLastModifiedTime(now.body()));
        assertNoTempFiles();
    }

    private void assertNoTempFiles() throws IOException {
        try (Stream<Path> files = Files.list(cache.resolve("osv-npm"))) {
            List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
            assertTrue(names.stream().noneMatch(n -> n.endsWith(FeedCache.TEMP_SUFFIX)), names.toString());
        }
    }

    @Test
    void fetch_firstDownload_storesBodyAndMetaWithEtagAndLastModified() throws Exception {
        byte[] zip = osvZip("GHSA-1", "GHSA-2");
        server.then(FeedServer.ok(zip, Map.of("ETag", ETAG, "Last-Modified", LAST_MODIFIED)));

        FetchResult result = fetcher().fetch(osv("/npm/all.zip"), cache);

        assertEquals(FetchResult.Outcome.DOWNLOADED, result.outcome());
        assertTrue(result.changed());
        assertEquals(1, result.attempts());
        assertEquals(cache.resolve("osv-npm").resolve("body"), result.feed().body());
        assertArrayEquals(zip, Files.readAllBytes(result.feed().body()));
        FeedMeta meta = result.feed().meta();
        assertEquals(server.uri("/npm/all.zip"), meta.url());
        assertEquals(ETAG, meta.etag().orElseThrow());
        assertEquals(LAST_MODIFIED, meta.lastModified().orElseThrow());
        assertEquals(NOW, meta.fetchedAt());
        assertEquals(sha256(zip), meta.sha256());
        assertEquals(zip.length, meta.size());
        assertEquals(meta, FeedFetcher.cached("osv-npm", cache).orElseThrow().meta(), "meta.json round trip");
        assertNull(server.requests().get(0).getFirst("If-None-Match"));
        assertNoTempFiles();
    }

    @Test
    void fetch_cachedFromSameUrl_sendsConditionalHeadersAnd304LeavesBodyUntouched() throws Exception {
        byte[] zip = osvZip("GHSA-1");
        CachedFeed before = primed(zip);
        server.then(FeedServer.conditional(zip, ETAG, LAST_MODIFIED));
        FeedFetcher later = FeedFetcher.builder().clock(Clock.fixed(NOW.plusSeconds(3600), ZoneOffset.UTC)).build();

        FetchResult result = later.fetch(osv("/npm/all.zip"), cache);

        assertEquals(FetchResult.Outcome.UNCHANGED, result.outcome());
        assertFalse(result.changed());
        assertEquals(ETAG, server.requests().get(1).getFirst("If-None-Match"));
        assertEquals(LAST_MODIFIED, server.requests().get(1).getFirst("If-Modified-Since"));
        assertArrayEquals(zip, Files.readAllBytes(result.feed().body()));
        assertEquals(FileTime.from(Instant.parse("2020-01-01T00:00:00Z")),
                Files.getLastModifiedTime(result.feed().body()), "body not rewritten");
        assertEquals(before.meta().fetchedAt(), result.feed().meta().fetchedAt());
        assertEquals(NOW.plusSeconds(3600), result.feed().meta().checkedAt());
        assertEquals(result.feed().meta(), FeedFetcher.cached("osv-npm", cache).orElseThrow().meta());
    }

    @Test
    void fetch_urlChanged_sendsNoConditionalHeaders() throws Exception {
        primed(osvZip("GHSA-1"));
        byte[] moved = osvZip("GHSA-1", "GHSA-3");
        server.then(FeedServer.ok(moved, Map.of()));

        FetchResult result = fetcher().fetch(osv("/v2/npm/all.zip"), cache);

        assertEquals(FetchResult.Outcome.DOWNLOADED, result.outcome());
        assertNull(server.requests().get(1).getFirst("If-None-Match"));
        assertNull(server.requests().get(1).getFirst("If-Modified-Since"));
        assertEquals(server.uri("/v2/npm/all.zip"), result.feed().meta().url());
        assertTrue(result.feed().meta().etag().isEmpty());
    }

    @Test
    void fetch_serverResendsIdenticalBytes_reportsUnchangedContentAndKeepsBody() throws Exception {
        byte[] zip = osvZip("GHSA-1");
        primed(zip);
        server.then(FeedServer.ok(zip, Map.of("ETag", "\"new\"")));

        FetchResult result = fetcher().fetch(osv("/npm/all.zip"), cache);

        assertEquals(FetchResult.Outcome.UNCHANGED_CONTENT, result.outcome());
        assertEquals("\"new\"", result.feed().meta().etag().orElseThrow());
        assertEquals(FileTime.from(Instant.parse("2020-01-01T00:00:00Z")),
                Files.getLastModifiedTime(result.feed().body()));
        assertNoTempFiles();
    }

    @Test
    void fetch_429WithRetryAfter_waitsAndThenSucceeds() throws Exception {
        byte[] zip = osvZip("GHSA-1");
        List<Duration> waits = new CopyOnWriteArrayList<>();
        FeedProgress recorder = new FeedProgress() {
            @Override
            public void onRetry(String feedName, int failedAttempt, Duration wait, String reason) {
                waits.add(wait);
            }
        };
        server.then(FeedServer.status(429, Map.of("Retry-After", "120")), FeedServer.ok(zip, Map.of()));

        FetchResult result = quick().maxAttempts(3).progress(recorder).build().fetch(osv("/npm/all.zip"), cache);

        assertEquals(FetchResult.Outcome.DOWNLOADED, result.outcome());
        assertEquals(2, result.attempts());
        assertEquals(2, server.requests().size());
        assertEquals(List.of(Duration.ofMillis(50)), waits, "Retry-After 120 s, capped at maxRetryWait");
    }

    @Test
    void fetch_503EveryTime_failsNamingFeedAndStatusAndKeepsOldCache() throws Exception {
        byte[] zip = osvZip("GHSA-1");
        CachedFeed before = primed(zip);
        server.then(FeedServer.status(503, Map.of()));

        FeedException e = assertThrows(FeedException.class, () -> fetcher().fetch(osv("/npm/all.zip"), cache));

        assertEquals("feed osv-npm (" + server.uri("/npm/all.zip") + "): HTTP 503 (3 attempts)", e.getMessage());
        assertEquals(1 + 3, server.requests().size());
        assertCacheIntact(before, zip);
    }

    @Test
    void fetch_bodyCutShortOnce_isRetriedAndSucceeds() throws Exception {
        byte[] zip = osvZip("GHSA-1", "GHSA-2", "GHSA-3");
        server.then(FeedServer.truncated(zip, zip.length / 2), FeedServer.ok(zip, Map.of()));

        FetchResult result = fetcher().fetch(osv("/npm/all.zip"), cache);

        assertEquals(FetchResult.Outcome.DOWNLOADED, result.outcome());
        assertEquals(2, result.attempts());
        assertArrayEquals(zip, Files.readAllBytes(result.feed().body()));
    }

    @Test
    void fetch_bodyAlwaysCutShort_failsWithTruncationAndKeepsOldCache() throws Exception {
        byte[] old = osvZip("GHSA-1");
        CachedFeed before = primed(old);
        byte[] zip = osvZip("GHSA-1", "GHSA-2", "GHSA-3");
        server.then(FeedServer.truncated(zip, 100));

        FeedException e = assertThrows(FeedException.class, () -> fetcher().fetch(osv("/npm/all.zip"), cache));

        assertTrue(e.problem().startsWith("body truncated at 100 of " + zip.length + " bytes"), e.getMessage());
        assertTrue(e.problem().endsWith("(3 attempts)"), e.getMessage());
        assertEquals(1 + 3, server.requests().size());
        assertCacheIntact(before, old);
    }

    @Test
    void fetch_corruptZip_isRejectedByTheValidatorAtOnceAndKeepsOldCache() throws Exception {
        byte[] old = osvZip("GHSA-1");
        CachedFeed before = primed(old);
        byte[] zip = osvZip("GHSA-1", "GHSA-2");
        byte[] cut = Arrays.copyOf(zip, zip.length - 30);
        server.then(FeedServer.ok(cut, Map.of()));

        FeedException e = assertThrows(FeedException.class, () -> fetcher().fetch(osv("/npm/all.zip"), cache));

        assertTrue(e.problem().startsWith("rejected by validator: "), e.getMessage());
        assertEquals(1 + 1, server.requests().size(), "a bad body is not asked for again");
        assertCacheIntact(before, old);
    }

    @Test
    void fetch_zipWithCorruptEntryData_isRejectedByTheValidator() throws Exception {
        byte[] zip = osvZip("GHSA-1");
        // the stored entry's bytes begin after the 30-byte local header and the 11-byte name
        zip[30 + "GHSA-1.json".length() + 2] ^= 0x55;
        server.then(FeedServer.ok(zip, Map.of()));

        FeedException e = assertThrows(FeedException.class, () -> fetcher().fetch(osv("/npm/all.zip"), cache));

        assertTrue(e.problem().startsWith("rejected by validator: "), e.getMessage());
        assertTrue(FeedFetcher.cached("osv-npm", cache).isEmpty());
    }

    @Test
    void fetch_expectedSha256Differs_failsAndKeepsOldCache() throws Exception {
        byte[] old = osvZip("GHSA-1");
        CachedFeed before = primed(old);
        byte[] zip = osvZip("GHSA-2");
        server.then(FeedServer.ok(zip, Map.of()));
        String expected = "ab".repeat(32);

        FeedException e = assertThrows(FeedException.class,
                () -> fetcher().fetch(osv("/npm/all.zip").withExpectedSha256(expected.toUpperCase()), cache));

        assertEquals("sha256 mismatch: expected " + expected + ", got " + sha256(zip), e.problem());
        assertCacheIntact(before, old);
    }

    @Test
    void fetch_expectedSha256Matches_downloads() throws Exception {
        byte[] zip = osvZip("GHSA-2");
        server.then(FeedServer.ok(zip, Map.of()));

        FetchResult result = fetcher().fetch(osv("/npm/all.zip").withExpectedSha256(sha256(zip)), cache);

        assertEquals(FetchResult.Outcome.DOWNLOADED, result.outcome());
    }

    @Test
    void fetch_404_failsAtOnceWithOneRequest() throws Exception {
        server.then(FeedServer.status(404, Map.of()));

        FeedException e = assertThrows(FeedException.class, () -> fetcher().fetch(osv("/npm/all.zip"), cache));

        assertEquals("HTTP 404", e.problem());
        assertEquals("osv-npm", e.feed());
        assertEquals(server.uri("/npm/all.zip"), e.uri());
        assertEquals(1, server.requests().size());
        assertTrue(FeedFetcher.cached("osv-npm", cache).isEmpty());
    }

    @Test
    void fetch_bodyLongerThanTheCap_failsWithoutRetry() throws Exception {
        byte[] zip = osvZip("GHSA-1", "GHSA-2");
        server.then(FeedServer.ok(zip, Map.of()));

        FeedException e = assertThrows(FeedException.class,
                () -> quick().maxBodyBytes(100).build().fetch(osv("/npm/all.zip"), cache));

        assertEquals("the server announces " + zip.length + " bytes, more than the cap of 100", e.problem());
        assertEquals(1, server.requests().size());
    }

    @Test
    void fetch_withProxySelector_sendsTheRequestThroughTheProxy() throws Exception {
        byte[] zip = osvZip("GHSA-1");
        server.then(FeedServer.ok(zip, Map.of("ETag", ETAG)));
        List<URI> proxied = new CopyOnWriteArrayList<>();
        HttpServer proxy = forwardProxy(proxied);
        List<URI> selected = new CopyOnWriteArrayList<>();
        ProxySelector selector = new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                selected.add(uri);
                return List.of(new Proxy(Proxy.Type.HTTP, proxy.getAddress()));
            }

            @Override
            public void connectFailed(URI uri, SocketAddress address, IOException e) {
                throw new AssertionError("proxy unreachable", e);
            }
        };
        try {
            FetchResult result = quick().proxy(selector).build().fetch(osv("/npm/all.zip"), cache);

            assertArrayEquals(zip, Files.readAllBytes(result.feed().body()));
            assertEquals(ETAG, result.feed().meta().etag().orElseThrow());
            assertEquals(List.of(server.uri("/npm/all.zip")), proxied, "absolute-URI request seen by the proxy");
            assertTrue(selected.stream().allMatch(u -> u.getPort() == server.address().getPort()), selected.toString());
        } finally {
            proxy.stop(0);
        }
    }

    /** A plain HTTP forward proxy: takes absolute-URI GETs and replays them to the origin. */
    private static HttpServer forwardProxy(List<URI> seen) throws IOException {
        HttpServer proxy = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        proxy.createContext("/", exchange -> {
            URI target = exchange.getRequestURI();
            seen.add(target);
            HttpURLConnection origin = (HttpURLConnection) target.toURL().openConnection(Proxy.NO_PROXY);
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!name.equalsIgnoreCase("Host") && !name.equalsIgnoreCase("Connection")) {
                    values.forEach(v -> origin.addRequestProperty(name, v));
                }
            });
            int status = origin.getResponseCode();
            String etag = origin.getHeaderField("ETag");
            if (etag != null) {
                exchange.getResponseHeaders().set("ETag", etag);
            }
            try (InputStream in = status < 400 ? origin.getInputStream() : origin.getErrorStream()) {
                byte[] body = in == null ? new byte[0] : in.readAllBytes();
                exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        proxy.start();
        return proxy;
    }

    @Test
    void fetch_progress_receivesIncreasingByteCountsUpToTheTotal() throws Exception {
        byte[] json = new byte[600_000];
        for (int i = 0; i < json.length; i++) {
            json[i] = (byte) ('a' + i % 26);
        }
        List<long[]> calls = new CopyOnWriteArrayList<>();
        List<String> events = new CopyOnWriteArrayList<>();
        FeedProgress recorder = new FeedProgress() {
            @Override
            public void onStart(String feedName, URI uri) {
                events.add("start " + feedName);
            }

            @Override
            public void onProgress(String feedName, long bytesSoFar, long totalOrMinus1) {
                calls.add(new long[] {bytesSoFar, totalOrMinus1});
            }

            @Override
            public void onDone(String feedName, FetchResult.Outcome outcome) {
                events.add("done " + feedName + " " + outcome);
            }
        };
        server.then(FeedServer.ok(json, Map.of()));

        quick().progress(recorder).build().fetch(FeedRequest.of("epss", server.uri("/epss.csv")), cache);

        assertTrue(calls.size() > 1, "several buffers: " + calls.size());
        for (int i = 1; i < calls.size(); i++) {
            assertTrue(calls.get(i)[0] > calls.get(i - 1)[0], "increasing");
        }
        assertEquals(json.length, calls.get(calls.size() - 1)[0]);
        assertTrue(calls.stream().allMatch(c -> c[1] == json.length));
        assertEquals(List.of("start epss", "done epss DOWNLOADED"), events);
    }

    @Test
    void fetch_interruptedDuringStalledBody_throwsPromptlyAndLeavesNoTempFile() throws Exception {
        CountDownLatch bodyStarted = new CountDownLatch(1);
        FeedProgress recorder = new FeedProgress() {
            @Override
            public void onProgress(String feedName, long bytesSoFar, long totalOrMinus1) {
                bodyStarted.countDown();
            }
        };
        server.then(server.stalled("PK\u0003\u0004".getBytes(StandardCharsets.ISO_8859_1)));
        FeedFetcher fetcher = quick().readTimeout(Duration.ofSeconds(60)).progress(recorder).build();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread fetching = new Thread(() -> {
            try {
                fetcher.fetch(osv("/npm/all.zip"), cache);
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        fetching.start();
        assertTrue(bodyStarted.await(5, TimeUnit.SECONDS), "body began");

        long start = System.nanoTime();
        fetching.interrupt();
        fetching.join(5_000);

        assertFalse(fetching.isAlive(), "fetch still running 5 s after the interrupt");
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5));
        assertInstanceOf(InterruptedException.class, thrown.get());
        assertNoTempFiles();
        assertTrue(FeedFetcher.cached("osv-npm", cache).isEmpty());
    }

    @Test
    void fetch_serverSilentLongerThanReadTimeout_retriesThenFailsWithTimeout() throws Exception {
        server.then(server.stalled(new byte[] {1, 2, 3}));
        FeedFetcher fetcher = quick().readTimeout(Duration.ofMillis(200)).maxAttempts(2).build();

        FeedException e = assertThrows(FeedException.class, () -> fetcher.fetch(osv("/npm/all.zip"), cache));

        assertEquals("body truncated at 3 of an unknown number of bytes: no data for 200 ms (2 attempts)", e.problem());
        assertEquals(2, server.requests().size());
        assertNoTempFiles();
    }

    @Test
    void fetch_connectionRefused_isRetriedThenFails() throws Exception {
        URI closed = server.uri("/npm/all.zip");
        server.close();

        FeedException e = assertThrows(FeedException.class,
                () -> fetcher().fetch(FeedRequest.of("osv-npm", closed), cache));

        assertTrue(e.problem().startsWith("connection failed: "), e.getMessage());
        assertTrue(e.problem().endsWith("(3 attempts)"), e.getMessage());
    }

    @Test
    void fetch_nvdYearWhoseMetaShaIsCached_skipsTheDownload() throws Exception {
        byte[] json = "{\"format\":\"NVD_CVE\",\"version\":\"2.0\",\"vulnerabilities\":[]}"
                .getBytes(StandardCharsets.UTF_8);
        byte[] gz = gzip(json);
        String metaText = "lastModifiedDate:2024-04-30T03:00:01-04:00\r\nsize:" + json.length + "\r\nzipSize:99\r\ngzSize:"
                + gz.length + "\r\nsha256:" + sha256(json).toUpperCase() + "\r\n";
        server.then(FeedServer.ok(metaText.getBytes(StandardCharsets.US_ASCII), Map.of()), FeedServer.ok(gz, Map.of()));
        FeedFetcher fetcher = fetcher();

        NvdMeta meta = NvdMeta.parse(Files.readString(fetcher.fetch(FeedRequest.of("nvd-2024-meta",
                server.uri("/nvdcve-2.0-2024.meta")), cache).feed().body()));
        FeedRequest year = FeedRequest.of("nvd-2024", server.uri("/nvdcve-2.0-2024.json.gz"))
                .withContentSha256(meta.sha256()).withValidator(FeedValidator.gzipContentSha256(meta.sha256()));
        FetchResult first = fetcher.fetch(year, cache);
        FetchResult second = fetcher.fetch(year, cache);

        assertEquals(FetchResult.Outcome.DOWNLOADED, first.outcome());
        assertEquals(sha256(json), first.feed().meta().contentSha256().orElseThrow());
        assertEquals(FetchResult.Outcome.CONTENT_KNOWN, second.outcome());
        assertEquals(0, second.attempts());
        assertEquals(2, server.requests().size(), "the year was downloaded once");
    }

    @Test
    void fetch_gzipWhoseContentDiffersFromTheMeta_isRejected() throws Exception {
        server.then(FeedServer.ok(gzip("{}".getBytes(StandardCharsets.UTF_8)), Map.of()));
        String announced = sha256("{\"other\":1}".getBytes(StandardCharsets.UTF_8));

        FeedException e = assertThrows(FeedException.class, () -> fetcher().fetch(FeedRequest.of("nvd-2024",
                server.uri("/nvdcve-2.0-2024.json.gz")).withValidator(FeedValidator.gzipContentSha256(announced)), cache));

        assertTrue(e.problem().startsWith("rejected by validator: decompressed content has sha256 "), e.getMessage());
    }

    @Test
    void cached_nothingDownloaded_isEmpty() throws Exception {
        assertTrue(FeedFetcher.cached("kev", cache).isEmpty());
    }

    @Test
    void cached_bodyNotMatchingItsMeta_failsAndFetchDownloadsAnew() throws Exception {
        byte[] zip = osvZip("GHSA-1");
        primed(zip);
        Files.write(cache.resolve("osv-npm").resolve("body"), new byte[] {1, 2});

        IOException e = assertThrows(IOException.class, () -> FeedFetcher.cached("osv-npm", cache));
        assertTrue(e.getMessage().contains("has 2 bytes"), e.getMessage());

        server.then(FeedServer.conditional(zip, ETAG, LAST_MODIFIED));
        FetchResult result = fetcher().fetch(osv("/npm/all.zip"), cache);
        assertEquals(FetchResult.Outcome.DOWNLOADED, result.outcome());
        assertNull(server.requests().get(1).getFirst("If-None-Match"), "no conditional request on a broken cache");
        assertArrayEquals(zip, Files.readAllBytes(result.feed().body()));
    }

    @Test
    void request_nameThatIsNotOneSafePathSegment_isRefused() {
        URI uri = URI.create("https://example.org/x");
        for (String bad : new String[] {"", ".", "..", "../x", "a/b", "a\\b", "-x", "x y", "a".repeat(101)}) {
            assertThrows(IllegalArgumentException.class, () -> FeedRequest.of(bad, uri), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> FeedRequest.of("kev", URI.create("file:///etc/passwd")));
        assertEquals("nvd-2.0_2024", FeedRequest.of("nvd-2.0_2024", uri).name());
    }

    @Test
    void builder_optionSetTwice_isRefused() {
        FeedFetcher.Builder builder = FeedFetcher.builder().maxAttempts(2);
        assertThrows(IllegalStateException.class, () -> builder.maxAttempts(3));
    }
}
