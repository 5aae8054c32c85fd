package dev.tarsier.core;

import dev.tarsier.api.Inventory;
import dev.tarsier.core.registry.TestCa;
import dev.tarsier.core.registry.TestProxy;
import dev.tarsier.testkit.LocalRegistry;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The real registry over TLS (certificate from a CA made by the test with openssl) with htpasswd
 * Basic authentication (bcrypt entries made by Apache's htpasswd): the CA option, insecure hosts,
 * and credentials from a Docker config (inline {@code auth}, {@code credHelpers}, {@code credsStore}).
 */
class RegistryAuthTlsTest {

    private static final String USER = "scanner";
    private static final String PASSWORD = "s3cret-Pa55";

    @TempDir
    static Path tmp;
    private static LocalRegistry registry;
    private static TestCa ca;
    private static String image;

    @BeforeAll
    static void startTlsRegistryWithBasicAuth() throws Exception {
        LocalRegistry.assumeInstalled();
        assumeTrue(LocalRegistry.onPath("openssl").isPresent(), "openssl is not installed; TLS registry tests skipped");
        assumeTrue(LocalRegistry.onPath("htpasswd").isPresent(),
                "htpasswd is not installed (apt-get install apache2-utils); Basic-auth registry tests skipped");
        ca = TestCa.create(Files.createDirectories(tmp.resolve("ca")));
        Path htpasswd = tmp.resolve("htpasswd");
        Files.writeString(htpasswd, LocalRegistry.run(List.of("htpasswd", "-Bbn", USER, PASSWORD)).strip() + "\n");
        registry = LocalRegistry.start(Files.createDirectories(tmp.resolve("registry")), Optional.of(ca.server()),
                Optional.of(htpasswd), Optional.of(USER + ":" + PASSWORD));
        Path layout = tmp.resolve("app");
        RegistryScanTest.appImage().writeOciLayout(layout);
        registry.push(layout, "1.0", "private/app:1.0");
        image = "registry:" + registry.hostPort() + "/private/app:1.0";
    }

    @AfterAll
    static void stopRegistry() throws Exception {
        if (registry != null) {
            registry.close();
        }
    }

    private static Path dockerConfig(String name, String json) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("docker-" + name));
        Files.writeString(dir.resolve("config.json"), json);
        return dir;
    }

    private static Path inlineAuth(String password) throws Exception {
        String auth = Base64.getEncoder().encodeToString((USER + ":" + password).getBytes(StandardCharsets.UTF_8));
        return dockerConfig("inline-" + password.length(),
                "{\"auths\": {\"" + registry.hostPort() + "\": {\"auth\": \"" + auth + "\"}}}");
    }

    private static ImageScanner.Builder scanner(Path dockerConfig) {
        return ImageScanner.builder().analyzers(TestAnalyzers.all()).dockerConfigDir(dockerConfig)
                .registryRetries(1, Duration.ofMillis(1));
    }

    private static void assertScanned(Inventory inv) {
        assertEquals(List.of(), inv.diagnostics());
        assertEquals(List.of("base", "curl", "libc", "web"), inv.packages().stream().map(p -> p.name()).sorted().toList());
    }

    @Test
    void inventory_withCaFileAndInlineDockerConfigAuth_readsTheImageOverVerifiedTls() throws Exception {
        try (ImageScanner scanner = scanner(inlineAuth(PASSWORD)).registryCaFile(ca.caCertificate()).build()) {
            assertScanned(scanner.inventory(image));
        }
    }

    @Test
    void artifacts_pushAndPullOverVerifiedTlsWithBasicAuth_andAPushWithoutCredentialsSaysSo() throws Exception {
        Path db = Files.write(tmp.resolve("tls.db"), "compiled database".getBytes(StandardCharsets.UTF_8));
        String ref = "registry:" + registry.hostPort() + "/private/db:1";
        RegistryArtifacts.ArtifactFile file = new RegistryArtifacts.ArtifactFile(db, RegistryArtifactsTest.DB_TYPE,
                RegistryArtifactsTest.DB_LAYER, Map.of());
        try (RegistryArtifacts artifacts = RegistryArtifacts.builder().dockerConfigDir(inlineAuth(PASSWORD))
                .registryCaFile(ca.caCertificate()).build()) {
            artifacts.push(ref, file);
            Path out = tmp.resolve("tls-pulled.db");
            artifacts.pull(ref, RegistryArtifactsTest.DB_TYPE, RegistryArtifactsTest.DB_LAYER, out);
            assertEquals("compiled database", Files.readString(out));
        }
        try (RegistryArtifacts anonymous = RegistryArtifacts.builder().dockerConfigDir(dockerConfig("none", "{}"))
                .registryCaFile(ca.caCertificate()).build()) {
            ImageAccessException e = assertThrows(ImageAccessException.class, () -> anonymous.push(ref, file));
            // the first request of a push checks for the empty config blob
            assertEquals(registry.hostPort() + "/private/db: check for blob sha256:"
                    + "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"
                    + " failed: authentication required or refused (401); no credentials configured", e.getMessage());
        }
    }

    @Test
    void inventory_withoutTheCaFile_failsTheTlsHandshake() throws Exception {
        try (ImageScanner scanner = scanner(inlineAuth(PASSWORD)).build()) {
            ImageAccessException e = assertThrows(ImageAccessException.class, () -> scanner.inventory(image));
            assertTrue(e.getMessage().contains("cannot reach https://" + registry.hostPort())
                    && e.getMessage().contains("SSLHandshakeException"), e.getMessage());
        }
    }

    @Test
    void inventory_hostNamedInsecure_skipsCertificateVerificationButStillAuthenticates() throws Exception {
        try (ImageScanner scanner = scanner(inlineAuth(PASSWORD)).insecureRegistries(List.of(registry.hostPort())).build()) {
            assertScanned(scanner.inventory(image));
        }
    }

    @Test
    void inventory_withoutCredentials_failsWith401AndSaysNoneAreConfigured() throws Exception {
        try (ImageScanner scanner = scanner(dockerConfig("empty", "{}")).registryCaFile(ca.caCertificate()).build()) {
            ImageAccessException e = assertThrows(ImageAccessException.class, () -> scanner.inventory(image));
            assertTrue(e.getMessage().contains("(401); no credentials configured"), e.getMessage());
        }
    }

    @Test
    void inventory_wrongPassword_failsWith401AndNeverShowsTheSecret() throws Exception {
        String wrong = "not-the-Password-42";
        try (ImageScanner scanner = scanner(inlineAuth(wrong)).registryCaFile(ca.caCertificate()).build()) {
            ImageAccessException e = assertThrows(ImageAccessException.class, () -> scanner.inventory(image));
            assertTrue(e.getMessage().contains("(401) for the configured credentials"), e.getMessage());
            String all = e.getMessage() + (e.getCause() == null ? "" : e.getCause().toString());
            assertFalse(all.contains(wrong), all);
            assertFalse(all.contains(Base64.getEncoder().encodeToString((USER + ":" + wrong).getBytes(StandardCharsets.UTF_8))));
        }
    }

    private static Path helper(String name, String secret) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("helpers-" + name));
        Path script = dir.resolve("docker-credential-" + name);
        Files.writeString(script, "#!/bin/sh\n"
                + "[ \"$1\" = get ] || exit 1\n"
                + "read -r server\n"
                + "if [ \"$server\" = \"" + registry.hostPort() + "\" ]; then\n"
                + "  printf '{\"ServerURL\":\"%s\",\"Username\":\"" + USER + "\",\"Secret\":\"" + secret + "\"}' \"$server\"\n"
                + "else\n"
                + "  echo 'credentials not found in native keychain'; exit 1\n"
                + "fi\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return dir;
    }

    @Test
    void inventory_credHelperForTheHost_isAskedThroughTheHelperProtocol() throws Exception {
        Path config = dockerConfig("helper", "{\"auths\": {\"" + registry.hostPort() + "\": {}},"
                + " \"credHelpers\": {\"" + registry.hostPort() + "\": \"tarsiertest\"}}");
        try (ImageScanner scanner = scanner(config).registryCaFile(ca.caCertificate())
                .credentialHelperPath(List.of(helper("tarsiertest", PASSWORD))).build()) {
            assertScanned(scanner.inventory(image));
        }
    }

    @Test
    void inventory_credsStoreDefault_isUsedWhenNoHelperIsNamedForTheHost() throws Exception {
        Path config = dockerConfig("store", "{\"credsStore\": \"tarsierstore\"}");
        try (ImageScanner scanner = scanner(config).registryCaFile(ca.caCertificate())
                .credentialHelperPath(List.of(helper("tarsierstore", PASSWORD))).build()) {
            assertScanned(scanner.inventory(image));
        }
        try (ImageScanner scanner = scanner(config).registryCaFile(ca.caCertificate())
                .credentialHelperPath(List.of(tmp.resolve("no-helpers"))).build()) {
            ImageAccessException e = assertThrows(ImageAccessException.class, () -> scanner.inventory(image));
            assertTrue(e.getMessage().contains("no credentials configured"), "a missing helper means anonymous: " + e.getMessage());
        }
    }

    @Test
    void inventory_throughAnHttpProxy_tunnelsTheVerifiedTlsWithConnect() throws Exception {
        try (TestProxy proxy = TestProxy.start();
             ImageScanner scanner = scanner(inlineAuth(PASSWORD)).registryCaFile(ca.caCertificate())
                     .registryProxy(ProxySelector.of(proxy.address())).build()) {
            assertScanned(scanner.inventory(image));
            List<String> lines = proxy.requestLines();
            assertTrue(lines.size() >= 3 && lines.stream().allMatch(l -> l.equals("CONNECT " + registry.hostPort() + " HTTP/1.1")),
                    "ping, manifest and each layer tunnelled: " + lines);
        }
    }
}
