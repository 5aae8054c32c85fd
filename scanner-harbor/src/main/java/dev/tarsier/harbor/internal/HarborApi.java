package dev.tarsier.harbor.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTP side of the pluggable scanner API under {@code /api/v1}: routes, status codes, headers
 * and documents as the spec lays them down.
 *
 * <ul>
 * <li>{@code GET /api/v1/metadata}: 200 with {@code ScannerAdapterMetadata}.</li>
 * <li>{@code POST /api/v1/scan}: 202 with {@code ScanResponse}; 400 for a body that is not JSON or
 * has fields of the wrong JSON type; 422 for a missing or unacceptable field; 503 with
 * {@code Retry-After} when the queue is full (the spec names no status for it; Harbor retries a
 * failed scan job).</li>
 * <li>{@code GET /api/v1/scan/{id}/report}: 200 with the report the {@code Accept} header names;
 * 302 with {@code Refresh-After} (the spec's header; {@code Retry-After} too) while the scan is
 * queued or running; 404 for an unknown or expired id; 500 with {@code ErrorResponse} when the
 * scan failed; 400 for an SBOM media type other than CycloneDX or SPDX; 501 for a report type
 * this scanner does not produce (v1.2).</li>
 * </ul>
 *
 * <p>With an API key configured, every {@code /api/v1} call without it gets 401; the probes
 * {@code /probe/healthy} and {@code /probe/ready} never need it. Nothing of a request's
 * authorization is logged or echoed.
 */
public final class HarborApi implements HttpHandler {

    private static final System.Logger LOG = System.getLogger("dev.tarsier.harbor");
    /** A scan request is a few hundred bytes; anything much larger is not one. */
    static final int MAX_BODY = 1 << 20;
    private static final Pattern REPORT = Pattern.compile("/api/v1/scan/([^/]+)/report/?");

    private final ObjectMapper mapper;
    private final ScanJobs jobs;
    private final HarborReports reports;
    private final Supplier<Instant> databaseBuiltAt;
    private final Duration refreshAfter;
    private final Optional<byte[]> apiKey;

    /**
     * @param apiKey when present, every {@code /api/v1} call must carry it as {@code Authorization:
     *     Bearer <key>} or {@code X-ScannerAdapter-API-Key: <key>} (Harbor's scanner registration
     *     "Bearer" and "APIKey" authorization), else 401
     */
    public HarborApi(ObjectMapper mapper, ScanJobs jobs, HarborReports reports, Supplier<Instant> databaseBuiltAt,
                     Duration refreshAfter, Optional<String> apiKey) {
        this.mapper = mapper;
        this.jobs = jobs;
        this.reports = reports;
        this.databaseBuiltAt = databaseBuiltAt;
        this.refreshAfter = refreshAfter;
        this.apiKey = apiKey.map(k -> k.getBytes(StandardCharsets.UTF_8));
    }

    /** Whether the call carries the API key, compared in constant time; always when none is configured. */
    private boolean authorized(HttpExchange exchange) {
        if (apiKey.isEmpty()) {
            return true;
        }
        String header = exchange.getRequestHeaders().getFirst("X-ScannerAdapter-API-Key");
        if (header == null) {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            header = auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).strip() : null;
        }
        return header != null && MessageDigest.isEqual(apiKey.get(), header.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            try {
                route(exchange);
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "request failed", e);
                try {
                    error(exchange, 500, "internal error: " + e.getClass().getSimpleName());
                } catch (IOException | RuntimeException ignored) {
                    // the answer had been started already; closing the exchange ends it
                }
            }
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        String method = exchange.getRequestMethod();
        Matcher report = REPORT.matcher(path);
        if (path.startsWith("/api/") && !authorized(exchange)) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"tarsier\"");
            error(exchange, 401, "missing or wrong API key (Authorization: Bearer <key> or X-ScannerAdapter-API-Key)");
        } else if (path.equals("/api/v1/metadata")) {
            if (allowed(exchange, method, "GET")) {
                send(exchange, 200, MediaTypes.METADATA, mapper.writeValueAsBytes(metadata()));
            }
        } else if (path.equals("/api/v1/scan")) {
            if (allowed(exchange, method, "POST")) {
                scan(exchange);
            }
        } else if (report.matches()) {
            if (allowed(exchange, method, "GET")) {
                Optional<String> id = decode(report.group(1));
                if (id.isEmpty()) {
                    error(exchange, 400, "malformed percent-encoding in the scan request id");
                } else {
                    report(exchange, id.get());
                }
            }
        } else if (path.equals("/probe/healthy") || path.equals("/probe/ready")) {
            send(exchange, 200, "text/plain; charset=utf-8", "ok\n".getBytes(StandardCharsets.UTF_8));
        } else {
            error(exchange, 404, "no such endpoint: " + path);
        }
    }

    /** The {@code ScannerAdapterMetadata} document. */
    public ObjectNode metadata() {
        ObjectNode m = mapper.createObjectNode();
        m.set("scanner", reports.scanner());
        ArrayNode capabilities = m.putArray("capabilities");
        capabilities.add(capability("vulnerability", MediaTypes.VULNERABILITY_PRODUCES));
        ObjectNode sbom = capability("sbom", List.of(MediaTypes.SBOM_REPORT));
        ArrayNode sbomTypes = sbom.putObject("additional_attributes").putArray("sbom_media_types");
        sbomTypes.add(MediaTypes.CYCLONEDX);
        sbomTypes.add(MediaTypes.SPDX);
        capabilities.add(sbom);
        ObjectNode properties = m.putObject("properties");
        properties.put("harbor.scanner-adapter/scanner-type", "os-package-vulnerability");
        properties.put("harbor.scanner-adapter/vulnerability-database-updated-at", databaseBuiltAt.get().toString());
        return m;
    }

    private ObjectNode capability(String type, List<String> produces) {
        ObjectNode c = mapper.createObjectNode();
        c.put("type", type);
        ArrayNode consumes = c.putArray("consumes_mime_types");
        MediaTypes.CONSUMES.forEach(consumes::add);
        ArrayNode out = c.putArray("produces_mime_types");
        produces.forEach(out::add);
        return c;
    }

    private void scan(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(MAX_BODY + 1);
        }
        if (body.length > MAX_BODY) {
            error(exchange, 400, "request body larger than " + MAX_BODY + " bytes");
            return;
        }
        ScanRequest request;
        try {
            request = ScanRequest.parse(body, mapper);
        } catch (ScanRequest.Invalid e) {
            error(exchange, e.status(), e.getMessage());
            return;
        }
        Optional<ScanJobs.Job> job = jobs.submit(request);
        if (job.isEmpty()) {
            exchange.getResponseHeaders().set("Retry-After", Long.toString(Math.max(1, refreshAfter.toSeconds())));
            error(exchange, 503, "the scan queue is full; try again later");
            return;
        }
        ObjectNode response = mapper.createObjectNode();
        response.put("id", job.get().id());
        send(exchange, 202, MediaTypes.SCAN_RESPONSE, mapper.writeValueAsBytes(response));
    }

    private void report(HttpExchange exchange, String id) throws IOException {
        Optional<ScanJobs.Job> found = jobs.get(id);
        if (found.isEmpty()) {
            error(exchange, 404, "unknown scan request id: " + (id.length() > 64 ? id.substring(0, 64) + "..." : id));
            return;
        }
        ScanJobs.Job job = found.get();
        Optional<String> wanted = MediaTypes.negotiate(exchange.getRequestHeaders().getFirst("Accept"));
        if (wanted.isEmpty()) {
            error(exchange, 501, "this scanner produces none of the report types in Accept; it produces "
                    + String.join(", ", MediaTypes.VULNERABILITY_PRODUCES) + ", " + MediaTypes.SBOM_REPORT);
            return;
        }
        String sbomType = MediaTypes.CYCLONEDX;
        if (wanted.get().equals(MediaTypes.SBOM_REPORT)) {
            Optional<String> asked = query(exchange, "sbom_media_type");
            if (asked.isPresent() && !asked.get().equals(MediaTypes.CYCLONEDX) && !asked.get().equals(MediaTypes.SPDX)) {
                error(exchange, 400, "sbom_media_type must be " + MediaTypes.CYCLONEDX + " or " + MediaTypes.SPDX);
                return;
            }
            sbomType = asked.orElse(MediaTypes.CYCLONEDX);
        }
        switch (job.state()) {
            case QUEUED, RUNNING -> {
                String seconds = Long.toString(Math.max(1, refreshAfter.toSeconds()));
                exchange.getResponseHeaders().set("Refresh-After", seconds);
                exchange.getResponseHeaders().set("Retry-After", seconds);
                exchange.sendResponseHeaders(302, -1);
            }
            case FAILED -> error(exchange, 500, job.error().orElse("scan failed"));
            case DONE -> {
                ScanJobs.Result r = job.result().orElseThrow();
                ScanRequest.Artifact artifact = job.request().artifact();
                byte[] bytes = switch (wanted.get()) {
                    case MediaTypes.RAW_REPORT -> reports.rawReport(r.generatedAt(), r.inventory(), r.findings());
                    case MediaTypes.SBOM_REPORT -> mapper.writeValueAsBytes(
                            reports.sbomReport(artifact, r.generatedAt(), r.inventory(), sbomType));
                    default -> mapper.writeValueAsBytes(
                            reports.vulnerabilityReport(artifact, r.generatedAt(), r.inventory(), r.findings()));
                };
                send(exchange, 200, wanted.get(), bytes);
            }
        }
    }

    /**
     * A query parameter's value; a malformed value reads as empty (and is refused as not a media
     * type). A '+' is kept: media types have no spaces, and a client may send
     * {@code application/spdx+json} unencoded.
     */
    private static Optional<String> query(HttpExchange exchange, String name) {
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw == null) {
            return Optional.empty();
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (decode(eq < 0 ? pair : pair.substring(0, eq)).orElse("").equals(name)) {
                return Optional.of(eq < 0 ? "" : decode(pair.substring(eq + 1).replace("+", "%2B")).orElse(""));
            }
        }
        return Optional.empty();
    }

    private static Optional<String> decode(String encoded) {
        try {
            return Optional.of(URLDecoder.decode(encoded, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private boolean allowed(HttpExchange exchange, String method, String wanted) throws IOException {
        if (method.equals(wanted)) {
            return true;
        }
        exchange.getResponseHeaders().set("Allow", wanted);
        error(exchange, 405, "method " + method + " not allowed; use " + wanted);
        return false;
    }

    /** An {@code ErrorResponse} document. */
    private void error(HttpExchange exchange, int status, String message) throws IOException {
        ObjectNode e = mapper.createObjectNode();
        e.putObject("error").put("message", message);
        send(exchange, status, MediaTypes.ERROR, mapper.writeValueAsBytes(e));
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
