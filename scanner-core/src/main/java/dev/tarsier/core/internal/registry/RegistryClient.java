package dev.tarsier.core.internal.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import dev.tarsier.core.internal.source.BlobReader;
import dev.tarsier.core.internal.source.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLException;

/**
 * A client of the OCI distribution API (distribution-spec spec.md, "Pull") for one repository, on
 * the JDK {@link HttpClient}.
 *
 * <ul>
 * <li>Authentication: anonymous; HTTP Basic (RFC 7617) when the registry challenges with it; the
 * Docker token flow (distribution's "Token Authentication Specification") when it challenges with
 * {@code Bearer realm=...,service=...,scope=...}: a token is fetched from the realm (with the
 * Basic credentials when there are any, or in exchange for an identity token by the OAuth2 refresh
 * flow) and cached per scope until it expires; a bearer token given as is
 * ({@link Credentials#bearer}) answers any challenge of the registry itself and is never sent to a
 * token service.</li>
 * <li>Redirects are followed here, not by the HTTP client, so that {@code Authorization} is sent
 * only to the registry's own origin: a blob redirected to a storage host gets no credentials.</li>
 * <li>429, 5xx and failed connections are retried with exponential backoff, honouring
 * {@code Retry-After} (RFC 9110 section 10.2.3) up to a cap.</li>
 * <li>TLS is verified unless the host was named insecure; an insecure host is tried over HTTPS
 * without verification, then over plain HTTP, like the docker client does.</li>
 * </ul>
 *
 * <p>Thread-safe: layer blobs are opened from several threads at once.
 */
public final class RegistryClient {

    /** Manifest media types offered in {@code Accept}, by preference. */
    static final List<String> MANIFEST_TYPES = List.of(
            "application/vnd.oci.image.index.v1+json",
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.docker.distribution.manifest.list.v2+json",
            "application/vnd.docker.distribution.manifest.v2+json");
    private static final int MAX_REDIRECTS = 5;
    private static final int MAX_ERROR_BODY = 64 << 10;
    /** Most pages followed in one listing (at the registry's page size, far beyond any real registry). */
    private static final int MAX_LIST_PAGES = 10_000;
    private static final Pattern NEXT_LINK = Pattern.compile("<([^>]*)>\\s*;[^,]*rel=\"?next\"?");
    private static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(30);
    private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(120);
    /**
     * How long a layer blob's connection may stay silent before it is given up and resumed: long
     * enough for a slow registry, short enough that a dead connection does not hold a layer.
     */
    private static final Duration BLOB_IDLE_TIMEOUT = Duration.ofSeconds(60);
    /**
     * How long an insecure host gets to answer the HTTPS probe before plain HTTP is tried: a plain
     * HTTP server may wait for a request line that the TLS hello never completes.
     */
    private static final Duration INSECURE_TLS_PROBE = Duration.ofSeconds(2);
    /** The {@code client_id} the OAuth2 token flow asks for (token specification: any client's name). */
    private static final String CLIENT_ID = "tarsier";
    /** Tokens without {@code expires_in} last 60 s (token specification's default). */
    private static final long DEFAULT_TOKEN_SECONDS = 60;

    private final RegistryReference ref;
    private final RegistryTransport transport;
    private final boolean insecure;
    private final RegistrySettings settings;
    private final Optional<Credentials> credentials;
    private final HttpClient http;
    private final URI base;
    private final String scope;
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();
    private volatile Optional<Challenge> challenge;

    private record Token(String value, Instant expires) {
    }

    /**
     * What the client may do in its repository, as asked of a token service (token specification,
     * "Requesting a Token": {@code repository:<name>:<actions>}).
     */
    public enum Access {
        /** Read manifests and blobs. */
        PULL("pull"),
        /** Read, upload blobs and put manifests; registries want {@code pull} too for an upload's checks. */
        PUSH("pull,push"),
        /** List the registry's repositories ({@code GET /v2/_catalog}; token scope {@code registry:catalog:*}). */
        CATALOG("*");

        private final String actions;

        Access(String actions) {
            this.actions = actions;
        }
    }

