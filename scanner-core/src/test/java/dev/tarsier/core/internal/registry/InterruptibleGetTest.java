package dev.tarsier.core.internal.registry;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The HTTP/1.1 message handling of {@link InterruptibleGet}, against canned responses on a socket. */
class InterruptibleGetTest {

    private ServerSocket server;
    private final CompletableFuture<String> request = new CompletableFuture<>();

    @BeforeEach
    void listen() throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void close() throws IOException {
        server.close();
    }

    /** Answers the next connection with {@code response} (then closes it unless {@code hold}). */
    private void answer(String response, boolean hold) {
        Thread t = new Thread(() -> {
            try (Socket s = server.accept()) {
                InputStream in = s.getInputStream();
                StringBuilder head = new StringBuilder();
                while (!head.toString().endsWith("\r\n\r\n")) {
                    int b = in.read();
                    if (b < 0) {
                        break;
                    }
                    head.append((char) b);
                }
                request.complete(head.toString());
                OutputStream out = s.getOutputStream();
                out.write(response.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                if (hold) {
                    Thread.sleep(30_000);
                }
            } catch (IOException | InterruptedException ignored) {
                // the test decides what the client saw
            }
        });
        t.setDaemon(true);
        t.start();
    }

    private Reply get(Map<String, String> headers) throws IOException {
        URI uri = URI.create("http://127.0.0.1:" + server.getLocalPort() + "/v2/a/blobs/sha256:1?x=1");
        return InterruptibleGet.send(uri, headers, null, false, Optional.empty(), Duration.ofSeconds(5), Duration.ofSeconds(5));
    }

    private static String read(Reply reply) throws IOException {
        try (InputStream body = reply.body()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[3]; // small reads cross chunk boundaries
            for (int n; (n = body.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
            }
            return out.toString(StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void send_contentLength_readsExactlyTheBodyAndSendsTheRequestAsGiven() throws Exception {
        answer("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nDocker-Content-Digest: sha256:1\r\n\r\nhello-and-more", false);
        Reply reply = get(Map.of("Range", "bytes=5-"));
        assertEquals(200, reply.statusCode());
        assertEquals("sha256:1", reply.headers().firstValue("docker-content-digest").orElseThrow());
        assertEquals("hello", read(reply));
        String head = request.get(5, TimeUnit.SECONDS);
        assertTrue(head.startsWith("GET /v2/a/blobs/sha256:1?x=1 HTTP/1.1\r\nHost: 127.0.0.1:" + server.getLocalPort() + "\r\n"), head);
        assertTrue(head.contains("\r\nRange: bytes=5-\r\n") && head.contains("\r\nConnection: close\r\n"), head);
    }

    @Test
    void send_chunkedWithExtensionsAndTrailers_joinsTheChunks() throws Exception {
        answer("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "4;name=value\r\nabcd\r\n6\r\nefghij\r\n0\r\nX-Trailer: 1\r\n\r\n", false);
        Reply reply = get(Map.of());
        assertEquals(200, reply.statusCode());
        assertEquals("abcdefghij", read(reply));
    }

    @Test
    void send_bodyEndingBeforeItsContentLength_isAnEofNotAShortRead() throws Exception {
        answer("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", false);
        Reply reply = get(Map.of());
        EOFException e = assertThrows(EOFException.class, () -> read(reply));
        assertEquals("connection closed after 3 of 10 bytes", e.getMessage());
    }

    @Test
    void send_chunkedBodyCutInsideAChunk_isAnEof() throws Exception {
        answer("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nA\r\nabc", false);
        Reply reply = get(Map.of());
        assertThrows(EOFException.class, () -> read(reply));
    }

    @Test
    void send_noFraming_readsToTheEndOfTheConnection() throws Exception {
        answer("HTTP/1.0 404 Not Found\r\nContent-Type: application/json\r\n\r\n{\"errors\": []}", false);
        Reply reply = get(Map.of());
        assertEquals(404, reply.statusCode());
        assertEquals("{\"errors\": []}", read(reply));
    }

    @Test
    void send_malformedAnswers_areProtocolErrors() throws Exception {
        answer("SSH-2.0-OpenSSH_9.2\r\n\r\n", false);
        assertTrue(assertThrows(ProtocolException.class, () -> get(Map.of())).getMessage().startsWith("not an HTTP/1.1 status line"));
        server.close();
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        answer("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd", false);
        assertTrue(assertThrows(ProtocolException.class, () -> get(Map.of())).getMessage().startsWith("invalid Content-Length"));
    }

    @Test
    void send_headerValueWithALineBreak_isRefusedBeforeConnecting() {
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> get(Map.of("Authorization", "Bearer x\r\nX-Injected: 1")));
        assertTrue(e.getMessage().contains("Authorization"), e.getMessage());
        assertTrue(!request.isDone(), "nothing was sent");
    }

    @Test
    void read_interruptedWhileTheServerIsSilent_endsAtOnce() throws Exception {
        answer("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nabc", true);
        Reply reply = get(Map.of());
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                read(reply);
                outcome.complete(null);
            } catch (Throwable t) {
                outcome.complete(t);
            }
        });
        reader.start();
        Thread.sleep(200);
        long start = System.nanoTime();
        reader.interrupt();
        Throwable t = outcome.get(3, TimeUnit.SECONDS);
        assertTrue(t instanceof IOException, String.valueOf(t));
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(2));
    }

    private InetSocketAddress proxy() {
        return new InetSocketAddress("127.0.0.1", server.getLocalPort());
    }

    @Test
    void send_plainHttpThroughAProxy_namesTheWholeTargetInTheRequestLine() throws Exception {
        answer("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", false);
        URI uri = URI.create("http://registry.example:5000/v2/a/blobs/sha256:1");
        Reply reply = InterruptibleGet.send(uri, Map.of(), null, false, Optional.of(proxy()), Duration.ofSeconds(5),
                Duration.ofSeconds(5));
        assertEquals("ok", read(reply));
        String head = request.get(5, TimeUnit.SECONDS);
        assertTrue(head.startsWith("GET http://registry.example:5000/v2/a/blobs/sha256:1 HTTP/1.1\r\n"
                + "Host: registry.example:5000\r\n"), head);
    }

    @Test
    void send_httpsThroughAProxyRefusingTheTunnel_failsWithTheStatusBeforeAnyTls() throws Exception {
        answer("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"p\"\r\n\r\n", false);
        URI uri = URI.create("https://registry.example/v2/a/blobs/sha256:1");
        ProtocolException e = assertThrows(ProtocolException.class, () -> InterruptibleGet.send(uri, Map.of(),
                SSLContext.getDefault(), true, Optional.of(proxy()), Duration.ofSeconds(5), Duration.ofSeconds(5)));
        assertTrue(e.getMessage().startsWith("the HTTP proxy refused the tunnel to registry.example:443 (407)"), e.getMessage());
        assertTrue(request.get(5, TimeUnit.SECONDS).startsWith("CONNECT registry.example:443 HTTP/1.1\r\nHost: registry.example:443\r\n"));
    }
}
