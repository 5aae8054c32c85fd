package dev.tarsier.core.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small distribution-API server for what the real registry does not do on demand: the Bearer
 * token flow, blob redirects to another host, 429/503 answers, dropped connections (before an answer
 * or part-way through a blob), stalled blobs, ranges, and blobs whose bytes do not match their digest.
 * It serves one repository from an OCI layout on disk, and takes pushes into it: blob uploads
 * ({@code POST} a session, then a monolithic {@code PUT ?digest=}, checked) and manifests by tag.
 */
public final class FakeRegistry implements AutoCloseable {

    /** The repository served. */
    public static final String REPOSITORY = "fake/app";
    /** The token handed out by the token endpoint. */
    public static final String TOKEN = "tok-3f9a";
    /** The token handed out for a scope with {@code push}; writes require it when Bearer is required. */
    public static final String PUSH_TOKEN = "tok-push-81c2";
    /** The first byte of a TLS connection: content type 22, handshake (RFC 8446 section 5.1). */
    private static final int TLS_HANDSHAKE_RECORD = 0x16;

    /** One request as received. */
    public record Request(String host, String method, String path, String query, Optional<String> authorization,
                          Optional<String> range) {
    }

    private final HttpServer server;
    private final ServerSocket front;
    private final HttpServer storage;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-registry");
        t.setDaemon(true);
        return t;
    });
    private final Path layout;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<Request> storageRequests = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
    private final Map<String, Integer> failureStatus = new ConcurrentHashMap<>();
    private final Map<String, byte[]> replaced = new ConcurrentHashMap<>();
    private volatile Optional<String> bearerBasic = Optional.empty();
    private volatile boolean bearer;
    private volatile boolean redirectBlobs;
    private volatile int forbidden;
    private volatile boolean ignoreRange;
    private volatile boolean stallManifests;
    private volatile Optional<String> refreshToken = Optional.empty();
    private final List<String> tokenForms = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> breaks = new ConcurrentHashMap<>();
    private final Map<String, Integer> breakAfter = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> stalls = new ConcurrentHashMap<>();
    private final CountDownLatch stalled = new CountDownLatch(1);
    private final CountDownLatch closing = new CountDownLatch(1);
    private final Map<String, String> pushedTags = new ConcurrentHashMap<>();
    private final List<String> uploaded = new CopyOnWriteArrayList<>();
    private final AtomicInteger sessions = new AtomicInteger();
    private volatile boolean absoluteUploadLocation;

    private FakeRegistry(Path layout) throws IOException {
        this.layout = layout;
        InetAddress loopback = InetAddress.getLoopbackAddress();
        server = HttpServer.create(new InetSocketAddress(loopback, 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(pool);
        storage = HttpServer.create(new InetSocketAddress(loopback, 0), 0);
        storage.createContext("/", this::handleStorage);
        storage.setExecutor(pool);
        server.start();
        storage.start();
        front = new ServerSocket(0, 50, loopback);
        TestProxy.daemon(() -> {
            while (!front.isClosed()) {
                try {
                    Socket client = front.accept();
                    TestProxy.daemon(() -> frontConnection(client));
                } catch (IOException closed) {
                    return;
                }
            }
        });
    }

    /**
     * Clients reach the HTTP server through a front port that closes a connection opening with a
     * TLS record at once, as Go's registry answers a TLS hello on its plain-HTTP port: the scanner's
     * HTTPS probe of an insecure host then falls back to HTTP without waiting for its timeout (the
     * JDK server would wait for a request line that never comes).
     */
    private void frontConnection(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            int first = in.read();
            if (first < 0 || first == TLS_HANDSHAKE_RECORD) {
                return;
            }
            try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), server.getAddress().getPort())) {
                upstream.getOutputStream().write(first);
                TestProxy.daemon(() -> TestProxy.pump(in, upstream));
                TestProxy.pump(upstream.getInputStream(), client);
            }
        } catch (IOException dropped) {
            // the client or the server went away
        }
    }

    /** Serves the image(s) of an OCI layout. */
    public static FakeRegistry serve(Path layout) throws IOException {
        return new FakeRegistry(layout);
    }

    /** {@code 127.0.0.1:PORT}. */
    public String hostPort() {
        return "127.0.0.1:" + front.getLocalPort();
    }

    /**
     * Requires {@code Authorization: Bearer} from a token at {@code /token}; when {@code basic} is
     * given ({@code user:pass}) the token endpoint demands those Basic credentials.
     */
    public FakeRegistry requireBearer(Optional<String> basic) {
        this.bearer = true;
        this.bearerBasic = basic;
        return this;
    }

    /**
     * Makes the token endpoint take only the OAuth2 refresh flow ({@code POST} of a form with
     * {@code grant_type=refresh_token}) with this identity token, as registries do for identity tokens.
     */
    public FakeRegistry acceptRefreshToken(String token) {
        this.refreshToken = Optional.of(token);
        return this;
    }

    /** The forms posted to the token endpoint, as received. */
    public List<String> tokenForms() {
        return List.copyOf(tokenForms);
    }

    /** Redirects every blob to a second server addressed as {@code localhost}, another host. */
    public FakeRegistry redirectBlobsToStorage() {
        this.redirectBlobs = true;
        return this;
    }

    /**
     * Answers the first {@code times} requests whose path contains {@code pathPart} with {@code status}
     * (0: drop the connection). {@code pathPart} may start with a method and a blank ({@code "PUT /blobs/"}).
     */
    public FakeRegistry fail(String pathPart, int status, int times) {
        failures.put(pathPart, new AtomicInteger(times));
        failureStatus.put(pathPart, status);
        return this;
    }

    /** Serves other bytes for this blob than the ones its digest names. */
    public FakeRegistry replaceBlob(String digest, byte[] bytes) {
        replaced.put(digest, bytes);
        return this;
    }

    /**
     * For the first {@code times} requests of this blob (from whatever offset), declares the full
     * length but sends only {@code bytes} bytes, then drops the connection.
     */
    public FakeRegistry breakBlob(String digest, int bytes, int times) {
        breaks.put(digest, new AtomicInteger(times));
        breakAfter.put(digest, bytes);
        return this;
    }

    /** For the first request of this blob, sends {@code bytes} bytes and then nothing, until closed. */
    public FakeRegistry stallBlob(String digest, int bytes) {
        stalls.put(digest, new AtomicInteger(1));
        breakAfter.put(digest, bytes);
        return this;
    }

    /** Makes every manifest answer send its headers and a few bytes, then nothing, until closed. */
    public FakeRegistry stallManifests() {
        this.stallManifests = true;
        return this;
    }

    /** Waits until a stalled blob or manifest has sent what it sends. */
    public boolean awaitStall(long seconds) throws InterruptedException {
        return stalled.await(seconds, TimeUnit.SECONDS);
    }

    /** Answers {@code Range} requests with the whole blob (200), as servers without range support do. */
    public FakeRegistry ignoreRange() {
        this.ignoreRange = true;
        return this;
    }

    /** Answers 403 to every repository request. */
    public FakeRegistry forbid() {
        this.forbidden = 403;
        return this;
    }

    /** Starts upload sessions at an absolute {@code Location} rather than a relative one. */
    public FakeRegistry absoluteUploadLocations() {
        this.absoluteUploadLocation = true;
        return this;
    }

    /** The digests of the blobs whose upload completed, in order. */
    public List<String> uploadedBlobs() {
        return List.copyOf(uploaded);
    }

    /** Requests received by the registry. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Requests received by the storage host blobs are redirected to. */
    public List<Request> storageRequests() {
        return List.copyOf(storageRequests);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            Optional<String> auth = Optional.ofNullable(ex.getRequestHeaders().getFirst("Authorization"));
            requests.add(new Request(ex.getRequestHeaders().getFirst("Host"), ex.getRequestMethod(), path,
                    ex.getRequestURI().getRawQuery(), auth, Optional.ofNullable(ex.getRequestHeaders().getFirst("Range"))));
            for (Map.Entry<String, AtomicInteger> f : failures.entrySet()) {
                String[] rule = f.getKey().split(" ", 2);
                boolean matches = rule.length == 1 ? path.contains(rule[0])
                        : rule[0].equals(ex.getRequestMethod()) && path.contains(rule[1]);
                if (matches && f.getValue().getAndDecrement() > 0) {
                    int status = failureStatus.get(f.getKey());
                    if (status == 0) {
                        return; // close without an answer: the client sees a dropped connection
                    }
                    ex.getRequestBody().transferTo(OutputStream.nullOutputStream());
                    ex.getResponseHeaders().add("Retry-After", "0");
                    send(ex, status, "application/json", error("TOOMANYREQUESTS", "slow down"));
                    return;
                }
            }
            if (path.equals("/token")) {
                token(ex, auth);
                return;
            }
            boolean write = !ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD");
            boolean tokenFits = auth.equals(Optional.of("Bearer " + PUSH_TOKEN))
                    || !write && auth.equals(Optional.of("Bearer " + TOKEN));
            if (bearer && !tokenFits) {
                ex.getRequestBody().transferTo(OutputStream.nullOutputStream());
                ex.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"http://" + hostPort()
                        + "/token\",service=\"fake-registry\",scope=\"repository:" + REPOSITORY
                        + (write ? ":pull,push" : ":pull") + "\"");
                send(ex, 401, "application/json", error("UNAUTHORIZED", "authentication required"));
                return;
            }
            if (path.equals("/v2/")) {
                send(ex, 200, "application/json", "{}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            String prefix = "/v2/" + REPOSITORY + "/";
            if (!path.startsWith(prefix)) {
                send(ex, 404, "application/json", error("NAME_UNKNOWN", "repository name not known to registry"));
                return;
            }
            if (forbidden != 0) {
                send(ex, forbidden, "application/json", error("DENIED", "requested access to the resource is denied"));
                return;
            }
            String rest = path.substring(prefix.length());
            if (rest.startsWith("blobs/uploads/")) {
                upload(ex, rest.substring("blobs/uploads/".length()));
            } else if (rest.startsWith("manifests/") && ex.getRequestMethod().equals("PUT")) {
                putManifest(ex, rest.substring("manifests/".length()));
            } else if (rest.startsWith("manifests/")) {
                manifest(ex, rest.substring("manifests/".length()));
            } else if (rest.startsWith("blobs/")) {
                String digest = rest.substring("blobs/".length());
                if (redirectBlobs) {
                    ex.getResponseHeaders().add("Location", "http://localhost:" + storage.getAddress().getPort()
                            + "/storage/" + digest + "?signature=abc");
                    send(ex, 307, "text/plain", new byte[0]);
                } else {
                    blob(ex, digest);
                }
            } else {
                send(ex, 404, "application/json", error("UNSUPPORTED", "unknown endpoint"));
            }
        }
    }

    private void handleStorage(HttpExchange ex) throws IOException {
        try (ex) {
            storageRequests.add(new Request(ex.getRequestHeaders().getFirst("Host"), ex.getRequestMethod(),
                    ex.getRequestURI().getPath(), ex.getRequestURI().getRawQuery(),
                    Optional.ofNullable(ex.getRequestHeaders().getFirst("Authorization")),
                    Optional.ofNullable(ex.getRequestHeaders().getFirst("Range"))));
            blob(ex, ex.getRequestURI().getPath().substring("/storage/".length()));
        }
    }

    private void token(HttpExchange ex, Optional<String> auth) throws IOException {
        if (refreshToken.isPresent()) {
            String form = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            tokenForms.add(form);
            List<String> fields = List.of(form.split("&"));
            if (!ex.getRequestMethod().equals("POST") || !fields.contains("grant_type=refresh_token")
                    || !fields.contains("refresh_token=" + refreshToken.get())) {
                send(ex, 401, "application/json", error("UNAUTHORIZED", "invalid refresh token"));
                return;
            }
            send(ex, 200, "application/json", ("{\"access_token\": \"" + TOKEN + "\", \"expires_in\": 300}")
                    .getBytes(StandardCharsets.UTF_8));
            return;
        }
        if (bearerBasic.isPresent() && !auth.equals(Optional.of("Basic " + Base64.getEncoder()
                .encodeToString(bearerBasic.get().getBytes(StandardCharsets.UTF_8))))) {
            send(ex, 401, "application/json", error("UNAUTHORIZED", "bad credentials"));
            return;
        }
        String query = Optional.ofNullable(ex.getRequestURI().getQuery()).orElse("");
        String token = query.contains(":pull,push") ? PUSH_TOKEN : TOKEN;
        send(ex, 200, "application/json", ("{\"token\": \"" + token + "\", \"expires_in\": 300}").getBytes(StandardCharsets.UTF_8));
    }

    private void manifest(HttpExchange ex, String reference) throws IOException {
        ObjectMapper json = new ObjectMapper();
        String digest = reference;
        if (!reference.startsWith("sha256:")) {
            digest = pushedTags.get(reference);
            Path index = layout.resolve("index.json");
            for (JsonNode d : digest == null && Files.isRegularFile(index) ? json.readTree(index.toFile()).path("manifests")
                    : json.createArrayNode()) {
                if (reference.equals(d.path("annotations").path("org.opencontainers.image.ref.name").asText())) {
                    digest = d.path("digest").asText();
                }
            }
            if (digest == null) {
                send(ex, 404, "application/json", error("MANIFEST_UNKNOWN", "manifest unknown"));
                return;
            }
        }
        Path file = layout.resolve("blobs/sha256/" + digest.substring("sha256:".length()));
        if (!Files.isRegularFile(file)) {
            send(ex, 404, "application/json", error("MANIFEST_UNKNOWN", "manifest unknown"));
            return;
        }
        byte[] bytes = Files.readAllBytes(file);
        ex.getResponseHeaders().add("Docker-Content-Digest", digest);
        if (stallManifests) {
            sendPart(ex, 200, "application/json", bytes, 10, true);
            return;
        }
        send(ex, 200, json.readTree(bytes).path("mediaType").asText("application/vnd.oci.image.manifest.v1+json"), bytes);
    }

    /**
     * {@code POST uploads/} opens a session at a {@code Location} with a query of its own;
     * {@code PUT <session>?...&digest=} stores the body streamed to disk, if it has that digest.
     */
    private void upload(HttpExchange ex, String session) throws IOException {
        if (ex.getRequestMethod().equals("POST") && session.isEmpty()) {
            ex.getRequestBody().transferTo(OutputStream.nullOutputStream());
            String location = "/v2/" + REPOSITORY + "/blobs/uploads/s" + sessions.incrementAndGet() + "?_state=opaque";
            ex.getResponseHeaders().add("Location", absoluteUploadLocation ? "http://" + hostPort() + location : location);
            send(ex, 202, "text/plain", new byte[0]);
            return;
        }
        String query = Optional.ofNullable(ex.getRequestURI().getQuery()).orElse("");
        if (!ex.getRequestMethod().equals("PUT") || !query.startsWith("_state=opaque&digest=sha256:")) {
            send(ex, 400, "application/json", error("BLOB_UPLOAD_INVALID", "expected PUT ?_state=..&digest="));
            return;
        }
        String digest = query.substring(query.indexOf("digest=") + "digest=".length());
        Path blobs = Files.createDirectories(layout.resolve("blobs/sha256"));
        Path part = Files.createTempFile(blobs, "upload", ".part");
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = new DigestInputStream(ex.getRequestBody(), sha)) {
            Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
        }
        if (!digest.equals("sha256:" + HexFormat.of().formatHex(sha.digest()))) {
            Files.delete(part);
            send(ex, 400, "application/json", error("DIGEST_INVALID", "provided digest did not match uploaded content"));
            return;
        }
        Files.move(part, blobs.resolve(digest.substring("sha256:".length())), StandardCopyOption.REPLACE_EXISTING);
        uploaded.add(digest);
        ex.getResponseHeaders().add("Location", "/v2/" + REPOSITORY + "/blobs/" + digest);
        send(ex, 201, "text/plain", new byte[0]);
    }

    private void putManifest(HttpExchange ex, String tag) throws IOException {
        byte[] bytes = ex.getRequestBody().readAllBytes();
        String digest = "sha256:" + HexFormat.of().formatHex(sha256(bytes));
        Path blobs = Files.createDirectories(layout.resolve("blobs/sha256"));
        Files.write(blobs.resolve(digest.substring("sha256:".length())), bytes);
        pushedTags.put(tag, digest);
        ex.getResponseHeaders().add("Docker-Content-Digest", digest);
        send(ex, 201, "text/plain", new byte[0]);
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void blob(HttpExchange ex, String digest) throws IOException {
        byte[] bytes = replaced.get(digest);
        if (bytes == null) {
            Path file = layout.resolve("blobs/sha256/" + digest.substring(digest.indexOf(':') + 1));
            if (!Files.isRegularFile(file)) {
                send(ex, 404, "application/json", error("BLOB_UNKNOWN", "blob unknown to registry"));
                return;
            }
            bytes = Files.readAllBytes(file);
        }
        if (ex.getRequestMethod().equals("HEAD")) {
            ex.getResponseHeaders().add("Content-Length", Integer.toString(bytes.length));
            ex.getResponseHeaders().add("Docker-Content-Digest", digest);
            ex.sendResponseHeaders(200, -1);
            return;
        }
        int status = 200;
        String range = ex.getRequestHeaders().getFirst("Range");
        if (range != null && !ignoreRange && range.matches("bytes=\\d+-")) {
            int from = Integer.parseInt(range.substring("bytes=".length(), range.length() - 1));
            ex.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (bytes.length - 1) + "/" + bytes.length);
            bytes = Arrays.copyOfRange(bytes, from, bytes.length);
            status = 206;
        }
        AtomicInteger toBreak = breaks.get(digest);
        AtomicInteger toStall = stalls.get(digest);
        boolean breaking = toBreak != null && toBreak.getAndDecrement() > 0;
        boolean stalling = toStall != null && toStall.getAndDecrement() > 0;
        if (breaking || stalling) {
            sendPart(ex, status, "application/octet-stream", bytes, breakAfter.get(digest), stalling);
            return;
        }
        send(ex, status, "application/octet-stream", bytes);
    }

    /**
     * Declares the whole body but sends only its first {@code sent} bytes; then, when
     * {@code stall}, sends nothing more until the registry is closed. The exchange then closes with
     * fewer bytes than declared, so the server drops the connection.
     */
    private void sendPart(HttpExchange ex, int status, String type, byte[] body, int sent, boolean stall) throws IOException {
        ex.getResponseHeaders().add("Content-Type", type);
        ex.sendResponseHeaders(status, body.length);
        OutputStream out = ex.getResponseBody();
        out.write(body, 0, Math.min(body.length, sent));
        out.flush();
        if (stall) {
            stalled.countDown();
            try {
                closing.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static byte[] error(String code, String message) {
        return ("{\"errors\": [{\"code\": \"" + code + "\", \"message\": \"" + message + "\"}]}").getBytes(StandardCharsets.UTF_8);
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().add("Content-Type", type);
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, body.length == 0 || head ? -1 : body.length);
        if (body.length > 0 && !head) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        closing.countDown();
        try {
            front.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        server.stop(0);
        storage.stop(0);
        pool.shutdownNow();
    }
}
