package dev.tarsier.core.internal.registry;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import javax.net.ssl.SSLContext;

/**
 * The HTTP side shared by every registry scan of one scanner: one verified and one unverified
 * {@link HttpClient} (so connections are kept alive and reused from scan to scan) and, for hosts
 * named insecure, the scheme found to work. Thread-safe.
 */
public final class RegistryTransport {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

    private final RegistrySettings settings;
    private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();
    private HttpClient verified;
    private HttpClient unverified;

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
            verified = client(TlsContexts.verified(settings.caFile()));
        }
        return verified;
    }

    /** The client for hosts named insecure: TLS without verification, or plain HTTP. */
    synchronized HttpClient unverified() throws IOException {
        if (unverified == null) {
            unverified = client(TlsContexts.unverified());
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

    private static HttpClient client(SSLContext tls) {
        // redirects are followed by RegistryClient, which decides where Authorization may go
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(CONNECT_TIMEOUT)
                .sslContext(tls)
                .build();
    }
}