    /**
     * One request as sent on every attempt and redirect hop.
     *
     * @param body sent again whole on each attempt (reopened)
     */
    private record Call(String method, URI uri, Map<String, String> headers, RequestBody body, Stack stack,
                        Duration timeout) {

        static Call get(URI uri, Map<String, String> headers, Stack stack, Duration timeout) {
            return new Call("GET", uri, headers, RequestBody.NONE, stack, timeout);
        }

        Call to(URI next) {
            return new Call(method, next, headers, body, stack, timeout);
        }
    }

    /** One try of a request, or of a short sequence of requests retried as a whole (an upload). */
    @FunctionalInterface
    private interface Attempt {
        Reply run() throws IOException, InterruptedException;
    }

    /**
     * Which HTTP stack carries a request: the {@link HttpClient} (the first {@code GET /v2/}), the
     * JDK's blocking stack with kept-alive connections (manifests, configs; see
     * {@link RegistryTransport#blocking}), or a connection of its own that interruption ends
     * (layer blobs; see {@link InterruptibleGet}).
     */
    private enum Stack {
        CLIENT, BLOCKING, INTERRUPTIBLE
    }

    private RegistryClient(RegistryReference ref, RegistryTransport transport, boolean insecure, Access access,
                           Optional<Credentials> credentials, HttpClient http, URI base, Optional<Challenge> challenge) {
        this.ref = ref;
        this.transport = transport;
        this.insecure = insecure;
        this.settings = transport.settings();
        this.credentials = credentials;
        this.http = http;
        this.base = base;
        this.scope = access == Access.CATALOG ? "registry:catalog:*"
                : "repository:" + ref.repository() + ":" + access.actions;
        this.challenge = challenge;
    }

    /**
     * Connects to the registry: picks the scheme, and learns how it wants to be authenticated from
     * {@code GET /v2/} (distribution-spec, "Determining support").
     *
     * @throws RegistryException when the registry cannot be reached
     */
    public static RegistryClient connect(RegistryReference ref, RegistryTransport transport, Optional<Credentials> credentials)
            throws IOException, InterruptedException {
        return connect(ref, transport, credentials, Access.PULL);
    }

    /**
     * Connects as {@link #connect(RegistryReference, RegistryTransport, Optional)} does, asking token
     * services for the given access to the repository.
     *
     * @throws RegistryException when the registry cannot be reached
     */
    public static RegistryClient connect(RegistryReference ref, RegistryTransport transport, Optional<Credentials> credentials,
                                         Access access) throws IOException, InterruptedException {
        RegistrySettings settings = transport.settings();
        String endpoint = ref.endpoint();
        boolean insecure = settings.insecure(endpoint) || settings.insecure(ref.registry());
        HttpClient http = insecure ? transport.unverified() : transport.verified();
        Optional<RegistryTransport.Endpoint> known = transport.known(endpoint);
        if (known.isPresent()) {
            return new RegistryClient(ref, transport, insecure, access, credentials, http, known.get().base(),
                    known.get().challenge());
        }
        RegistryClient client;
        if (!insecure) {
            client = ping(ref, transport, insecure, access, credentials, http, URI.create("https://" + endpoint), RESPONSE_TIMEOUT,
                    settings.maxAttempts());
        } else {
            try {
                client = ping(ref, transport, insecure, access, credentials, http, URI.create("https://" + endpoint), INSECURE_TLS_PROBE, 1);
            } catch (RegistryException e) {
                if (e.status() != 0) {
                    throw e;
                }
                // the insecure host does not speak TLS: plain HTTP, as the user allowed
                client = ping(ref, transport, insecure, access, credentials, http, URI.create("http://" + endpoint), RESPONSE_TIMEOUT,
                        settings.maxAttempts());
            }
        }
        transport.remember(endpoint, new RegistryTransport.Endpoint(client.base, client.challenge));
        return client;
    }

