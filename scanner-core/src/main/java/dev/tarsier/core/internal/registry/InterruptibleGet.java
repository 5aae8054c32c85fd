package dev.tarsier.core.internal.registry;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * One HTTP/1.1 GET on a connection of its own, whose reads end as soon as the reading thread is
 * interrupted. Layer blobs are long reads on the layer threads; the JDK's {@code HttpURLConnection}
 * blocks in a socket read that neither interruption nor a close from another thread ends, so a
 * cancelled scan of a stalled registry held its threads until the read timeout. Here the socket is a
 * {@link SocketChannel}'s (an interruptible channel: interrupting a blocked reader closes it), with
 * TLS layered on it when the URI is {@code https}.
 *
 * <p>The message syntax is RFC 9112's: a status line, header fields, and a body framed by
 * {@code Transfer-Encoding: chunked}, {@code Content-Length} or the end of the connection. A body
 * that ends before its framing says it should is an {@link EOFException}, never a silent short
 * read, so that a dropped download is noticed (and resumed by {@link ResumingBlob}). The request
 * asks for {@code Connection: close}: one blob per connection, and closing the body closes the socket.
 *
 * <p>Through an HTTP proxy, an {@code https} request first opens a tunnel with {@code CONNECT
 * host:port} (RFC 9110 section 9.3.6) and speaks TLS with the registry inside it; an {@code http}
 * request is sent to the proxy in absolute form.
 */
final class InterruptibleGet {

    private static final int MAX_LINE = 16 << 10;
    private static final int MAX_HEADERS = 200;
    private static final int BUFFER = 64 << 10;

    private InterruptibleGet() {
    }

