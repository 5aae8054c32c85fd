package dev.tarsier.core.internal.registry;

import dev.tarsier.core.internal.source.BlobReader;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Authenticator;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;

/**
 * The HTTP side shared by every registry scan of one scanner: one verified and one unverified
 * {@link HttpClient} (so connections are kept alive and reused from scan to scan) for the API
 * requests, the blocking stack for manifests and blobs ({@link #blocking}) with the same TLS contexts,
 * and, for hosts named insecure, the scheme found to work. Thread-safe.
 */
public final class RegistryTransport {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

    /** Answers every 401 of the blocking stack with "no credentials": RegistryClient authenticates. */
    private static final Authenticator NO_CREDENTIALS = new Authenticator() {
    };

    /** Largest body the blocking stack reads: the metadata cap, and one byte to tell a longer body. */
    static final int MAX_SMALL_BODY = BlobReader.MAX_METADATA + 1;

    private final RegistrySettings settings;
    private final ExecutorService requests = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "tarsier-registry-request");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();
    private HttpClient verified;
    private HttpClient unverified;
    private SSLContext verifiedTls;
    private SSLContext unverifiedTls;

    public RegistryTransport(RegistrySettings settings) {
        this.settings = settings;
    }

    /** The settings this transport was made with. */
    public RegistrySettings settings() {
        return settings;
    }

    /** The client verifying TLS against the JDK's authorities and the extra CA file, if any. */
    synchronized HttpClient verified() throws IOException {
        if (verified == null) {
            verifiedTls = TlsContexts.verified(settings.caFile());
            verified = client(verifiedTls);
        }
        return verified;
    }

    /** The client for hosts named insecure: TLS without verification, or plain HTTP. */
    synchronized HttpClient unverified() throws IOException {
        if (unverified == null) {
            unverifiedTls = TlsContexts.unverified();
            unverified = client(unverifiedTls);
        }
        return unverified;
    }

    /**
     * What an earlier scan learnt about a registry: the base URI that worked and the challenge of
     * {@code GET /v2/}, so later scans skip the probe. A changed challenge still shows up as a 401.
     */
    record Endpoint(URI base, Optional<Challenge> challenge) {
    }

    /** What is known about an endpoint ({@code host[:port]}), if it was reached before. */
    Optional<Endpoint> known(String endpoint) {
        return Optional.ofNullable(endpoints.get(endpoint));
    }

    void remember(String endpoint, Endpoint known) {
        endpoints.put(endpoint, known);
    }

    /**
     * Sends one request on the JDK's blocking HTTP stack ({@link HttpURLConnection}), for manifests
     * and blobs. Why a second stack: {@link HttpClient} hands the body over in 16 KiB buffers
     * between its selector thread and the reader, which cost the JVM about 2.2 ms of CPU per MiB
     * received on loopback (4 MiB blob: 9 ms), against 0.4 ms per MiB for blocking reads straight
     * into the reader's buffer, and about 1.5 ms of CPU and 1 ms of latency more per small request
     * (a manifest: 1.9 ms against 1.0 ms); on a machine whose cores the layer walk already keeps
     * busy, that CPU is wall time. The request gets exactly the headers given (redirects, retries
     * and authentication stay with {@link RegistryClient}), the same HTTP proxy as the
     * {@link HttpClient}s ({@link RegistrySettings#proxyFor}), the same TLS context and the same
     * host-name rule; connections are kept alive by the JDK's own cache when the body is read to its
     * end.
     *
     * <p>A read blocked on this stack's socket does not notice interruption (closing the connection
     * from another thread does not help either, it waits for the reader's lock). So the exchange,
     * body included, runs on a thread of its own and the caller waits for it interruptibly: an
     * interrupted caller returns at once, and the abandoned request ends on its own when data
     * arrives or after {@code timeout} without any. The body is read whole, up to
     * {@link #MAX_SMALL_BODY} bytes (a longer one is cut there, which callers that care detect by its
     * length); this stack carries small documents only, layer blobs go through {@link #interruptible}.
     *
     * <p>A request with a {@link RequestBody} (a blob upload, a manifest push) streams it with a fixed
     * {@code Content-Length}, so a file of any size is sent with a bounded buffer.
     *
     * @param insecure whether the host was named insecure (TLS without verification)
     */
    Reply blocking(URI uri, String method, Map<String, String> headers, RequestBody body, Duration timeout,
                   boolean insecure) throws IOException, InterruptedException {
        SSLContext tls = tls(insecure);
        Future<Reply> exchange = requests.submit(() -> exchangeWhole(uri, method, headers, body, timeout, insecure, tls));
        try {
            return exchange.get();
        } catch (InterruptedException e) {
            exchange.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("registry request failed unexpectedly", e.getCause());
        }
    }

    private Reply exchangeWhole(URI uri, String method, Map<String, String> headers, RequestBody sent, Duration timeout,
                                boolean insecure, SSLContext tls) throws IOException {
        Proxy proxy = settings.proxyFor(uri).map(a -> new Proxy(Proxy.Type.HTTP, a)).orElse(Proxy.NO_PROXY);
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection(proxy);
        if (connection instanceof HttpsURLConnection https) {
            https.setSSLSocketFactory(tls.getSocketFactory());
            // insecure: any name, as the HttpClient whose trust manager accepts all; else RFC 2818 only,
            // whatever default verifier the application may have installed
            https.setHostnameVerifier((host, session) -> insecure);
        }
        connection.setRequestMethod(method);
        connection.setInstanceFollowRedirects(false);
        connection.setUseCaches(false);
        connection.setAuthenticator(NO_CREDENTIALS);
        connection.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
        connection.setReadTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        headers.forEach(connection::setRequestProperty);
        if (sent.present()) {
            connection.setDoOutput(true);
            // fixed length: streamed as written, never buffered whole by the JDK to count it
            connection.setFixedLengthStreamingMode(sent.length());
            try (InputStream content = sent.content().open(); OutputStream out = connection.getOutputStream()) {
                content.transferTo(out);
            }
        }
        int status = connection.getResponseCode();
        Map<String, List<String>> fields = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        connection.getHeaderFields().forEach((name, values) -> {
            if (name != null) {
                // the status line is listed under the null name
                fields.put(name, values);
            }
        });
        byte[] bytes = new byte[0];
        InputStream body = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
        if (body != null) {
            // read to the end (a body within the cap), so that the JDK keeps the connection alive
            try (body) {
                bytes = body.readNBytes(MAX_SMALL_BODY);
            }
        }
        return new Reply(status, HttpHeaders.of(fields, (name, value) -> true), new ByteArrayInputStream(bytes));
    }

    /**
     * Sends a GET on a connection of its own that the reading thread's interruption closes
     * ({@link InterruptibleGet}), for layer blobs: same TLS contexts and host-name rule as
     * {@link #blocking}, through the same HTTP proxy.
     *
     * @param idleTimeout the longest a read may wait for data
     * @param insecure whether the host was named insecure (TLS without verification)
     */
    Reply interruptible(URI uri, Map<String, String> headers, Duration idleTimeout, boolean insecure) throws IOException {
        return InterruptibleGet.send(uri, headers, tls(insecure), !insecure, settings.proxyFor(uri), CONNECT_TIMEOUT,
                idleTimeout);
    }

    /** Stops the threads of abandoned small requests (they end on their own otherwise). */
    public void close() {
        requests.shutdownNow();
    }

    /** The TLS context for a host named insecure (no verification) or not. */
    private SSLContext tls(boolean insecure) throws IOException {
        if (insecure) {
            unverified();
        } else {
            verified();
        }
        synchronized (this) {
            return insecure ? unverifiedTls : verifiedTls;
        }
    }

    private HttpClient client(SSLContext tls) {
        ProxySelector proxies = settings.proxies().orElseGet(ProxySelector::getDefault);
        // redirects are followed by RegistryClient, which decides where Authorization may go
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(CONNECT_TIMEOUT)
                .proxy(proxies != null ? proxies : HttpClient.Builder.NO_PROXY)
                .sslContext(tls)
                .build();
    }
}