    private static RegistryClient ping(RegistryReference ref, RegistryTransport transport, boolean insecure, Access access,
                                       Optional<Credentials> credentials, HttpClient http, URI base, Duration timeout,
                                       int attempts)
            throws IOException, InterruptedException {
        RegistryClient probe = new RegistryClient(ref, transport, insecure, access, credentials, http, base, Optional.empty());
        Call v2 = Call.get(base.resolve("/v2/"), Map.of(), Stack.CLIENT, timeout);
        Reply response = probe.retrying(v2.uri(), attempts, () -> probe.followRedirects(v2, false));
        try (InputStream body = response.body()) {
            body.readNBytes(MAX_ERROR_BODY);
        }
        Optional<Challenge> challenge = Optional.empty();
        if (response.statusCode() == 401) {
            challenge = preferred(response);
        }
        return new RegistryClient(ref, transport, insecure, access, credentials, http, base, challenge);
    }

    /** The registry's base URI ({@code https://host:port}). */
    public URI base() {
        return base;
    }

    /** A fetched manifest or index: its bytes, its digest and the {@code Content-Type} sent. */
    public record Manifest(byte[] bytes, String digest, String contentType) {
    }

    /**
     * Fetches a manifest by tag or digest with {@code Accept} for OCI and Docker v2 schema 2 types.
     * A manifest fetched by digest is verified against it.
     */
    public Manifest manifest(String reference) throws IOException, InterruptedException {
        URI uri = base.resolve("/v2/" + ref.repository() + "/manifests/" + reference);
        Reply response = send(uri, Map.of("Accept", String.join(", ", MANIFEST_TYPES)));
        byte[] bytes = bounded(response, "manifest " + reference);
        boolean byDigest = reference.contains(":");
        if (byDigest) {
            verify(reference, bytes, "manifest");
        }
        return new Manifest(bytes, byDigest ? reference : "sha256:" + sha256(bytes),
                response.headers().firstValue("Content-Type").orElse(""));
    }

    /** Fetches a small blob (an image config) into memory, verifying its digest. */
    public byte[] smallBlob(String digest) throws IOException, InterruptedException {
        Reply response = send(blobUri(digest), Map.of());
        byte[] bytes = bounded(response, "blob " + digest);
        verify(digest, bytes, "blob");
        return bytes;
    }

    /**
     * Opens a layer blob as a stream straight from the HTTP response (no temp file), on a
     * connection that the reading thread's interruption closes; a connection lost part-way is
     * resumed from where it broke ({@link ResumingBlob}). The caller verifies the digest while
     * reading and closes the stream.
     */
    public InputStream openBlob(String digest) throws IOException {
        URI uri = blobUri(digest);
        return new ResumingBlob(digest, blobFrom(uri, digest, 0).body(), offset -> blobFrom(uri, digest, offset),
                settings.maxAttempts(), settings.backoff());
    }

    /**
     * Whether the repository holds this blob ({@code HEAD}, distribution-spec "Checking if content
     * exists in the registry"), so that an upload of content already there is skipped.
     *
     * @throws RegistryException when the registry answers neither 200 nor 404
     */
    public boolean hasBlob(String digest) throws IOException, InterruptedException {
        Reply response = authorized(new Call("HEAD", blobUri(digest), Map.of(), RequestBody.NONE, Stack.BLOCKING,
                RESPONSE_TIMEOUT));
        int status = response.statusCode();
        if (status == 200 || status == 404) {
            response.body().close();
            return status == 200;
        }
        throw writeFailure(response, "check for blob " + digest);
    }

