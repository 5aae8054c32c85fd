package dev.tarsier.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A test HTTP server for advisory feeds, in their real URL layouts: strong ETags and
 * {@code If-None-Match} → 304, and scripted trouble per path (a status some number of times, with
 * {@code Retry-After}; a body cut short of its {@code Content-Length}).
 */
final class FeedServer implements AutoCloseable {

    /** One request as the server saw it. */
    record Request(String path, String ifNoneMatch, int status) {
    }

    private final HttpServer server;
    private final Map<String, byte[]> bodies = new ConcurrentHashMap<>();
    private final Map<String, List<Integer>> trouble = new ConcurrentHashMap<>();
    private final Map<String, Integer> truncated = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    FeedServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    /** The base URL, without a trailing slash. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Serves a body at a path (replacing what was there: a new ETag). */
    void put(String path, byte[] body) {
        bodies.put(path, body);
    }

    /** Answers the next requests of a path with these statuses, in order, before serving it again. */
    void fail(String path, Integer... statuses) {
        trouble.put(path, new CopyOnWriteArrayList<>(List.of(statuses)));
    }

    /** Cuts the next {@code times} bodies of a path short of their declared length. */
    void truncate(String path, int times) {
        truncated.put(path, times);
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Requests of a path answered with a status. */
    long count(String path, int status) {
        return requests.stream().filter(r -> r.path().equals(path) && r.status() == status).count();
    }

    void clearLog() {
        requests.clear();
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String inm = ex.getRequestHeaders().getFirst("If-None-Match");
        try (ex) {
            List<Integer> planned = trouble.get(path);
            if (planned != null && !planned.isEmpty()) {
                int status = planned.remove(0);
                requests.add(new Request(path, inm, status));
                if (status == 429 || status == 503) {
                    ex.getResponseHeaders().set("Retry-After", "0");
                }
                ex.sendResponseHeaders(status, -1);
                return;
            }
            byte[] body = bodies.get(path);
            if (body == null) {
                requests.add(new Request(path, inm, 404));
                ex.sendResponseHeaders(404, -1);
                return;
            }
            String etag = "\"" + sha256(body).substring(0, 16) + "\"";
            ex.getResponseHeaders().set("ETag", etag);
            if (etag.equals(inm)) {
                requests.add(new Request(path, inm, 304));
                ex.sendResponseHeaders(304, -1);
                return;
            }
            requests.add(new Request(path, inm, 200));
            ex.sendResponseHeaders(200, body.length);
            Integer cut = truncated.get(path);
            try (OutputStream out = ex.getResponseBody()) {
                if (cut != null && cut > 0) {
                    truncated.put(path, cut - 1);
                    out.write(body, 0, body.length / 2);
                    out.flush();
                    // closing the exchange here leaves the body short of its Content-Length
                    return;
                }
                out.write(body);
            }
        }
    }

    /**
     * Serves an NVD yearly feed (or the modified feed) holding these {@code cve} objects, as NVD
     * does: {@code nvdcve-2.0-NAME.json.gz} and its {@code .meta} with the SHA-256 of the JSON.
     */
    void putNvd(String name, List<com.fasterxml.jackson.databind.node.ObjectNode> cves) throws IOException {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode feed = json.createObjectNode();
        feed.put("resultsPerPage", cves.size()).put("startIndex", 0).put("totalResults", cves.size())
                .put("format", "NVD_CVE").put("version", "2.0").put("timestamp", "2026-12-05T08:00:01.000");
        com.fasterxml.jackson.databind.node.ArrayNode vulnerabilities = feed.putArray("vulnerabilities");
        cves.forEach(c -> vulnerabilities.addObject().set("cve", c));
        byte[] bytes = json.writeValueAsBytes(feed);
        put("/nvd/nvdcve-2.0-" + name + ".json.gz", gzip(bytes));
        put("/nvd/nvdcve-2.0-" + name + ".meta", ("lastModifiedDate:2026-12-05T03:00:01-05:00\r\nsize:" + bytes.length
                + "\r\nzipSize:0\r\ngzSize:0\r\nsha256:" + sha256(bytes).toUpperCase(java.util.Locale.ROOT) + "\r\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** A zip of JSON records, as osv.dev's {@code all.zip} exports hold them. */
    static byte[] zip(List<byte[]> records) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(bytes)) {
            int i = 0;
            for (byte[] r : records) {
                zip.putNextEntry(new java.util.zip.ZipEntry("record-" + i++ + ".json"));
                zip.write(r);
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(bytes)) {
            gz.write(data);
        }
        return bytes.toByteArray();
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Paths requested, in order, with their statuses (for failure messages). */
    String log() {
        List<String> out = new ArrayList<>();
        requests.forEach(r -> out.add(r.status() + " " + r.path()));
        return String.join("\n", out);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
