package dev.tarsier.core.registry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A minimal HTTP proxy on loopback for tests: {@code CONNECT host:port} opens a tunnel, a request
 * in absolute form is relayed to the host it names; the first request line of every client
 * connection is recorded. Bytes are relayed as they are, so later requests on a kept-alive
 * connection reach the same host unrecorded.
 */
public final class TestProxy implements AutoCloseable {

    private final ServerSocket server;
    private final List<String> requestLines = new CopyOnWriteArrayList<>();

    private TestProxy() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        daemon(() -> {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    daemon(() -> relay(client));
                } catch (IOException closed) {
                    return;
                }
            }
        });
    }

    /** Starts a proxy on a free loopback port. */
    public static TestProxy start() throws IOException {
        return new TestProxy();
    }

    /** Where the proxy listens. */
    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
    }

    /** The first request line of each client connection, in arrival order. */
    public List<String> requestLines() {
        return List.copyOf(requestLines);
    }

    private void relay(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    return;
                }
                head.write(b);
            }
            String text = head.toString(StandardCharsets.ISO_8859_1);
            String line = text.substring(0, text.indexOf("\r\n"));
            requestLines.add(line);
            String[] parts = line.split(" ");
            boolean connect = parts[0].equals("CONNECT");
            URI target = URI.create(connect ? "tunnel://" + parts[1] : parts[1]);
            try (Socket upstream = new Socket(target.getHost(), target.getPort() >= 0 ? target.getPort() : 80)) {
                OutputStream toClient = client.getOutputStream();
                if (connect) {
                    toClient.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    toClient.flush();
                } else {
                    upstream.getOutputStream().write(head.toByteArray());
                }
                daemon(() -> pump(in, upstream));
                pump(upstream.getInputStream(), client);
            }
        } catch (IOException | RuntimeException dropped) {
            // a test proxy gives up on the connection; the client sees it closed
        }
    }

    /** Copies until either side closes, then half-closes {@code to}. */
    static void pump(InputStream from, Socket to) {
        try {
            from.transferTo(to.getOutputStream());
            to.shutdownOutput();
        } catch (IOException closed) {
            // either side went away
        }
    }

    /** Runs on a daemon thread. */
    static void daemon(Runnable r) {
        Thread t = new Thread(r, "test-proxy");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