    /**
     * Uploads a blob (distribution-spec "Pushing blobs", monolithic): {@code POST
     * /v2/<name>/blobs/uploads/} opens a session whose {@code Location} (relative or absolute, with
     * a query of its own or not) then gets {@code PUT ?digest=<digest>} with the content streamed at
     * a fixed length. A retryable failure (429, 5xx, a broken connection) starts a new session, as
     * the failed one may be gone; the attempts are the settings' retry budget.
     *
     * @throws RegistryException when the registry refuses the upload
     */
    void uploadBlob(String digest, RequestBody content) throws IOException, InterruptedException {
        URI sessions = base.resolve("/v2/" + ref.repository() + "/blobs/uploads/");
        String action = "upload of blob " + digest;
        Reply done = retrying(sessions, settings.maxAttempts(), () -> {
            Reply started = once(new Call("POST", sessions, Map.of(), RequestBody.of(new byte[0]), Stack.BLOCKING,
                    RESPONSE_TIMEOUT));
            if (started.statusCode() != 202) {
                return started;
            }
            started.body().close();
            String location = started.headers().firstValue("Location").orElseThrow(() -> new RegistryException(
                    where() + ": " + action + " failed: the upload session has no Location", 202));
            URI session = followable(sessions, location, 202);
            URI put = URI.create(session + (session.getRawQuery() == null ? "?" : "&") + "digest=" + encode(digest));
            return once(new Call("PUT", put, Map.of("Content-Type", "application/octet-stream"), content,
                    Stack.BLOCKING, RESPONSE_TIMEOUT));
        });
        if (done.statusCode() != 201) {
            throw writeFailure(done, action);
        }
        done.body().close();
    }

    /**
     * Puts a manifest under a tag (distribution-spec "Pushing Manifests") and returns its digest.
     *
     * @throws RegistryException when the registry refuses it, or says it stored other bytes
     */
    public String putManifest(String tag, String mediaType, byte[] bytes) throws IOException, InterruptedException {
        URI uri = base.resolve("/v2/" + ref.repository() + "/manifests/" + tag);
        Reply response = authorized(new Call("PUT", uri, Map.of("Content-Type", mediaType), RequestBody.of(bytes),
                Stack.BLOCKING, RESPONSE_TIMEOUT));
        String action = "push of manifest " + tag;
        if (response.statusCode() != 201) {
            throw writeFailure(response, action);
        }
        response.body().close();
        String digest = "sha256:" + sha256(bytes);
        Optional<String> stored = response.headers().firstValue("Docker-Content-Digest");
        if (stored.isPresent() && stored.get().startsWith("sha256:") && !stored.get().equals(digest)) {
            throw new RegistryException(where() + ": " + action + " failed: the registry stored digest " + stored.get()
                    + " for a manifest whose digest is " + digest, 201);
        }
        return digest;
    }

