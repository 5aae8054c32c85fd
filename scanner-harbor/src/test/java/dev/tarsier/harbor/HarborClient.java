package dev.tarsier.harbor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A client of the pluggable scanner API that speaks it as Harbor's core does
 * (scanner-adapter-openapi-v1.1.yaml): the spec's request media types in {@code Content-Type} and
 * {@code Accept}, the {@code Authorization} Harbor sends to a registered scanner, and report polls
 * until 200 or 500, honouring {@code Refresh-After}.
 */
final class HarborClient {

    static final String SCAN_REQUEST = "application/vnd.scanner.adapter.scan.request+json; version=1.0";
    static final String SCAN_RESPONSE = "application/vnd.scanner.adapter.scan.response+json; version=1.0";
    static final String METADATA = "application/vnd.scanner.adapter.metadata+json; version=1.0";
    static final String VULN_REPORT = "application/vnd.security.vulnerability.report; version=1.1";
    static final String SBOM_REPORT = "application/vnd.security.sbom.report+json; version=1.0";
    static final String ERROR = "application/vnd.scanner.adapter.error+json; version=1.0";
    /** What a scanner registration's "access credential" makes Harbor send to the adapter. */
    static final String ADAPTER_KEY = "harbor-to-adapter-credential";
    static final String ADAPTER_AUTH = "Bearer " + ADAPTER_KEY;

    static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;

    HarborClient(URI base) {
        this.base = base;
    }

    record Answer(int status, HttpResponse<String> response) {
        JsonNode json() throws IOException {
            return MAPPER.readTree(response.body());
        }

        String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }
    }

    Answer metadata() throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve("/api/v1/metadata")).header("Accept", METADATA).GET());
    }

    /** {@code POST /api/v1/scan} with a raw body. */
    Answer scan(String body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve("/api/v1/scan")).header("Content-Type", SCAN_REQUEST)
                .header("Accept", SCAN_RESPONSE).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** The scan request Harbor sends for an artifact. */
    static String request(String registryUrl, String authorization, String repository, String digest, String tag,
                          String mimeType) {
        var root = MAPPER.createObjectNode();
        var registry = root.putObject("registry");
        registry.put("url", registryUrl);
        if (authorization != null) {
            registry.put("authorization", authorization);
        }
        var artifact = root.putObject("artifact");
        artifact.put("repository", repository);
        artifact.put("digest", digest);
        artifact.put("tag", tag);
        artifact.put("mime_type", mimeType);
        return root.toString();
    }

    Answer report(String id, String accept) throws IOException, InterruptedException {
        return report(id, accept, "");
    }

    Answer report(String id, String accept, String query) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve("/api/v1/scan/" + id + "/report" + query)).header("Accept", accept).GET());
    }

    /** Polls as Harbor does: while 302, waits {@code Refresh-After} seconds (capped for the test). */
    Answer awaitReport(String id, String accept) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            Answer a = report(id, accept);
            if (a.status() != 302) {
                return a;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("scan " + id + " still running after 90 s");
            }
            Thread.sleep(Math.min(200, Long.parseLong(a.header("Refresh-After")) * 1000));
        }
    }

    /** A call with other headers than Harbor's (name, value pairs), to test the API key. */
    Answer metadataWith(String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/api/v1/metadata")).header("Accept", METADATA)
                .timeout(Duration.ofSeconds(30));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r);
    }

    private Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
        request.header("Authorization", ADAPTER_AUTH).timeout(Duration.ofSeconds(30));
        HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r);
    }
}
