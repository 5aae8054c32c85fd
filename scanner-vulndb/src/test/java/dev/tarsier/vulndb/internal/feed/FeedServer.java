package dev.tarsier.vulndb.internal.feed;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A feed server on 127.0.0.1 for the fetcher tests: answers each request with the next scripted
 * answer (the last one repeats) and records every request's headers.
 */
final class FeedServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "feed-server");
        t.setDaemon(true);
        return t;
    });
    private final Deque<HttpHandler> script = new ArrayDeque<>();
    private final List<Headers> requests = new CopyOnWriteArrayList<>();
    private final List<URI> requestUris = new CopyOnWriteArrayList<>();
    /** Released on close, so stalled answers end. */
    private final CountDownLatch closing = new CountDownLatch(1);

    FeedServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext("/", exchange -> {
            requests.add(exchange.getRequestHeaders());
            requestUris.add(exchange.getRequestURI());
            next().handle(exchange);
        });
        server.start();
    }

    private synchronized HttpHandler next() {
        return script.size() > 1 ? script.poll() : script.peek();
    }

    /** Answers the next requests with these, in order; the last one answers all later requests. */
    synchronized FeedServer then(HttpHandler... answers) {
        script.clear();
        script.addAll(List.of(answers));
        return this;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    InetSocketAddress address() {
        return server.getAddress();
    }

    /** The headers of every request so far, oldest first. */
    List<Headers> requests() {
        return List.copyOf(requests);
    }

    /** The request target of every request so far, as the server read it. */
    List<URI> requestUris() {
        return List.copyOf(requestUris);
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        threads.shutdownNow();
        try {
            threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** 200 with the body, its length and these headers. */
    static HttpHandler ok(byte[] body, Map<String, String> headers) {
        return exchange -> {
            headers.forEach(exchange.getResponseHeaders()::set);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        };
    }

    /** This status with no body and these headers. */
    static HttpHandler status(int code, Map<String, String> headers) {
        return exchange -> {
            headers.forEach(exchange.getResponseHeaders()::set);
            exchange.sendResponseHeaders(code, -1);
            exchange.close();
        };
    }

    /** 304 when the request carries {@code If-None-Match: etag}, else 200 with the body. */
    static HttpHandler conditional(byte[] body, String etag, String lastModified) {
        HttpHandler full = ok(body, Map.of("ETag", etag, "Last-Modified", lastModified));
        return exchange -> {
            if (etag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
                exchange.getResponseHeaders().set("ETag", etag);
                exchange.sendResponseHeaders(304, -1);
                exchange.close();
            } else {
                full.handle(exchange);
            }
        };
    }

    /** 200 announcing the whole body's length, then only {@code sent} bytes, then a closed connection. */
    static HttpHandler truncated(byte[] body, int sent) {
        return exchange -> {
            exchange.sendResponseHeaders(200, body.length);
            OutputStream out = exchange.getResponseBody();
            out.write(body, 0, sent);
            out.flush();
            // closing the exchange (not its stream) short of the announced length drops the connection
            exchange.close();
        };
    }

    /** 200 with a chunked body whose first bytes come at once, then silence until the server closes. */
    HttpHandler stalled(byte[] firstBytes) {
        return exchange -> {
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            out.write(firstBytes);
            out.flush();
            try {
                closing.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        };
    }
}
