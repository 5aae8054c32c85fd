package dev.tarsier.harbor;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tarsier.api.Finding;
import dev.tarsier.api.Inventory;
import dev.tarsier.core.ImageScanner;
import dev.tarsier.testkit.DemoImage;
import dev.tarsier.testkit.LocalRegistry;
import dev.tarsier.vulndb.VulnerabilityDatabase;
import dev.tarsier.vulndb.VulnerabilityDatabaseBuilder;
import dev.tarsier.vulndb.VulnerabilityMatcher;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The adapter end to end, as Harbor drives it: a real {@code docker-registry} holding the demo
 * image as a Docker v2 and an OCI manifest, a database compiled from the demo advisories, and
 * {@link HarborClient} speaking the spec. Harbor's token-authenticated registry front is
 * {@link RegistryFront}; the htpasswd case uses the real registry's own Basic authentication.
 */
class HarborAdapterEndToEndTest {

    private static final String ROBOT = "robot$scanner-42";
    private static final String ROBOT_SECRET = "Rob0t-S3cret-xyz";
    private static final String ROBOT_BASIC = "Basic " + Base64.getEncoder()
            .encodeToString((ROBOT + ":" + ROBOT_SECRET).getBytes(StandardCharsets.UTF_8));
    private static final String DOCKER_V2 = "application/vnd.docker.distribution.manifest.v2+json";
    private static final String OCI = "application/vnd.oci.image.manifest.v1+json";