    /** The blob from byte {@code offset} on: a 200, or a 206 when a range was asked for. */
    private Reply blobFrom(URI uri, String digest, long offset) throws IOException {
        try {
            return send(uri, offset == 0 ? Map.of() : Map.of("Range", "bytes=" + offset + "-"), Stack.INTERRUPTIBLE,
                    BLOB_IDLE_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while opening blob " + digest);
        }
    }

    private URI blobUri(String digest) throws RegistryException {
        if (!digest.matches("[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+")) {
            throw new RegistryException(where() + ": invalid blob digest '" + digest + "'", 0);
        }
        return base.resolve("/v2/" + ref.repository() + "/blobs/" + digest);
    }

    /**
     * Reads a paginated listing of the distribution API (distribution-spec "Listing Tags", and the
     * catalog extension): the strings of {@code field} on every page, pages followed through the
     * {@code Link: <...>; rel="next"} header on this registry's origin only.
     *
     * @param path {@code /v2/_catalog} or {@code /v2/<name>/tags/list}
     * @param field {@code repositories} or {@code tags}
     * @throws RegistryException when the registry refuses, answers otherwise than with such pages,
     *     or sends more than {@value #MAX_LIST_PAGES} pages
     */
    public List<String> list(String path, String field) throws IOException, InterruptedException {
        List<String> items = new ArrayList<>();
        URI next = base.resolve(path);
        for (int page = 0; next != null; page++) {
            if (page >= MAX_LIST_PAGES) {
                throw new RegistryException(where() + ": more than " + MAX_LIST_PAGES + " pages listing " + path, 0);
            }
            Reply response = authorized(Call.get(next, Map.of("Accept", "application/json"), Stack.BLOCKING,
                    RESPONSE_TIMEOUT));
            if (response.statusCode() != 200) {
                throw failure(response, path);
            }
            Optional<String> link = response.headers().firstValue("Link");
            JsonNode values;
            try {
                values = Json.MAPPER.readTree(bounded(response, path)).path(field);
            } catch (JsonProcessingException e) {
                throw new RegistryException(where() + ": " + path + " is not JSON: " + e.getOriginalMessage(), 0);
            }
            if (!values.isArray() && !values.isNull() && !values.isMissingNode()) {
                throw new RegistryException(where() + ": " + path + " has no list of " + field, 0);
            }
            for (JsonNode v : values) {
                if (v.isTextual()) {
                    items.add(v.asText());
                }
            }
            next = nextPage(next, link);
        }
        return items;
    }

    /** The next page named by a {@code Link} header, when it is on this registry's origin. */
    private URI nextPage(URI current, Optional<String> link) throws RegistryException {
        if (link.isEmpty()) {
            return null;
        }
        Matcher m = NEXT_LINK.matcher(link.get());
        if (!m.find()) {
            return null;
        }
        URI next;
        try {
            next = current.resolve(m.group(1).strip());
        } catch (IllegalArgumentException e) {
            throw new RegistryException(where() + ": invalid Link header: " + link.get(), 0);
        }
        if (!sameOrigin(next)) {
            throw new RegistryException(where() + ": the next page of a listing is on another host: " + next.getAuthority(), 0);
        }
        return next;
    }

    /**
     * Sends a GET of the distribution API on the blocking stack (see
     * {@link RegistryTransport#blocking}) and returns a 200 response, or throws a one-line
     * {@link RegistryException}.
     */
    private Reply send(URI uri, Map<String, String> headers) throws IOException, InterruptedException {
        return send(uri, headers, Stack.BLOCKING, RESPONSE_TIMEOUT);
    }

    /** {@link #send(URI, Map)} on the given stack; with a {@code Range} header, a 206 is an answer too. */
    private Reply send(URI uri, Map<String, String> headers, Stack stack, Duration timeout)
            throws IOException, InterruptedException {
        Reply response = authorized(Call.get(uri, headers, stack, timeout));
        int status = response.statusCode();
        if (status == 200 || status == 206 && headers.containsKey("Range")) {
            return response;
        }
        throw failure(response, uri.getPath().contains("/manifests/") ? "manifest " + ref.manifestReference() : "blob");
    }

    /** A request with the retry policy, each attempt authenticated ({@link #once}). */
    private Reply authorized(Call call) throws IOException, InterruptedException {
        return retrying(call.uri(), settings.maxAttempts(), () -> once(call));
    }

    /**
     * One attempt: the request with its redirects followed, and sent once more after a 401 that a
     * fresh token or the credentials may answer ({@link #authenticateFrom}).
     */
    private Reply once(Call call) throws IOException, InterruptedException {
        Reply response = followRedirects(call, true);
        if (response.statusCode() == 401 && authenticateFrom(response)) {
            response = followRedirects(call, true);
        }
        return response;
    }

    /**
     * The one-line error for a read answered otherwise than wanted: 401 says whether credentials were
     * configured (never what they are), the registry's error code follows when it sent one.
     *
     * @param what the object of the request, as in "{@code <what> not found}"
     */
    private RegistryException failure(Reply response, String what) {
        int status = response.statusCode();
        String detail = errorDetail(response);
        String message = switch (status) {
            case 401, 403 -> where() + ": " + refusal(status);
            case 404 -> where() + ": " + what + " not found (404): unknown repository, tag or digest";
            default -> where() + ": registry answered HTTP " + status + " for " + what;
        };
        return new RegistryException(message + detail, status);
    }

    /**
     * The one-line error for a write (an upload, a manifest push) answered otherwise than wanted.
     *
     * @param action what was being done, as in "{@code <action> failed}"
     */
    private RegistryException writeFailure(Reply response, String action) {
        int status = response.statusCode();
        String detail = errorDetail(response);
        String why = status == 401 || status == 403 ? refusal(status) : "HTTP " + status;
        return new RegistryException(where() + ": " + action + " failed: " + why + detail, status);
    }

    private String refusal(int status) {
        return status == 403 ? "access denied (403)" : "authentication required or refused (401)"
                + (credentials.isPresent() ? " for the configured credentials" : "; no credentials configured");
    }

    /**
     * Runs an attempt with the retry policy: 429, 500, 502, 503, 504 and failed connections are
     * tried again after an exponential backoff (or the registry's {@code Retry-After}); a
     * {@link RegistryException}, a TLS failure or an interruption ends at once. A failure to connect
     * becomes a one-line {@link RegistryException} naming {@code target}'s origin.
     */
    private Reply retrying(URI target, int attempts, Attempt attempt) throws IOException, InterruptedException {
        Duration delay = settings.backoff();
        for (int tried = 1; ; tried++) {
            Reply response;
            try {
                response = attempt.run();
            } catch (IOException e) {
                if (e instanceof RegistryException || e instanceof InterruptedIOException
                        || e instanceof SSLException || tried >= attempts) {
                    throw e instanceof RegistryException r ? r : new RegistryException(where() + ": cannot reach "
                            + target.getScheme() + "://" + target.getAuthority() + ": " + describe(e), e);
                }
                Thread.sleep(delay.toMillis());
                delay = delay.multipliedBy(2);
                continue;
            }
            int status = response.statusCode();
            boolean retryable = status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
            if (!retryable || tried >= attempts) {
                return response;
            }
            Duration wait = retryAfter(response).orElse(delay);
            response.body().close();
            Thread.sleep(wait.toMillis());
            delay = delay.multipliedBy(2);
        }
    }

    /**
     * One request with redirects followed here. {@code Authorization} goes only to the registry's
     * origin; the realm of a token service gets credentials separately. The {@link HttpClient} stack
     * is kept for the first {@code GET /v2/}, whose timeout bounds the TLS probe of an insecure host.
     */
    private Reply followRedirects(Call call, boolean authorize) throws IOException, InterruptedException {
        Call current = call;
        for (int hop = 0; ; hop++) {
            Map<String, String> sent = new LinkedHashMap<>(current.headers());
            if (authorize && sameOrigin(current.uri())) {
                authorization().ifPresent(a -> sent.put("Authorization", a));
            }
            URI uri = current.uri();
            Reply response = switch (current.stack()) {
                case BLOCKING -> transport.blocking(uri, current.method(), sent, current.body(), current.timeout(), insecure);
                case INTERRUPTIBLE -> transport.interruptible(uri, sent, current.timeout(), insecure);
                case CLIENT -> {
                    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(current.timeout())
                            .method(current.method(), HttpRequest.BodyPublishers.noBody());
                    sent.forEach(request::header);
                    yield Reply.of(http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
                }
            };
            int status = response.statusCode();
            if (status != 301 && status != 302 && status != 303 && status != 307 && status != 308) {
                return response;
            }
            Optional<String> location = response.headers().firstValue("Location");
            response.body().close();
            if (location.isEmpty()) {
                throw new RegistryException(where() + ": redirect (" + status + ") without Location", status);
            }
            if (hop >= MAX_REDIRECTS) {
                throw new RegistryException(where() + ": more than " + MAX_REDIRECTS + " redirects", status);
            }
            URI next = followable(uri, location.get(), status);
            current = current.to(next);
        }
    }

    /**
     * Where a {@code Location} (a redirect's, an upload session's) leads from {@code from}: resolved
     * when relative (RFC 9110 section 10.2.2), an HTTP(S) URI, and not from HTTPS down to plain HTTP
     * unless that host is insecure too.
     */
    private URI followable(URI from, String location, int status) throws RegistryException {
        URI next;
        try {
            next = from.resolve(location.strip());
        } catch (IllegalArgumentException e) {
            throw new RegistryException(where() + ": invalid Location in a " + status + " answer", status);
        }
        if (!"https".equals(next.getScheme()) && !"http".equals(next.getScheme())) {
            throw new RegistryException(where() + ": redirect to unsupported scheme " + next.getScheme(), status);
        }
        if ("http".equals(next.getScheme()) && "https".equals(from.getScheme())
                && !settings.insecure(next.getAuthority())) {
            throw new RegistryException(where() + ": refusing a redirect from HTTPS to plain HTTP ("
                    + next.getAuthority() + ")", status);
        }
        return next;
    }

    private boolean sameOrigin(URI uri) {
        return uri.getScheme().equalsIgnoreCase(base.getScheme())
                && uri.getHost().equalsIgnoreCase(base.getHost())
                && port(uri) == port(base);
    }

    private static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    /** The header for the current challenge: a cached token, Basic credentials, or nothing. */
    private Optional<String> authorization() throws IOException, InterruptedException {
        Optional<Challenge> c = challenge;
        if (c.isEmpty()) {
            return Optional.empty();
        }
        Optional<Credentials> bearer = credentials.filter(Credentials::isBearer);
        if (bearer.isPresent()) {
            // a token given as is answers any challenge of the registry; no token service is asked
            return Optional.of("Bearer " + bearer.get().secret());
        }
        if (c.get().scheme().equals("basic")) {
            return password().map(Credentials::basicHeader);
        }
        String wanted = scope;
        Token token = tokens.get(wanted);
        if (token == null || Instant.now().isAfter(token.expires())) {
            token = fetchToken(c.get(), wanted);
            tokens.put(wanted, token);
        }
        return Optional.of("Bearer " + token.value());
    }

    /**
     * Records the challenge of a 401 and says whether one more try can help: always for Bearer (a
     * fresh token is fetched; the cached one may have expired or been revoked), for Basic only when
     * credentials exist and were not sent yet. {@link #send} retries at most once per request.
     */
    private boolean authenticateFrom(Reply response) throws IOException {
        response.body().close();
        Optional<Challenge> next = preferred(response);
        if (next.isEmpty()) {
            return false;
        }
        boolean basicSent = challenge.map(c -> c.scheme().equals("basic")).orElse(false);
        boolean bearerSent = challenge.isPresent() && credentials.filter(Credentials::isBearer).isPresent();
        challenge = next;
        if (bearerSent) {
            // the fixed token was refused: sending it again cannot help
            return false;
        }
        if (next.get().scheme().equals("basic")) {
            return password().isPresent() && !basicSent;
        }
        tokens.remove(scope);
        return true;
    }

    /**
     * The credentials when they are a user and password (an identity token is for token services
     * only, a bearer token goes as is).
     */
    private Optional<Credentials> password() {
        return credentials.filter(c -> !c.isIdentityToken() && !c.isBearer());
    }

    private static Optional<Challenge> preferred(Reply response) {
        Optional<Challenge> basic = Optional.empty();
        for (String header : response.headers().allValues("WWW-Authenticate")) {
            for (Challenge c : Challenge.parse(header)) {
                if (c.scheme().equals("bearer") && c.param("realm").isPresent()) {
                    return Optional.of(c);
                }
                if (c.scheme().equals("basic") && basic.isEmpty()) {
                    basic = Optional.of(c);
                }
            }
        }
        return basic;
    }

    /**
     * Token specification, "Requesting a Token": {@code GET realm?service=..&scope=..}, with Basic
     * credentials when configured; the answer holds {@code token} (or OAuth2's
     * {@code access_token}) and optionally {@code expires_in}. With an identity token, the
     * specification's OAuth2 flow instead: {@code POST realm} of the form
     * {@code grant_type=refresh_token&refresh_token=..&service=..&scope=..&client_id=..}.
     */
    private Token fetchToken(Challenge c, String wantedScope) throws IOException, InterruptedException {
        String realm = c.param("realm").orElseThrow();
        StringBuilder query = new StringBuilder();
        c.param("service").ifPresent(s -> query.append("service=").append(encode(s)));
        query.append(query.length() > 0 ? "&" : "").append("scope=").append(encode(wantedScope));
        Optional<Credentials> identityToken = credentials.filter(Credentials::isIdentityToken);
        URI uri;
        try {
            uri = URI.create(identityToken.isPresent() ? realm : realm + (realm.contains("?") ? "&" : "?") + query);
        } catch (IllegalArgumentException e) {
            throw new RegistryException(where() + ": invalid token realm in WWW-Authenticate", 401);
        }
        if (!"https".equals(uri.getScheme()) && !("http".equals(uri.getScheme()) && settings.insecure(uri.getAuthority()))) {
            throw new RegistryException(where() + ": token realm " + uri.getScheme() + "://" + uri.getAuthority()
                    + " is not HTTPS and not an insecure registry", 401);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(RESPONSE_TIMEOUT);
        if (identityToken.isPresent()) {
            String form = query + "&grant_type=refresh_token&client_id=" + CLIENT_ID
                    + "&refresh_token=" + encode(identityToken.get().secret());
            request.header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8));
        } else {
            request.GET();
            password().ifPresent(cr -> request.header("Authorization", cr.basicHeader()));
        }
        Reply response = Reply.of(http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
        if (response.statusCode() != 200) {
            String detail = errorDetail(response);
            throw new RegistryException(where() + ": token service " + uri.getAuthority() + " refused access ("
                    + response.statusCode() + ")" + (credentials.isPresent() ? "" : "; no credentials configured")
                    + detail, response.statusCode() == 403 ? 403 : 401);
        }
        JsonNode json;
        try (InputStream body = response.body()) {
            json = Json.MAPPER.readTree(body.readNBytes(MAX_ERROR_BODY));
        }
        String value = json.path("token").asText(json.path("access_token").asText(""));
        if (value.isEmpty()) {
            throw new RegistryException(where() + ": token service " + uri.getAuthority() + " returned no token", 401);
        }
        long seconds = json.path("expires_in").asLong(DEFAULT_TOKEN_SECONDS);
        // renew a little early so a token does not expire between check and use
        return new Token(value, Instant.now().plusSeconds(Math.max(1, seconds - 5)));
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static Optional<Duration> retryAfter(Reply response) {
        Optional<String> value = response.headers().firstValue("Retry-After");
        if (value.isEmpty() || !value.get().strip().matches("\\d{1,6}")) {
            return Optional.empty();
        }
        Duration d = Duration.ofSeconds(Long.parseLong(value.get().strip()));
        return Optional.of(d.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : d);
    }

    private byte[] bounded(Reply response, String what) throws IOException {
        try (InputStream body = response.body()) {
            byte[] bytes = body.readNBytes(RegistryTransport.MAX_SMALL_BODY);
            if (bytes.length > BlobReader.MAX_METADATA) {
                throw new RegistryException(where() + ": " + what + " is larger than " + BlobReader.MAX_METADATA
                        + " bytes", 0);
            }
            return bytes;
        }
    }

    private void verify(String digest, byte[] bytes, String what) throws RegistryException {
        if (!digest.startsWith("sha256:")) {
            throw new RegistryException(where() + ": unsupported digest algorithm in " + digest, 0);
        }
        String actual = "sha256:" + sha256(bytes);
        if (!actual.equals(digest)) {
            throw new RegistryException(where() + ": " + what + " digest mismatch: expected " + digest + ", got " + actual, 0);
        }
    }

    /** The registry's error document (distribution-spec "Error Codes"), as {@code : CODE message}. */
    private static String errorDetail(Reply response) {
        try (InputStream body = response.body()) {
            byte[] bytes = body.readNBytes(MAX_ERROR_BODY);
            JsonNode first = Json.MAPPER.readTree(bytes).path("errors").path(0);
            String code = first.path("code").asText("");
            String message = first.path("message").asText("");
            if (code.isEmpty()) {
                return "";
            }
            String text = (" " + code + (message.isEmpty() ? "" : " " + message)).replaceAll("[\\r\\n\\t]+", " ");
            return ":" + (text.length() > 200 ? text.substring(0, 200) : text);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private String where() {
        return ref.registry() + "/" + ref.repository();
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m.lines().findFirst().orElse(""));
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    @Override
    public String toString() {
        return "RegistryClient[" + base + "/" + ref.repository() + "]";
    }
}