    /**
     * Sends {@code GET uri} with {@code headers} and returns the response once its header fields are
     * read; the body is read (and the connection closed) by the caller.
     *
     * @param tls the TLS context for {@code https}
     * @param verifyHost whether the certificate must name the host (RFC 2818); off only for hosts named insecure
     * @param proxy the HTTP proxy to go through, if any
     * @param readTimeout the longest a read may wait for data
     */
    static Reply send(URI uri, Map<String, String> headers, SSLContext tls, boolean verifyHost,
                      Optional<InetSocketAddress> proxy, Duration connectTimeout, Duration readTimeout) throws IOException {
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        if (!https && !"http".equalsIgnoreCase(uri.getScheme())) {
            throw new ProtocolException("not an HTTP URI: " + uri.getScheme());
        }
        String host = uri.getHost();
        if (host == null) {
            throw new ProtocolException("no host in " + uri.getScheme() + " URI");
        }
        String bareHost = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        int port = uri.getPort() >= 0 ? uri.getPort() : https ? 443 : 80;
        String authority = host + (uri.getPort() >= 0 ? ":" + uri.getPort() : "");
        String request = requestHead(uri, authority, headers, proxy.isPresent() && !https);
        Socket socket = SocketChannel.open().socket();
        try {
            socket.connect(proxy.orElseGet(() -> new InetSocketAddress(bareHost, port)), (int) connectTimeout.toMillis());
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, readTimeout.toMillis()));
            socket.setTcpNoDelay(true);
            if (proxy.isPresent() && https) {
                tunnel(socket, host + ":" + port);
            }
            if (https) {
                SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(socket, bareHost, port, true);
                if (verifyHost) {
                    SSLParameters parameters = ssl.getSSLParameters();
                    parameters.setEndpointIdentificationAlgorithm("HTTPS");
                    ssl.setSSLParameters(parameters);
                }
                ssl.startHandshake();
                socket = ssl;
            }
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = new BufferedInputStream(socket.getInputStream(), BUFFER);
            int status;
            Map<String, List<String>> fields;
            do {
                status = statusCode(readLine(in, "status line"));
                fields = headerFields(in);
            } while (status >= 100 && status < 200);
            HttpHeaders parsed = HttpHeaders.of(fields, (name, value) -> true);
            return new Reply(status, parsed, body(in, status, parsed, socket));
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * Asks the proxy on {@code socket} for a tunnel to {@code hostPort}; reads its answer byte by
     * byte, so that nothing of what follows (the registry's TLS) is consumed.
     */
    private static void tunnel(Socket socket, String hostPort) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(("CONNECT " + hostPort + " HTTP/1.1\r\nHost: " + hostPort + "\r\nUser-Agent: tarsier\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        InputStream in = socket.getInputStream();
        int status = statusCode(readLine(in, "proxy status line"));
        headerFields(in);
        if (status / 100 != 2) {
            throw new ProtocolException("the HTTP proxy refused the tunnel to " + hostPort + " (" + status + ")"
                    + (status == 407 ? ": proxies that require authentication are not supported" : ""));
        }
    }

    private static String requestHead(URI uri, String authority, Map<String, String> headers, boolean absoluteForm)
            throws ProtocolException {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        StringBuilder head = new StringBuilder("GET ");
        if (absoluteForm) {
            // RFC 9112 3.2.2: a request to a proxy names the whole target
            head.append(uri.getScheme().toLowerCase(Locale.ROOT)).append("://").append(authority);
        }
        head.append(path);
        if (uri.getRawQuery() != null) {
            head.append('?').append(uri.getRawQuery());
        }
        head.append(" HTTP/1.1\r\nHost: ").append(authority);
        head.append("\r\nUser-Agent: tarsier\r\nAccept-Encoding: identity\r\nConnection: close\r\n");
        for (Map.Entry<String, String> h : headers.entrySet()) {
            // a value with a line break (say, from a token service) would smuggle header fields
            if (h.getKey().matches(".*[\\s:].*") || h.getValue().indexOf('\r') >= 0 || h.getValue().indexOf('\n') >= 0) {
                throw new ProtocolException("refusing to send header field " + h.getKey() + " with a line break or blank");
            }
            head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
        }
        return head.append("\r\n").toString();
    }

    private static int statusCode(String line) throws ProtocolException {
        // HTTP-version SP 3DIGIT SP [reason-phrase]
        if (!line.matches("HTTP/1\\.[01] \\d{3}( .*)?")) {
            throw new ProtocolException("not an HTTP/1.1 status line: " + printable(line));
        }
        return Integer.parseInt(line.substring(9, 12));
    }

    private static Map<String, List<String>> headerFields(InputStream in) throws IOException {
        Map<String, List<String>> fields = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int count = 0; ; count++) {
            String line = readLine(in, "header field");
            if (line.isEmpty()) {
                return fields;
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || count >= MAX_HEADERS) {
                throw new ProtocolException(colon <= 0 ? "malformed header field: " + printable(line)
                        : "more than " + MAX_HEADERS + " header fields");
            }
            fields.computeIfAbsent(line.substring(0, colon).strip(), k -> new ArrayList<>())
                    .add(line.substring(colon + 1).strip());
        }
    }

    private static InputStream body(InputStream in, int status, HttpHeaders headers, Socket socket) throws IOException {
        if (status == 204 || status == 304) {
            socket.close();
            return InputStream.nullInputStream();
        }
        String encoding = headers.firstValue("Transfer-Encoding").orElse("").toLowerCase(Locale.ROOT);
        if (encoding.endsWith("chunked")) {
            return new Chunked(in, socket);
        }
        if (!encoding.isEmpty()) {
            // RFC 9112 6.3: any other final coding is framed by the end of the connection
            return new Framed(in, -1, socket);
        }
        List<String> lengths = headers.allValues("Content-Length");
        if (lengths.isEmpty()) {
            return new Framed(in, -1, socket);
        }
        if (lengths.stream().distinct().count() != 1 || !lengths.get(0).matches("\\d{1,18}")) {
            throw new ProtocolException("invalid Content-Length: " + lengths);
        }
        return new Framed(in, Long.parseLong(lengths.get(0)), socket);
    }

    /** A line ending in CRLF (or a bare LF), without it; ISO-8859-1 as field values are octets. */
    static String readLine(InputStream in, String what) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new EOFException("connection closed in the " + what);
            }
            if (line.length() >= MAX_LINE) {
                throw new ProtocolException(what + " longer than " + MAX_LINE + " bytes");
            }
            line.append((char) b);
        }
        int end = line.length();
        return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
    }

    private static String printable(String line) {
        String s = line.replaceAll("[^\\x20-\\x7e]", "?");
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }

    /** A body of known length ({@code -1}: up to the end of the connection); closing it closes the socket. */
    private static final class Framed extends BulkInputStream {

        private final InputStream in;
        private final Socket socket;
        private final long length;
        private long remaining;

        Framed(InputStream in, long length, Socket socket) {
            this.in = in;
            this.socket = socket;
            this.length = length;
            this.remaining = length;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining == 0 || len == 0) {
                return remaining == 0 ? -1 : 0;
            }
            int n = in.read(b, off, remaining < 0 ? len : (int) Math.min(len, remaining));
            if (n < 0) {
                if (remaining > 0) {
                    throw new EOFException("connection closed after " + (length - remaining) + " of " + length + " bytes");
                }
                return -1;
            }
            if (remaining > 0) {
                remaining -= n;
            }
            return n;
        }

        @Override
        public int available() throws IOException {
            return remaining == 0 ? 0 : (int) Math.min(in.available(), remaining < 0 ? Integer.MAX_VALUE : remaining);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** A {@code chunked} body (RFC 9112 7.1); extensions and trailer fields are read and ignored. */
    private static final class Chunked extends BulkInputStream {

        private final InputStream in;
        private final Socket socket;
        private long inChunk;
        private boolean last;

        Chunked(InputStream in, Socket socket) {
            this.in = in;
            this.socket = socket;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (inChunk == 0 && !nextChunk()) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, inChunk));
            if (n < 0) {
                throw new EOFException("connection closed inside a chunk");
            }
            inChunk -= n;
            if (inChunk == 0 && !readLine(in, "chunk end").isEmpty()) {
                throw new ProtocolException("chunk not followed by CRLF");
            }
            return n;
        }

        private boolean nextChunk() throws IOException {
            if (last) {
                return false;
            }
            String line = readLine(in, "chunk size");
            int semicolon = line.indexOf(';');
            String size = (semicolon >= 0 ? line.substring(0, semicolon) : line).strip();
            if (!size.matches("[0-9a-fA-F]{1,15}")) {
                throw new ProtocolException("invalid chunk size: " + printable(line));
            }
            inChunk = Long.parseLong(size, 16);
            if (inChunk == 0) {
                last = true;
                while (!readLine(in, "trailer field").isEmpty()) {
                    // trailer fields carry nothing a blob read needs
                }
                return false;
            }
            return true;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