    @TempDir
    static Path tmp;
    private static LocalRegistry registry;
    private static RegistryFront front;
    private static HarborAdapter adapter;
    private static HarborClient harbor;
    private static Path db;
    private static String v2Digest;
    private static String ociDigest;
    private static Set<String> expected;
    private static final List<String> logs = new java.util.concurrent.CopyOnWriteArrayList<>();
    private static final Handler CAPTURE = new Handler() {
        @Override
        public void publish(LogRecord r) {
            logs.add(r.getLoggerName() + " " + r.getMessage() + (r.getThrown() == null ? "" : " " + r.getThrown()));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeAll
    static void registryImageAndAdapter() throws Exception {
        LocalRegistry.assumeInstalled();
        Logger.getLogger("").addHandler(CAPTURE);
        registry = LocalRegistry.start(Files.createDirectories(tmp.resolve("registry")), Optional.empty(),
                Optional.empty(), Optional.empty());
        Path layout = tmp.resolve("demo-oci");
        DemoImage.build().writeOciLayout(layout);
        registry.push(layout, "1.0", "library/demo:v2", "--format", "v2s2");
        registry.push(layout, "1.0", "library/demo:oci", "--format", "oci");
        v2Digest = manifestDigest("library/demo", "v2", DOCKER_V2);
        ociDigest = manifestDigest("library/demo", "oci", OCI);
        db = tmp.resolve("db").resolve("tarsier.db");
        Files.createDirectories(db.getParent());
        buildDb(Path.of("../demo/advisories"), db, Instant.parse("2026-01-01T00:00:00Z"));
        expected = singleScan("oci:" + layout + ":1.0", db);
        assertTrue(expected.size() >= 4, "the demo image has known vulnerabilities: " + expected);
        front = new RegistryFront(registry.hostPort(), ROBOT_BASIC);
        adapter = HarborAdapter.builder().database(db).persistentLayerCache(tmp.resolve("layers"), 64L << 20)
                .refreshAfter(Duration.ofSeconds(1)).maxConcurrentScans(2).queueSize(8).apiKey(HarborClient.ADAPTER_KEY).build();
        adapter.start(new InetSocketAddress("127.0.0.1", 0));
        harbor = new HarborClient(URI.create("http://127.0.0.1:" + adapter.address().getPort()));
    }

    @AfterAll
    static void stop() throws Exception {
        Logger.getLogger("").removeHandler(CAPTURE);
        if (adapter != null) {
            adapter.close();
        }
        if (front != null) {
            front.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    static void buildDb(Path advisories, Path out, Instant builtAt) throws Exception {
        new VulnerabilityDatabaseBuilder().source(advisories).clock(Clock.fixed(builtAt, ZoneOffset.UTC)).build(out);
    }

    /** What a direct scan of the same image finds: (id, package, version, severity) in Harbor's words. */
    static Set<String> singleScan(String image, Path database) throws Exception {
        try (ImageScanner scanner = ImageScanner.builder().build();
             VulnerabilityDatabase open = VulnerabilityDatabase.open(database)) {
            Inventory inventory = scanner.inventory(image);
            Set<String> out = new TreeSet<>();
            for (Finding f : new VulnerabilityMatcher(open).match(inventory).findings()) {
                String severity = f.severity().name().charAt(0) + f.severity().name().substring(1).toLowerCase();
                out.add(f.id() + " " + f.pkg().name() + " " + f.pkg().version() + " " + severity);
            }
            return out;
        }
    }

    static Set<String> reported(JsonNode report) {
        Set<String> out = new TreeSet<>();
        report.path("vulnerabilities").forEach(v -> out.add(v.path("id").asText() + " " + v.path("package").asText() + " "
                + v.path("version").asText() + " " + v.path("severity").asText()));
        return out;
    }

    private static String manifestDigest(String repository, String tag, String mediaType) throws Exception {
        HttpResponse<Void> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://" + registry.hostPort() + "/v2/" + repository + "/manifests/" + tag))
                .header("Accept", mediaType).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding());
        assertEquals(200, r.statusCode());
        assertEquals(mediaType, r.headers().firstValue("Content-Type").orElseThrow());
        return r.headers().firstValue("Docker-Content-Digest").orElseThrow();
    }

    private static String accepted(HarborClient.Answer a) throws Exception {
        assertEquals(202, a.status(), a.response().body());
        assertEquals(HarborClient.SCAN_RESPONSE, a.header("Content-Type"));
        String id = a.json().path("id").asText();
        assertFalse(id.isEmpty());
        return id;
    }

    @Test
    void metadata_describesTheScannerItsCapabilitiesAndTheDatabaseTime() throws Exception {
        HarborClient.Answer a = harbor.metadata();
        assertEquals(200, a.status());
        assertEquals(HarborClient.METADATA, a.header("Content-Type"));
        JsonNode m = a.json();
        assertEquals("Tarsier", m.path("scanner").path("name").asText());
        assertFalse(m.path("scanner").path("version").asText().isEmpty());
        JsonNode vuln = m.path("capabilities").get(0);
        assertEquals("vulnerability", vuln.path("type").asText());
        assertEquals(List.of(OCI, DOCKER_V2), texts(vuln.path("consumes_mime_types")));
        assertTrue(texts(vuln.path("produces_mime_types")).contains(HarborClient.VULN_REPORT));
        JsonNode sbom = m.path("capabilities").get(1);
        assertEquals("sbom", sbom.path("type").asText());
        assertEquals(List.of(HarborClient.SBOM_REPORT), texts(sbom.path("produces_mime_types")));
        assertTrue(texts(sbom.path("additional_attributes").path("sbom_media_types")).contains("application/vnd.cyclonedx+json"));
        assertEquals("os-package-vulnerability", m.path("properties").path("harbor.scanner-adapter/scanner-type").asText());
        assertEquals("2026-01-01T00:00:00Z",
                m.path("properties").path("harbor.scanner-adapter/vulnerability-database-updated-at").asText());
    }

    @Test
    void apiKey_isRequiredOfEveryApiCallAsBearerOrApiKeyHeaderButNotOfProbes() throws Exception {
        assertEquals(401, harbor.metadataWith().status());
        HarborClient.Answer wrong = harbor.metadataWith("Authorization", "Bearer not-the-key");
        assertEquals(401, wrong.status());
        assertEquals(HarborClient.ERROR, wrong.header("Content-Type"));
        assertFalse(wrong.response().body().contains("not-the-key"));
        assertEquals(401, harbor.metadataWith("Authorization", "Basic " + HarborClient.ADAPTER_KEY).status());
        assertEquals(200, harbor.metadataWith("Authorization", HarborClient.ADAPTER_AUTH).status());
        assertEquals(200, harbor.metadataWith("X-ScannerAdapter-API-Key", HarborClient.ADAPTER_KEY).status());
        HttpResponse<String> probe = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + adapter.address().getPort() + "/probe/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, probe.statusCode());
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void scan_dockerV2ManifestBehindTokenAuth_redirectsPollsWith302ThenReportsWhatASingleScanFinds() throws Exception {
        int mark = front.mark();
        front.hold();
        String id;
        try {
            id = accepted(harbor.scan(HarborClient.request(front.url(), ROBOT_BASIC, "library/demo", v2Digest, "v2",
                    DOCKER_V2)));
            HarborClient.Answer running = harbor.report(id, HarborClient.VULN_REPORT);
            assertEquals(302, running.status());
            assertEquals("1", running.header("Refresh-After"));
            assertEquals("1", running.header("Retry-After"));
        } finally {
            front.open();
        }
        HarborClient.Answer done = harbor.awaitReport(id, HarborClient.VULN_REPORT);
        assertEquals(200, done.status(), done.response().body());
        assertEquals(HarborClient.VULN_REPORT, done.header("Content-Type"));
        JsonNode report = done.json();
        assertEquals(expected, reported(report));
        assertEquals("library/demo", report.path("artifact").path("repository").asText());
        assertEquals(v2Digest, report.path("artifact").path("digest").asText());
        assertEquals(DOCKER_V2, report.path("artifact").path("mime_type").asText());
        assertEquals("Tarsier", report.path("scanner").path("name").asText());
        assertEquals("Critical", report.path("severity").asText(), "log4j's CVE-2021-44228 is critical");
        Instant.parse(report.path("generated_at").asText());
        JsonNode log4shell = find(report, "CVE-2021-44228");
        assertEquals("log4j-core", log4shell.path("package").asText());
        assertEquals("2.14.1", log4shell.path("version").asText());
        assertFalse(log4shell.path("fix_version").asText().isEmpty());
        assertEquals("https://nvd.nist.gov/vuln/detail/CVE-2021-44228", log4shell.path("links").get(0).asText());
        assertTrue(log4shell.path("layer").path("diff_id").asText().startsWith("sha256:"));
        assertTrue(log4shell.path("preferred_cvss").path("vector_v3").asText().startsWith("CVSS:3"), log4shell.toString());
        assertEquals("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1",
                log4shell.path("vendor_attributes").path("purl").asText());

        // the robot's Basic credentials went to the token service only; the registry got the token
        List<RegistryFront.Seen> tokens = front.seenBy("token", mark);
        assertFalse(tokens.isEmpty());
        tokens.forEach(s -> assertEquals(ROBOT_BASIC, s.authorization()));
        List<RegistryFront.Seen> reg = front.seenBy("registry", mark);
        assertTrue(reg.stream().anyMatch(s -> s.authorization() != null && s.authorization().startsWith("Bearer harbor-jwt-")));
        reg.forEach(s -> assertFalse(ROBOT_BASIC.equals(s.authorization()), "Basic sent to the registry: " + s));
        List<RegistryFront.Seen> storage = front.seenBy("storage", mark);
        assertFalse(storage.isEmpty(), "blobs were redirected to the storage host");
        storage.forEach(s -> assertNull(s.authorization(), "credentials followed the redirect to another host: " + s));
        assertSecretNowhere(done.response().body());
    }

    @Test
    void scan_ociManifestWithAGivenBearerToken_sendsItToTheRegistryOnlyAndGivesTheSbom() throws Exception {
        String token = front.issueToken();
        int tokenRequests = front.seenBy("token").size();
        String id = accepted(harbor.scan(HarborClient.request(front.url(), "Bearer " + token, "library/demo", ociDigest,
                "oci", OCI)));
        HarborClient.Answer done = harbor.awaitReport(id, HarborClient.VULN_REPORT);
        assertEquals(200, done.status(), done.response().body());
        assertEquals(expected, reported(done.json()));
        assertEquals(tokenRequests, front.seenBy("token").size(), "a Bearer token is used as is, never exchanged");
        assertTrue(front.seenBy("registry").stream().anyMatch(s -> ("Bearer " + token).equals(s.authorization())));
        front.seenBy("storage").forEach(s -> assertNull(s.authorization(), s.toString()));
        assertFalse(done.response().body().contains(token));
        assertTrue(logs.stream().noneMatch(l -> l.contains(token)), "the token was logged");

        HarborClient.Answer sbom = harbor.report(id, HarborClient.SBOM_REPORT, "?sbom_media_type=application/vnd.cyclonedx%2Bjson");
        assertEquals(200, sbom.status(), sbom.response().body());
        assertEquals(HarborClient.SBOM_REPORT, sbom.header("Content-Type"));
        JsonNode s = sbom.json();
        assertEquals("application/vnd.cyclonedx+json", s.path("media_type").asText());
        assertEquals("CycloneDX", s.path("sbom").path("bomFormat").asText());
        List<String> purls = new ArrayList<>();
        s.path("sbom").path("components").forEach(c -> purls.add(c.path("purl").asText()));
        assertTrue(purls.contains("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"), purls.toString());
        assertEquals(ociDigest, s.path("artifact").path("digest").asText());

        HarborClient.Answer spdx = harbor.report(id, HarborClient.SBOM_REPORT, "?sbom_media_type=application/spdx%2Bjson");
        assertEquals(200, spdx.status());
        assertTrue(spdx.json().path("sbom").path("spdxVersion").asText().startsWith("SPDX-"));
        HarborClient.Answer unencoded = harbor.report(id, HarborClient.SBOM_REPORT, "?sbom_media_type=application/spdx+json");
        assertEquals("application/spdx+json", unencoded.json().path("media_type").asText(), "a raw '+' is not a space here");
        assertEquals(400, harbor.report(id, HarborClient.SBOM_REPORT, "?sbom_media_type=text/plain").status());
        HarborClient.Answer unknownType = harbor.report(id, "application/vnd.example.report; version=9");
        assertEquals(501, unknownType.status());
        assertEquals(HarborClient.ERROR, unknownType.header("Content-Type"));
    }

    @Test
    void scan_wrongRobotSecret_failsWith500AndAnErrorThatShowsNoSecret() throws Exception {
        String wrong = "Basic " + Base64.getEncoder().encodeToString((ROBOT + ":not-it-9").getBytes(StandardCharsets.UTF_8));
        String id = accepted(harbor.scan(HarborClient.request(front.url(), wrong, "library/demo", v2Digest, "v2", DOCKER_V2)));
        HarborClient.Answer failed = harbor.awaitReport(id, HarborClient.VULN_REPORT);
        assertEquals(500, failed.status());
        assertEquals(HarborClient.ERROR, failed.header("Content-Type"));
        String message = failed.json().path("error").path("message").asText();
        assertTrue(message.contains("token service") && message.contains("refused"), message);
        assertFalse(failed.response().body().contains("not-it-9"));
        assertFalse(failed.response().body().contains(wrong.substring(6)));
        assertTrue(logs.stream().noneMatch(l -> l.contains("not-it-9") || l.contains(wrong.substring(6))), logs.toString());
    }

    @Test
    void scan_missingImage_failsWith500NamingIt() throws Exception {
        String missing = "sha256:" + "0".repeat(64);
        String id = accepted(harbor.scan(HarborClient.request("http://" + registry.hostPort(), null, "library/demo", missing,
                null, DOCKER_V2)));
        HarborClient.Answer failed = harbor.awaitReport(id, HarborClient.VULN_REPORT);
        assertEquals(500, failed.status());
        assertTrue(failed.json().path("error").path("message").asText().contains("not found (404)"), failed.response().body());
    }

    @Test
    void report_unknownId_is404() throws Exception {
        HarborClient.Answer unknown = harbor.report("3fa85f64-5717-4562-b3fc-2c963f66afa6", HarborClient.VULN_REPORT);
        assertEquals(404, unknown.status());
        assertEquals(HarborClient.ERROR, unknown.header("Content-Type"));
        // a malformed escape, which java.net.URI would refuse to send, written on the socket
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", adapter.address().getPort())) {
            socket.getOutputStream().write(("GET /api/v1/scan/bad%zzid/report HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: " + HarborClient.ADAPTER_AUTH + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String status = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertEquals("HTTP/1.1 400", status);
        }
    }

    @Test
    void scan_malformedJsonOrWrongTypes_is400() throws Exception {
        for (String body : List.of("{\"registry\": {", "not json", "[1, 2]", "{\"registry\": \"http://x\", \"artifact\": {}}",
                "{\"registry\": {\"url\": 5}, \"artifact\": {\"repository\": \"a\", \"digest\": \"sha256:" + "1".repeat(64) + "\"}}")) {
            HarborClient.Answer a = harbor.scan(body);
            assertEquals(400, a.status(), body);
            assertEquals(HarborClient.ERROR, a.header("Content-Type"));
            assertFalse(a.json().path("error").path("message").asText().isEmpty());
        }
    }

    @Test
    void scan_invalidFields_is422() throws Exception {
        String digest = "sha256:" + "1".repeat(64);
        for (String body : List.of(
                "{\"artifact\": {\"repository\": \"library/demo\", \"digest\": \"" + digest + "\"}}",
                "{\"registry\": {\"url\": \"http://127.0.0.1:1\"}}",
                "{\"registry\": {}, \"artifact\": {\"repository\": \"library/demo\", \"digest\": \"" + digest + "\"}}",
                HarborClient.request("ftp://127.0.0.1:1", null, "library/demo", digest, null, DOCKER_V2),
                HarborClient.request("http://127.0.0.1:1", null, "library/demo", digest, null, "application/vnd.docker.distribution.manifest.v1+prettyjws"),
                HarborClient.request("http://127.0.0.1:1", null, "library/demo", "md5:abc", null, DOCKER_V2),
                HarborClient.request("http://127.0.0.1:1", null, "Library/../demo", digest, null, DOCKER_V2),
                HarborClient.request("http://127.0.0.1:1", "Digest abc", "library/demo", digest, null, DOCKER_V2),
                "{\"registry\": {\"url\": \"http://127.0.0.1:1\"}, \"artifact\": {\"repository\": \"library/demo\"}}",
                "{\"registry\": {\"url\": \"http://127.0.0.1:1\"}, \"artifact\": {\"repository\": \"library/demo\", \"digest\": \""
                        + digest + "\"}, \"enabled_capabilities\": [{\"type\": \"malware\"}]}")) {
            HarborClient.Answer a = harbor.scan(body);
            assertEquals(422, a.status(), body + " -> " + a.response().body());
            assertEquals(HarborClient.ERROR, a.header("Content-Type"));
        }
    }

    @Test
    void scan_registryWithHtpasswdBasicAuth_getsHarborsBasicCredentials() throws Exception {
        assumeTrue(LocalRegistry.onPath("htpasswd").isPresent(), "htpasswd is not installed (apache2-utils)");
        Path htpasswd = tmp.resolve("htpasswd");
        Files.writeString(htpasswd, LocalRegistry.run(List.of("htpasswd", "-Bbn", ROBOT, ROBOT_SECRET)).strip() + "\n");
        try (LocalRegistry secured = LocalRegistry.start(Files.createDirectories(tmp.resolve("secured")), Optional.empty(),
                Optional.of(htpasswd), Optional.of(ROBOT + ":" + ROBOT_SECRET))) {
            secured.push(tmp.resolve("demo-oci"), "1.0", "private/demo:1.0", "--format", "v2s2");
            String id = accepted(harbor.scan(HarborClient.request("http://" + secured.hostPort(), ROBOT_BASIC, "private/demo",
                    v2Digest, "1.0", DOCKER_V2)));
            HarborClient.Answer done = harbor.awaitReport(id, HarborClient.VULN_REPORT);
            assertEquals(200, done.status(), done.response().body());
            assertEquals(expected, reported(done.json()));
            String anonymous = accepted(harbor.scan(HarborClient.request("http://" + secured.hostPort(), null, "private/demo",
                    v2Digest, "1.0", DOCKER_V2)));
            HarborClient.Answer refused = harbor.awaitReport(anonymous, HarborClient.VULN_REPORT);
            assertEquals(500, refused.status());
            assertTrue(refused.json().path("error").path("message").asText().contains("401"), refused.response().body());
        }
    }

    @Test
    void databaseReplacedAtomically_isUsedByTheNextScanWithoutRestart() throws Exception {
        Path own = tmp.resolve("swap").resolve("tarsier.db");
        Files.createDirectories(own.getParent());
        Files.copy(db, own);
        Path onlyLog4j = Files.createDirectories(tmp.resolve("swap-advisories"));
        Files.copy(Path.of("../demo/advisories/CVE-2021-44228.json"), onlyLog4j.resolve("CVE-2021-44228.json"));
        try (HarborAdapter swapping = HarborAdapter.builder().database(own).refreshAfter(Duration.ofSeconds(1)).build()) {
            swapping.start(new InetSocketAddress("127.0.0.1", 0));
            HarborClient client = new HarborClient(URI.create("http://127.0.0.1:" + swapping.address().getPort()));
            String request = HarborClient.request("http://" + registry.hostPort(), null, "library/demo", v2Digest, "v2", DOCKER_V2);
            HarborClient.Answer before = client.awaitReport(accepted(client.scan(request)), HarborClient.VULN_REPORT);
            assertEquals(expected, reported(before.json()));

            Path fresh = own.resolveSibling("tarsier.db.new");
            buildDb(onlyLog4j, fresh, Instant.parse("2026-02-02T00:00:00Z"));
            Files.move(fresh, own, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

            assertEquals("2026-02-02T00:00:00Z", client.metadata().json().path("properties")
                    .path("harbor.scanner-adapter/vulnerability-database-updated-at").asText());
            HarborClient.Answer after = client.awaitReport(accepted(client.scan(request)), HarborClient.VULN_REPORT);
            Set<String> onlyLog4shell = reported(after.json());
            assertEquals(expected.stream().filter(f -> f.startsWith("CVE-2021-44228 ")).collect(java.util.stream.Collectors.toSet()),
                    onlyLog4shell);
            assertEquals(1, onlyLog4shell.size());

            // a broken replacement leaves the last good database in use
            Files.writeString(fresh, "not a database");
            Files.move(fresh, own, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            HarborClient.Answer broken = client.awaitReport(accepted(client.scan(request)), HarborClient.VULN_REPORT);
            assertEquals(200, broken.status());
            assertEquals(onlyLog4shell, reported(broken.json()));
        }
    }

    @Test
    void queueFull_refusesFurtherScansWith503UntilOneFinishes() throws Exception {
        try (HarborAdapter small = HarborAdapter.builder().database(db).refreshAfter(Duration.ofSeconds(2))
                .maxConcurrentScans(1).queueSize(1).build()) {
            small.start(new InetSocketAddress("127.0.0.1", 0));
            HarborClient client = new HarborClient(URI.create("http://127.0.0.1:" + small.address().getPort()));
            String request = HarborClient.request(front.url(), ROBOT_BASIC, "library/demo", v2Digest, "v2", DOCKER_V2);
            front.hold();
            String first;
            String second;
            try {
                first = accepted(client.scan(request));
                second = accepted(client.scan(request));
                HarborClient.Answer full = client.scan(request);
                assertEquals(503, full.status(), full.response().body());
                assertEquals("2", full.header("Retry-After"));
                assertEquals(HarborClient.ERROR, full.header("Content-Type"));
                assertEquals(302, client.report(second, HarborClient.VULN_REPORT).status(), "queued counts as running");
            } finally {
                front.open();
            }
            assertEquals(200, client.awaitReport(first, HarborClient.VULN_REPORT).status());
            assertEquals(200, client.awaitReport(second, HarborClient.VULN_REPORT).status());
            String third = accepted(client.scan(request));
            assertEquals(200, client.awaitReport(third, HarborClient.VULN_REPORT).status());
        }
    }

    @Test
    void close_refusesNewScansButLetsTheRunningOneFinishAndKeepsAnsweringPolls() throws Exception {
        HarborAdapter closing = HarborAdapter.builder().database(db).refreshAfter(Duration.ofSeconds(1))
                .shutdownGrace(Duration.ofSeconds(60)).build();
        closing.start(new InetSocketAddress("127.0.0.1", 0));
        HarborClient client = new HarborClient(URI.create("http://127.0.0.1:" + closing.address().getPort()));
        String request = HarborClient.request(front.url(), ROBOT_BASIC, "library/demo", v2Digest, "v2", DOCKER_V2);
        front.hold();
        Thread closer = new Thread(closing::close);
        String id;
        try {
            id = accepted(client.scan(request));
            closer.start();
            HarborClient.Answer refused = client.scan(request);
            for (int i = 0; i < 100 && refused.status() == 202; i++) {
                Thread.sleep(20);
                refused = client.scan(request);
            }
            assertEquals(503, refused.status(), "no new scans once closing");
            assertEquals(302, client.report(id, HarborClient.VULN_REPORT).status(), "polls still answered");
        } finally {
            front.open();
        }
        closer.join(60_000);
        assertFalse(closer.isAlive(), "close() returned once the running scan finished");
        assertTrue(logs.stream().anyMatch(l -> l.contains("scan " + id + " done")), "the running scan completed: " + logs);
    }

    private static JsonNode find(JsonNode report, String id) {
        for (JsonNode v : report.path("vulnerabilities")) {
            if (v.path("id").asText().equals(id)) {
                return v;
            }
        }
        throw new AssertionError(id + " not in " + report);
    }

    private static void assertSecretNowhere(String body) {
        String encoded = ROBOT_BASIC.substring("Basic ".length());
        assertNotNull(body);
        assertFalse(body.contains(ROBOT_SECRET) || body.contains(encoded), "the robot secret is in the report");
        assertTrue(logs.stream().noneMatch(l -> l.contains(ROBOT_SECRET) || l.contains(encoded)), "the robot secret was logged");
    }
}
