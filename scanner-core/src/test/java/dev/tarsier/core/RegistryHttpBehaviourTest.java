package dev.tarsier.core;

import dev.tarsier.api.Diagnostic;
import dev.tarsier.api.Inventory;
import dev.tarsier.core.registry.FakeRegistry;
import dev.tarsier.core.registry.TestProxy;
import dev.tarsier.testkit.Compression;
import dev.tarsier.testkit.ImageBuilder;
import dev.tarsier.testkit.LayerBuilder;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ProxySelector;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Registry behaviours the real registry does not show on demand, against an in-test HTTP server:
 * the Bearer token flow, redirects to another host, 429/503 and dropped connections, and blobs
 * whose content does not match their digest.
 */
class RegistryHttpBehaviourTest {

    @TempDir
    Path tmp;
    private ImageBuilder image;
    private FakeRegistry fake;

    @BeforeEach
    void serveImage() throws Exception {
        image = RegistryScanTest.appImage();
        Path layout = tmp.resolve("layout");
        image.writeOciLayout(layout);
        fake = FakeRegistry.serve(layout);
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private String ref() {
        return "registry:" + fake.hostPort() + "/" + FakeRegistry.REPOSITORY + ":1.0";
    }

    private ImageScanner.Builder scanner(String dockerConfigJson) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("docker"));
        Files.writeString(dir.resolve("config.json"), dockerConfigJson);
        return ImageScanner.builder().analyzers(TestAnalyzers.all()).dockerConfigDir(dir)
                .insecureRegistries(List.of(fake.hostPort())).registryRetries(3, Duration.ofMillis(5));
    }

    private String auths(String userPass) {
        return "{\"auths\": {\"" + fake.hostPort() + "\": {\"auth\": \""
                + Base64.getEncoder().encodeToString(userPass.getBytes(StandardCharsets.UTF_8)) + "\"}}}";
    }

    private static void assertFullInventory(Inventory inv) {
        assertEquals(List.of(), inv.diagnostics());
        assertEquals(List.of("base", "curl", "libc", "web"), inv.packages().stream().map(p -> p.name()).sorted().toList());
    }

    private List<FakeRegistry.Request> repositoryRequests() {
        return fake.requests().stream().filter(r -> r.path().startsWith("/v2/" + FakeRegistry.REPOSITORY)).toList();
    }

    @Test
    void inventory_bearerChallenge_fetchesOneTokenForTheScopeWithTheConfiguredCredentials() throws Exception {
        fake.requireBearer(Optional.of("robot:pw-1"));
        try (ImageScanner scanner = scanner(auths("robot:pw-1")).build()) {
            assertFullInventory(scanner.inventory(ref()));
        }
        List<FakeRegistry.Request> tokens = fake.requests().stream().filter(r -> r.path().equals("/token")).toList();
        assertEquals(1, tokens.size(), "one token, cached for the scope: " + fake.requests());
        assertTrue(tokens.get(0).query().contains("service=fake-registry")
                && tokens.get(0).query().contains("scope=repository%3Afake%2Fapp%3Apull"), tokens.get(0).query());
        // manifest, config and two layers, each with the token (the ping learnt the challenge first)
        assertEquals(4, repositoryRequests().size(), repositoryRequests().toString());
        assertTrue(repositoryRequests().stream().allMatch(r -> r.authorization().equals(Optional.of("Bearer " + FakeRegistry.TOKEN))));
    }

    @Test
    void inventory_tokenServiceRefusingTheCredentials_failsWithAOneLine401() throws Exception {
        fake.requireBearer(Optional.of("robot:pw-1"));
        try (ImageScanner scanner = scanner(auths("robot:wrong")).build()) {
            ImageAccessException e = assertThrows(ImageAccessException.class, () -> scanner.inventory(ref()));
            assertTrue(e.getMessage().contains("token service " + fake.hostPort() + " refused access (401)"), e.getMessage());
            assertEquals(1, e.getMessage().lines().count());
            assertFalse(e.getMessage().contains("wrong"));
        }
    }

    @Test
    void inventory_blobRedirectedToAnotherHost_carriesNoAuthorizationThere() throws Exception {
        fake.requireBearer(Optional.empty()).redirectBlobsToStorage();
        try (ImageScanner scanner = scanner("{}").build()) {
            assertFullInventory(scanner.inventory(ref()));
        }
        List<FakeRegistry.Request> stored = fake.storageRequests();
        assertEquals(3, stored.size(), "config and two layers come from the storage host: " + stored);
        assertTrue(stored.stream().allMatch(r -> r.host().startsWith("localhost:")), stored.toString());
        assertTrue(stored.stream().allMatch(r -> r.authorization().isEmpty()), "no Authorization off the registry: " + stored);
        assertTrue(stored.stream().allMatch(r -> "signature=abc".equals(r.query())), "the signed URL is kept whole");
        assertTrue(repositoryRequests().stream().allMatch(r -> r.authorization().isPresent()));
    }

    @Test
    void inventory_fixedBasicAuthorization_isExchangedAtTheTokenServiceInsteadOfDockerCredentials() throws Exception {
        fake.requireBearer(Optional.of("robot:pw-1")).redirectBlobsToStorage();
        String basic = "Basic " + Base64.getEncoder().encodeToString("robot:pw-1".getBytes(StandardCharsets.UTF_8));
        try (ImageScanner scanner = scanner(auths("robot:from-docker-config")).registryAuthorization(fake.hostPort(), basic)
                .build()) {
            assertFullInventory(scanner.inventory(ref()));
        }
        List<FakeRegistry.Request> tokens = fake.requests().stream().filter(r -> r.path().equals("/token")).toList();
        assertEquals(1, tokens.size());
        assertEquals(Optional.of(basic), tokens.get(0).authorization());
        assertTrue(repositoryRequests().stream().allMatch(r -> r.authorization().equals(Optional.of("Bearer " + FakeRegistry.TOKEN))),
                repositoryRequests().toString());
        assertTrue(fake.storageRequests().stream().allMatch(r -> r.authorization().isEmpty()), fake.storageRequests().toString());
    }

    @Test
    void inventory_fixedBearerAuthorization_isSentAsIsAndNeverToTheTokenService() throws Exception {
        fake.requireBearer(Optional.of("robot:pw-1")).redirectBlobsToStorage();
        try (ImageScanner scanner = scanner("{}").registryAuthorization(fake.hostPort(), "Bearer " + FakeRegistry.TOKEN).build()) {
            assertFullInventory(scanner.inventory(ref()));
        }
        assertTrue(fake.requests().stream().noneMatch(r -> r.path().equals("/token")), fake.requests().toString());
        assertTrue(repositoryRequests().stream().allMatch(r -> r.authorization().equals(Optional.of("Bearer " + FakeRegistry.TOKEN))));
        assertTrue(fake.storageRequests().stream().allMatch(r -> r.authorization().isEmpty()), fake.storageRequests().toString());
    }

    @Test
    void inventory_refusedFixedBearer_failsWithA401LineWithoutTheTokenAfterOneRetry() throws Exception {
        fake.requireBearer(Optional.empty());
        try (ImageScanner scanner = scanner("{}").registryAuthorization(fake.hostPort(), "Bearer stale-9d1e").build()) {
            ImageAccessException e = assertThrows(ImageAccessException.class, () -> scanner.inventory(ref()));
            assertTrue(e.getMessage().contains("(401) for the configured credentials"), e.getMessage());
            assertFalse(e.getMessage().contains("stale-9d1e"));
        }
        assertTrue(fake.requests().stream().noneMatch(r -> r.path().equals("/token")));
        assertEquals(1, repositoryRequests().size(), "the refused token is not sent again: " + repositoryRequests());
    }

    @Test
    void inventory_fixedAuthorizationForAnotherRegistry_isNotSentHere() throws Exception {
        fake.requireBearer(Optional.of("robot:pw-1"));
        try (ImageScanner scanner = scanner(auths("robot:pw-1")).registryAuthorization("other.example:5000",
                "Bearer not-for-this-registry").build()) {
            assertFullInventory(scanner.inventory(ref()));
        }
        assertTrue(fake.requests().stream().noneMatch(r -> r.authorization().orElse("").contains("not-for-this-registry")));
    }

    @Test
    void registryAuthorization_malformedValues_areRefusedWithoutEchoingThem() {
        for (String bad : List.of("Digest abc", "Basic", "Basic !!!notbase64", "Basic " + Base64.getEncoder()
                .encodeToString("nocolon".getBytes(StandardCharsets.UTF_8)), "Bearer two words", "")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ImageScanner.builder().registryAuthorization("r.example", bad), bad);
            String secret = bad.indexOf(' ') < 0 ? "" : bad.substring(bad.indexOf(' ') + 1);
            assertTrue(secret.isEmpty() || !e.getMessage().contains(secret), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> ImageScanner.builder().registryAuthorization("r.example/x", "Bearer t"));
        assertThrows(IllegalStateException.class, () -> ImageScanner.builder().registryAuthorization("a", "Bearer t")
                .registryAuthorization("b", "Bearer u"));
    }

    @Test
    void inventory_429Then503ThenADroppedConnection_areRetriedWithBackoff() throws Exception {
        fake.fail("/manifests/", 429, 1).fail("/blobs/" + image.layerDigests().get(0), 503, 2)
                .fail("/blobs/" + image.layerDigests().get(1), 0, 1);
        try (ImageScanner scanner = scanner("{}").build()) {
            assertFullInventory(scanner.inventory(ref()));
        }
        assertEquals(2, repositoryRequests().stream().filter(r -> r.path().contains("/manifests/")).count());
        assertEquals(3, repositoryRequests().stream().filter(r -> r.path().endsWith(image.layerDigests().get(0))).count());
        assertEquals(2, repositoryRequests().stream().filter(r -> r.path().endsWith(image.layerDigests().get(1))).count());
    }

    @Test
    void inventory_serverErrorsBeyondTheRetryBudget_failWithTheStatus() throws Exception {
        fake.fail("/manifests/", 503, 10);
        try (ImageScanner scanner = scanner("{}").build()) {
            ImageAccessException e = assertThrows(ImageAccessException.class, () -> scanner.inventory(ref()));
            assertTrue(e.getMessage().contains("registry answered HTTP 503 for manifest 1.0"), e.getMessage());
        }
        assertEquals(3, repositoryRequests().size(), "three attempts");
    }

    @Test
    void inventory_layerBlobNotMatchingItsDigest_makesTheImageUnreadable() throws Exception {
        // a valid layer, but not the one the manifest pins: only the digest can tell
        ImageBuilder evil = new ImageBuilder().layer(new LayerBuilder().file("var/lib/testdb/status", "evil 6.6\n"),
                Compression.GZIP);
        Path evilLayout = tmp.resolve("evil");
        evil.writeOciLayout(evilLayout);
        String evilDigest = evil.layerDigests().get(0);
        fake.replaceBlob(image.layerDigests().get(1),
                Files.readAllBytes(evilLayout.resolve("blobs/sha256/" + evilDigest.substring("sha256:".length()))));
        try (ImageScanner scanner = scanner("{}").build()) {
            ImageAccessException e = assertThrows(ImageAccessException.class, () -> scanner.inventory(ref()));
            assertTrue(e.getMessage().contains("layer blob digest mismatch: expected " + image.layerDigests().get(1)
                    + ", got " + evilDigest), e.getMessage());
        }
    }

    @Test
    void inventory_configNotMatchingItsDigest_makesTheImageUnreadable() throws Exception {
        fake.replaceBlob(image.configDigest(), "{\"rootfs\": {\"diff_ids\": []}}".getBytes(StandardCharsets.UTF_8));
        try (ImageScanner scanner = scanner("{}").build()) {
            ImageAccessException e = assertThrows(ImageAccessException.class, () -> scanner.inventory(ref()));
            assertTrue(e.getMessage().contains("blob digest mismatch: expected " + image.configDigest()), e.getMessage());
        }
    }

    @Test
    void inventory_forbiddenRepository_failsWithA403Line() throws Exception {
        fake.forbid();
        try (ImageScanner scanner = scanner("{}").build()) {
            ImageAccessException e = assertThrows(ImageAccessException.class, () -> scanner.inventory(ref()));
            assertTrue(e.getMessage().endsWith("access denied (403): DENIED requested access to the resource is denied"),
                    e.getMessage());
        }
    }

    @Test
    void inventory_connectionDroppedPartWayThroughALayer_isResumedWithARangeFromWhereItBroke() throws Exception {
        String layer = image.layerDigests().get(0);
        fake.breakBlob(layer, 40, 2);
        try (ImageScanner scanner = scanner("{}").build()) {
            assertFullInventory(scanner.inventory(ref()));
        }
        List<Optional<String>> ranges = repositoryRequests().stream().filter(r -> r.path().endsWith(layer))
                .map(FakeRegistry.Request::range).toList();
        assertEquals(List.of(Optional.empty(), Optional.of("bytes=40-"), Optional.of("bytes=80-")), ranges);
    }

    @Test
    void inventory_serverIgnoringRanges_isResumedBySkippingWhatWasRead() throws Exception {
        String layer = image.layerDigests().get(1);
        fake.ignoreRange().breakBlob(layer, 50, 1);
        try (ImageScanner scanner = scanner("{}").build()) {
            assertFullInventory(scanner.inventory(ref()));
        }
        assertEquals(2, repositoryRequests().stream().filter(r -> r.path().endsWith(layer)).count());
    }

    @Test
    void inventory_layerThatBreaksWithoutProgressBeyondTheRetryBudget_isAnErrorOnThatLayer() throws Exception {
        String layer = image.layerDigests().get(1);
        fake.breakBlob(layer, 0, 10);
        try (ImageScanner scanner = scanner("{}").build()) {
            Inventory inv = scanner.inventory(ref());
            List<Diagnostic> errors = inv.diagnostics().stream()
                    .filter(d -> d.severity() == Diagnostic.Severity.ERROR).toList();
            assertEquals(1, errors.size(), inv.diagnostics().toString());
            assertTrue(errors.get(0).message().contains("connection closed after 0 of"), errors.get(0).message());
            assertEquals(OptionalInt.of(1), errors.get(0).layer(), errors.get(0).toString());
        }
        assertEquals(3, repositoryRequests().stream().filter(r -> r.path().endsWith(layer)).count(), "three attempts");
    }

    @Test
    void inventory_interruptedWhileALayerStalls_endsAtOnceAndFreesTheLayerThread() throws Exception {
        fake.stallBlob(image.layerDigests().get(0), 30);
        // one registry layer thread: if the stalled read held it, the second scan could not run
        try (ImageScanner scanner = scanner("{}").registryConnections(1).build()) {
            assertInterruptedAtOnceWhileStalled(scanner);
            Inventory second = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> scanner.inventory(ref()));
            assertFullInventory(second);
        }
    }

    @Test
    void inventory_identityTokenInTheDockerConfig_isExchangedByTheOAuth2RefreshFlow() throws Exception {
        fake.requireBearer(Optional.empty()).acceptRefreshToken("rt-7f3e");
        String config = "{\"auths\": {\"" + fake.hostPort() + "\": {\"auth\": \""
                + Base64.getEncoder().encodeToString("ignored:".getBytes(StandardCharsets.UTF_8))
                + "\", \"identitytoken\": \"rt-7f3e\"}}}";
        try (ImageScanner scanner = scanner(config).build()) {
            assertFullInventory(scanner.inventory(ref()));
        }
        List<String> forms = fake.tokenForms();
        assertEquals(1, forms.size(), forms.toString());
        assertEquals(List.of("client_id=tarsier", "grant_type=refresh_token", "refresh_token=rt-7f3e",
                "scope=repository%3Afake%2Fapp%3Apull", "service=fake-registry"), List.of(forms.get(0).split("&")).stream().sorted().toList());
        List<FakeRegistry.Request> tokens = fake.requests().stream().filter(r -> r.path().equals("/token")).toList();
        assertEquals("POST", tokens.get(0).method());
        assertEquals(Optional.empty(), tokens.get(0).authorization(), "the refresh token goes in the form only");
    }

    @Test
    void inventory_credentialHelperAnsweringAnIdentityToken_isExchangedToo() throws Exception {
        fake.requireBearer(Optional.empty()).acceptRefreshToken("rt-helper-1");
        Path helpers = Files.createDirectories(tmp.resolve("helpers"));
        Path script = helpers.resolve("docker-credential-tarsierid");
        Files.writeString(script, "#!/bin/sh\n[ \"$1\" = get ] || exit 1\nread -r server\n"
                + "printf '{\"ServerURL\":\"%s\",\"Username\":\"<token>\",\"Secret\":\"rt-helper-1\"}' \"$server\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        String config = "{\"credHelpers\": {\"" + fake.hostPort() + "\": \"tarsierid\"}}";
        try (ImageScanner scanner = scanner(config).credentialHelperPath(List.of(helpers)).build()) {
            assertFullInventory(scanner.inventory(ref()));
        }
        assertEquals(1, fake.tokenForms().size());
        assertTrue(fake.tokenForms().get(0).contains("refresh_token=rt-helper-1"), fake.tokenForms().toString());
    }

    @Test
    void inventory_refusedIdentityToken_failsWithA401LineWithoutTheToken() throws Exception {
        fake.requireBearer(Optional.empty()).acceptRefreshToken("rt-good");
        String config = "{\"auths\": {\"" + fake.hostPort() + "\": {\"identitytoken\": \"rt-revoked-9\"}}}";
        try (ImageScanner scanner = scanner(config).build()) {
            ImageAccessException e = assertThrows(ImageAccessException.class, () -> scanner.inventory(ref()));
            assertTrue(e.getMessage().contains("token service " + fake.hostPort() + " refused access (401)"), e.getMessage());
            assertFalse(e.getMessage().contains("rt-revoked-9"), e.getMessage());
        }
    }

    private long blobRequests() {
        return repositoryRequests().stream().filter(r -> r.path().contains("/blobs/")).count();
    }

    @Test
    void inventory_withLayerCache_rescanDownloadsNoLayerAndGivesTheSameInventory() throws Exception {
        try (ImageScanner scanner = scanner("{}").layerCache(16).build()) {
            Inventory first = scanner.inventory(ref());
            assertFullInventory(first);
            assertEquals(3, blobRequests(), "config and two layers");
            Inventory second = scanner.inventory(ref());
            assertEquals(4, blobRequests(), "the config only: " + repositoryRequests());
            assertEquals(first.packages(), second.packages());
            assertEquals(first.image(), second.image());
        }
        try (ImageScanner uncached = scanner("{}").build()) {
            uncached.inventory(ref());
            uncached.inventory(ref());
        }
        assertEquals(4 + 6, blobRequests(), "without the option every scan downloads every layer");
    }

    @Test
    void inventory_withLayerCache_aLayerThatFailedIsReadAgainNextTime() throws Exception {
        String broken = image.layerDigests().get(1);
        fake.breakBlob(broken, 0, 3);
        try (ImageScanner scanner = scanner("{}").layerCache(16).build()) {
            Inventory first = scanner.inventory(ref());
            assertTrue(first.diagnostics().stream().anyMatch(d -> d.severity() == Diagnostic.Severity.ERROR));
            assertFullInventory(scanner.inventory(ref()));
        }
        assertEquals(1, repositoryRequests().stream().filter(r -> r.path().endsWith(image.layerDigests().get(0))).count(),
                "the good layer came from the cache the second time");
        assertEquals(4, repositoryRequests().stream().filter(r -> r.path().endsWith(broken)).count(),
                "three failed attempts, then read again by the second scan");
    }

    @Test
    void inventory_throughAnHttpProxy_sendsEveryRegistryRequestToTheProxyInAbsoluteForm() throws Exception {
        try (TestProxy proxy = TestProxy.start();
             ImageScanner scanner = scanner("{}").registryProxy(ProxySelector.of(proxy.address())).build()) {
            assertFullInventory(scanner.inventory(ref()));
            List<String> lines = proxy.requestLines();
            String origin = "http://" + fake.hostPort();
            for (String layer : image.layerDigests()) {
                assertTrue(lines.contains("GET " + origin + "/v2/" + FakeRegistry.REPOSITORY + "/blobs/" + layer + " HTTP/1.1"),
                        "each layer through the proxy: " + lines);
            }
            assertTrue(lines.contains("GET " + origin + "/v2/" + FakeRegistry.REPOSITORY + "/manifests/1.0 HTTP/1.1"), lines.toString());
        }
    }

    @Test
    void inventory_registryLayers_downloadInParallelBeyondTheLocalParallelism() throws Exception {
        String stalled = image.layerDigests().get(0);
        String other = image.layerDigests().get(1);
        fake.stallBlob(stalled, 30);
        // one thread for local layers; registry layers get their own pool of at least four
        try (ImageScanner scanner = scanner("{}").parallelism(1).build()) {
            Thread scanning = new Thread(() -> {
                try {
                    scanner.inventory(ref());
                } catch (Exception stopped) {
                    // interrupted below
                }
            });
            scanning.start();
            assertTrue(fake.awaitStall(10), "the first layer stalls");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (repositoryRequests().stream().noneMatch(r -> r.path().endsWith(other)) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(repositoryRequests().stream().anyMatch(r -> r.path().endsWith(other)),
                    "the second layer was requested while the first one stalled: " + repositoryRequests());
            scanning.interrupt();
            scanning.join(10_000);
            assertFalse(scanning.isAlive());
        }
    }

    @Test
    void inventory_interruptedWhileTheManifestStalls_endsAtOnce() throws Exception {
        fake.stallManifests();
        try (ImageScanner scanner = scanner("{}").build()) {
            assertInterruptedAtOnceWhileStalled(scanner);
        }
    }

    /**
     * Scans on another thread until the fake registry stalls, interrupts that thread, and checks
     * that the scan ends at once with {@link InterruptedException} rather than after a read timeout.
     */
    private void assertInterruptedAtOnceWhileStalled(ImageScanner scanner) throws Exception {
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread scanning = new Thread(() -> {
            try {
                scanner.inventory(ref());
                outcome.complete(null);
            } catch (Throwable t) {
                outcome.complete(t);
            }
        });
        scanning.start();
        assertTrue(fake.awaitStall(10), "the registry's answer started and stalled");
        long start = System.nanoTime();
        scanning.interrupt();
        Throwable thrown = outcome.get(10, TimeUnit.SECONDS);
        assertTrue(thrown instanceof InterruptedException, String.valueOf(thrown));
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "ended at once, not after a read timeout");
    }
}
