package dev.tarsier.harbor;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Harbor puts in front of its registry, made small: a proxy to a real (anonymous)
 * {@code docker-registry} that demands Docker token authentication the way Harbor's core does
 * ({@code 401} with {@code WWW-Authenticate: Bearer realm=.../service/token,service=harbor-registry,
 * scope=repository:<repo>:pull}), a token service that trades the robot account's Basic
 * credentials for a token, and blob downloads redirected to a "storage" server on another host
 * (127.0.0.2), like an S3 backend. Every request each server receives is recorded with its headers,
 * so a test can assert where an {@code Authorization} went. A gate can hold blob downloads back.
 */
final class RegistryFront implements AutoCloseable {

    static final String SERVICE = "harbor-registry";
    private static final Pattern BLOB = Pattern.compile("/v2/(.+)/blobs/(sha256:[a-f0-9]{64})");
    private static final Pattern REPO = Pattern.compile("/v2/(.+)/(?:manifests|blobs)/.*");

    /** One request as a server saw it. */
    record Seen(String server, String method, String path, Map<String, List<String>> headers) {
        String authorization() {
            List<String> v = headers.get("Authorization");
            return v == null ? null : String.join(",", v);
        }
    }

    private final String upstream;
    private final String robotBasic;
    private final Set<String> validTokens = ConcurrentHashMap.newKeySet();
    private final HttpServer front;
    private final HttpServer storage;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    final List<Seen> seen = new CopyOnWriteArrayList<>();
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private volatile boolean redirectBlobs = true;

    /**
     * @param upstream the real registry's {@code host:port}
     * @param robotBasic the {@code Authorization} the token service accepts ({@code Basic ...})
     */
    RegistryFront(String upstream, String robotBasic) throws IOException {
        this.upstream = upstream;
        this.robotBasic = robotBasic;
        this.front = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        this.storage = HttpServer.create(new InetSocketAddress("0.0.0.0", 0), 16);
        front.createContext("/", this::front);
        storage.createContext("/", this::storage);
        front.setExecutor(Executors.newCachedThreadPool());
        storage.setExecutor(Executors.newCachedThreadPool());
        front.start();
        storage.start();
    }

    /** The registry URL to give in scan requests. */
    String url() {
        return "http://127.0.0.1:" + front.getAddress().getPort();
    }

    /** A token the registry accepts as is (what Harbor passes as {@code Bearer ...}). */
    String issueToken() {
        String token = "harbor-jwt-" + UUID.randomUUID();
        validTokens.add(token);
        return token;
    }

    /** Holds blob downloads back until {@link #open()}. */
    void hold() {
        gate = new CountDownLatch(1);
    }

    void open() {
        gate.countDown();
    }

    void redirectBlobs(boolean value) {
        redirectBlobs = value;
    }

    List<Seen> seenBy(String server) {
        return seenBy(server, 0);
    }

    /** What {@code server} received from the {@code mark}-th recorded request on (see {@link #mark()}). */
    List<Seen> seenBy(String server, int mark) {
        return seen.subList(mark, seen.size()).stream().filter(s -> s.server().equals(server)).toList();
    }

    /** How many requests were recorded so far. */
    int mark() {
        return seen.size();
    }

    private void front(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            seen.add(new Seen(path.startsWith("/service/token") ? "token" : "registry", ex.getRequestMethod(), path,
                    Map.copyOf(ex.getRequestHeaders())));
            if (path.startsWith("/service/token")) {
                token(ex);
                return;
            }
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            boolean authorized = auth != null && auth.startsWith("Bearer ") && validTokens.contains(auth.substring(7));
            if (!authorized) {
                Matcher repo = REPO.matcher(path);
                String scope = repo.matches() ? ",scope=\"repository:" + repo.group(1) + ":pull\"" : "";
                ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"" + url() + "/service/token\",service=\""
                        + SERVICE + "\"" + scope);
                reply(ex, 401, "application/json", "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"unauthorized\"}]}");
                return;
            }
            Matcher blob = BLOB.matcher(path);
            if (blob.matches()) {
                try {
                    if (!gate.await(60, TimeUnit.SECONDS)) {
                        reply(ex, 503, "text/plain", "gate stuck");
                        return;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (redirectBlobs) {
                    ex.getResponseHeaders().set("Location", "http://127.0.0.2:" + storage.getAddress().getPort()
                            + "/bucket/" + blob.group(2) + "?X-Amz-Signature=abc&repo=" + blob.group(1));
                    ex.sendResponseHeaders(307, -1);
                    return;
                }
            }
            forward(ex, path);
        }
    }

    private void token(HttpExchange ex) throws IOException {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        String query = ex.getRequestURI().getQuery();
        if (!robotBasic.equals(auth) || query == null || !query.contains("service=" + SERVICE)) {
            reply(ex, 401, "application/json", "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"bad robot\"}]}");
            return;
        }
        reply(ex, 200, "application/json", "{\"token\":\"" + issueToken() + "\",\"expires_in\":300}");
    }

    private void storage(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            seen.add(new Seen("storage", ex.getRequestMethod(), path, Map.copyOf(ex.getRequestHeaders())));
            String query = ex.getRequestURI().getQuery();
            String repo = query.substring(query.indexOf("repo=") + 5);
            forward(ex, "/v2/" + repo + "/blobs/" + path.substring("/bucket/".length()));
        }
    }

    /** Sends the request on to the real registry (without any Authorization) and copies the answer. */
    private void forward(HttpExchange ex, String path) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + upstream + path))
                .timeout(Duration.ofSeconds(60)).method(ex.getRequestMethod(), HttpRequest.BodyPublishers.noBody());
        for (String h : List.of("Accept", "Range")) {
            List<String> values = ex.getRequestHeaders().get(h);
            if (values != null) {
                values.forEach(v -> request.header(h, v));
            }
        }
        HttpResponse<InputStream> r;
        try {
            r = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        for (String h : List.of("Content-Type", "Docker-Content-Digest", "Content-Range")) {
            r.headers().firstValue(h).ifPresent(v -> ex.getResponseHeaders().set(h, v));
        }
        long length = r.headers().firstValueAsLong("Content-Length").orElse(0);
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(r.statusCode(), head || length == 0 ? -1 : length);
        try (InputStream in = r.body(); OutputStream out = ex.getResponseBody()) {
            if (!head) {
                in.transferTo(out);
            }
        }
    }

    private static void reply(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        open();
        front.stop(0);
        storage.stop(0);
        ((java.util.concurrent.ExecutorService) front.getExecutor()).shutdownNow();
        ((java.util.concurrent.ExecutorService) storage.getExecutor()).shutdownNow();
    }
}
