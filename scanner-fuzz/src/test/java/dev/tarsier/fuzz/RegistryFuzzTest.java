package dev.tarsier.fuzz;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tarsier.core.internal.registry.RegistryClient;
import dev.tarsier.core.internal.registry.RegistryReference;
import dev.tarsier.core.internal.registry.RegistrySettings;
import dev.tarsier.core.internal.registry.RegistryTransport;
import org.junit.jupiter.api.AfterAll;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * What a registry answers, through the real client ({@link RegistryClient#connect} and
 * {@link RegistryClient#manifest}) talking HTTP to a loopback server that serves the fuzzed parts:
 * {@code WWW-Authenticate challenge parameters NUL token response NUL status selector + manifest or
 * error body}. Covers the challenge in its real flow, the token JSON ({@code token},
 * {@code access_token}, {@code expires_in}), the distribution-spec error document and the status
 * handling. Documented outcomes: {@code IOException} (a {@code RegistryException} for a refusal).
 */
class RegistryFuzzTest {

    private static final int[] STATUSES = {200, 200, 404, 401, 403, 500, 429, 400, 302};
    private static volatile byte[][] parts = new byte[3][0];
    private static final HttpServer SERVER = start();
    private static final String HOST = "127.0.0.1:" + SERVER.getAddress().getPort();
    /**
     * One transport for all inputs, as in a scan: it remembers the endpoint after the first {@code GET /v2/}
     * (whose TLS probe of a plain-HTTP host costs seconds), so later inputs exercise the token and
     * manifest exchanges at speed; {@code wwwAuthenticate} fuzzes the challenge parser itself.
     */
    private static final RegistryTransport TRANSPORT = new RegistryTransport(RegistrySettings.DEFAULT
            .withInsecureHosts(Set.of(HOST)).withRetries(1, Duration.ZERO).withProxies(ProxySelector.of(null)));

    @AfterAll
    static void stop() {
        TRANSPORT.close();
        SERVER.stop(0);
    }

    @FuzzTest
    void registryResponses(byte[] data) throws InterruptedException {
        parts = Fuzz.split(data, 3);
        // the client talks to the loopback server only: realm parameters of the fuzzed part are renamed
        // (see serve), so Jazzer's SSRF detector may allow exactly that host
        try (SilentCloseable loopback = BugDetectors.allowNetworkConnections(
                (host, port) -> (host.equals("127.0.0.1") || host.equals("localhost")) && port == SERVER.getAddress().getPort())) {
            fetch();
        }
    }

    private static void fetch() throws InterruptedException {
        try {
            RegistryClient client = RegistryClient.connect(RegistryReference.parse(HOST + "/fuzz/app:1"), TRANSPORT, Optional.empty());
            client.manifest("1");
        } catch (IOException documented) {
            // an unreachable, refusing or misbehaving registry
        }
    }

    private static HttpServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            server.createContext("/", RegistryFuzzTest::serve);
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void serve(HttpExchange ex) throws IOException {
        byte[][] p = parts;
        String path = ex.getRequestURI().getPath();
        try (ex) {
            if (path.equals("/v2/")) {
                String realm = "http://" + HOST + "/token";
                ex.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"" + realm + "\","
                        + headerText(p[0]).replaceAll("(?i)realm", "xealm"));
                send(ex, 401, new byte[0]);
            } else if (path.equals("/token")) {
                send(ex, 200, p[1]);
            } else {
                byte[] body = p[2];
                int status = body.length == 0 ? 200 : STATUSES[(body[0] & 0xff) % STATUSES.length];
                ex.getResponseHeaders().add("Content-Type", "application/vnd.oci.image.manifest.v1+json");
                if (status == 302) {
                    ex.getResponseHeaders().add("Location", "/v2/fuzz/app/manifests/" + headerText(body).replace(' ', '-'));
                }
                if (status == 429) {
                    ex.getResponseHeaders().add("Retry-After", "0");
                }
                send(ex, status, body.length == 0 ? body : java.util.Arrays.copyOfRange(body, 1, body.length));
            }
        }
    }

    /** The bytes as a header value a real server could send (visible ASCII and spaces). */
    private static String headerText(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) {
            char c = (char) (x & 0xff);
            s.append(c >= 0x20 && c < 0x7f ? c : ' ');
        }
        return s.toString().strip();
    }

    private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
