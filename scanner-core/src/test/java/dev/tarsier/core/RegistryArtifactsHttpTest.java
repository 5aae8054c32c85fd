package dev.tarsier.core;

import dev.tarsier.core.RegistryArtifacts.ArtifactFile;
import dev.tarsier.core.RegistryArtifacts.Pushed;
import dev.tarsier.core.internal.registry.ArtifactTransfer;
import dev.tarsier.core.internal.registry.RegistryReference;
import dev.tarsier.core.registry.FakeRegistry;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static dev.tarsier.core.RegistryArtifactsTest.DB_LAYER;
import static dev.tarsier.core.RegistryArtifactsTest.DB_TYPE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Artifact push and pull against an in-test registry, for what the real one does not show on
 * demand: the Bearer flow with a push scope, upload sessions at absolute locations, 5xx answers to
 * uploads, blobs served with other bytes than their digest, and hosts that are not insecure.
 */
class RegistryArtifactsHttpTest {

    @TempDir
    Path tmp;
    private FakeRegistry fake;
    private Path db;
    private byte[] content;

    @BeforeEach
    void serve() throws Exception {
        Path layout = tmp.resolve("layout");
        RegistryScanTest.appImage().writeOciLayout(layout);
        fake = FakeRegistry.serve(layout);
        content = new byte[256 << 10];
        new Random(7).nextBytes(content);
        db = tmp.resolve("vuln.db");
        Files.write(db, content);
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private String ref(String tag) {
        return "registry:" + fake.hostPort() + "/" + FakeRegistry.REPOSITORY + ":" + tag;
    }

    private ArtifactFile dbFile() {
        return new ArtifactFile(db, DB_TYPE, DB_LAYER, Map.of());
    }

    private RegistryArtifacts.Builder artifacts(String dockerConfigJson) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("docker"));
        Files.writeString(dir.resolve("config.json"), dockerConfigJson);
        return RegistryArtifacts.builder().dockerConfigDir(dir).insecureRegistries(List.of(fake.hostPort()))
                .registryRetries(3, Duration.ofMillis(5));
    }

    private String auths(String userPass) {
        return "{\"auths\": {\"" + fake.hostPort() + "\": {\"auth\": \""
                + Base64.getEncoder().encodeToString(userPass.getBytes(StandardCharsets.UTF_8)) + "\"}}}";
    }

    private long count(String method, String pathPart) {
        return fake.requests().stream().filter(r -> r.method().equals(method) && r.path().contains(pathPart)).count();
    }

    @Test
    void push_withBearerChallenge_asksForAPullPushScopeWithTheDockerConfigCredentials() throws Exception {
        fake.requireBearer(Optional.of("robot:pw-1"));
        try (RegistryArtifacts artifacts = artifacts(auths("robot:pw-1")).build()) {
            Pushed pushed = artifacts.push(ref("db-1"), dbFile());
            assertTrue(pushed.blobUploaded());
            Path out = tmp.resolve("out.db");
            artifacts.pull(ref("db-1"), DB_TYPE, DB_LAYER, out);
            assertArrayEquals(content, Files.readAllBytes(out));
        }
        List<FakeRegistry.Request> tokens = fake.requests().stream().filter(r -> r.path().equals("/token")).toList();
        assertTrue(tokens.get(0).query().contains("scope=repository%3Afake%2Fapp%3Apull%2Cpush"), tokens.get(0).query());
        assertEquals(Optional.of("Basic " + Base64.getEncoder().encodeToString("robot:pw-1".getBytes(StandardCharsets.UTF_8))),
                tokens.get(0).authorization());
        assertTrue(tokens.stream().skip(1).allMatch(t -> t.query().contains("scope=repository%3Afake%2Fapp%3Apull&")
                || t.query().endsWith("scope=repository%3Afake%2Fapp%3Apull")), "the pull asks for pull only: " + tokens);
        assertEquals(1, fake.requests().stream().filter(r -> r.method().equals("PUT") && r.path().contains("/manifests/db-1")
                && r.authorization().equals(Optional.of("Bearer " + FakeRegistry.PUSH_TOKEN))).count());
    }

    @Test
    void push_withoutCredentialsWhereTheTokenServiceWantsThem_failsWithOneLineSayingSo() throws Exception {
        fake.requireBearer(Optional.of("robot:pw-1"));
        try (RegistryArtifacts artifacts = artifacts("{}").build()) {
            ImageAccessException e = assertThrows(ImageAccessException.class, () -> artifacts.push(ref("db-1"), dbFile()));
            assertTrue(e.getMessage().contains("refused access (401); no credentials configured"), e.getMessage());
            assertEquals(1, e.getMessage().lines().count());
        }
    }

    @Test
    void push_toAnAbsoluteUploadLocation_andTwice_uploadsEachBlobOnce() throws Exception {
        fake.absoluteUploadLocations();
        try (RegistryArtifacts artifacts = artifacts("{}").build()) {
            Pushed first = artifacts.push(ref("db-1"), dbFile());
            Pushed second = artifacts.push(ref("db-2"), dbFile());
            assertTrue(first.blobUploaded());
            assertFalse(second.blobUploaded());
            assertEquals(first.blobDigest(), second.blobDigest());
        }
        assertEquals(2, fake.uploadedBlobs().size(), "the empty config and the file, once each: " + fake.uploadedBlobs());
        assertEquals(2, count("POST", "/blobs/uploads/"));
    }

    @Test
    void push_uploadAnswered503_isRetriedInANewSessionWithinTheRetryBudget() throws Exception {
        try (RegistryArtifacts artifacts = artifacts("{}").build()) {
            String digest = "sha256:" + sha256(content);
            // the config blob first, so that the failures below fall on the file's upload
            artifacts.push(ref("warmup"), new ArtifactFile(Files.write(tmp.resolve("other.db"), new byte[] {1}), DB_TYPE,
                    DB_LAYER, Map.of()));
            fake.fail("PUT /blobs/uploads/", 503, 2);
            Pushed pushed = artifacts.push(ref("db-1"), dbFile());
            assertEquals(digest, pushed.blobDigest());
        }
        assertEquals(1 + 1 + 3, count("PUT", "/blobs/uploads/"), "config, warm-up file, three tries of the file");
        assertEquals(1 + 1 + 3, count("POST", "/blobs/uploads/"), "each try opens a new session");
    }

    @Test
    void push_uploadFailingBeyondTheRetryBudget_failsWithTheStepAndStatus() throws Exception {
        fake.fail("PUT /blobs/uploads/", 503, 10);
        try (RegistryArtifacts artifacts = artifacts("{}").build()) {
            ImageAccessException e = assertThrows(ImageAccessException.class, () -> artifacts.push(ref("db-1"), dbFile()));
            assertTrue(e.getMessage().startsWith(fake.hostPort() + "/fake/app: upload of blob sha256:"), e.getMessage());
            assertTrue(e.getMessage().contains(" failed: HTTP 503: TOOMANYREQUESTS"), e.getMessage());
        }
        assertEquals(3, count("PUT", "/blobs/uploads/"));
    }

    @Test
    void pull_blobServedWithOtherBytes_failsAndRemovesTheDestination() throws Exception {
        try (RegistryArtifacts artifacts = artifacts("{}").build()) {
            Pushed pushed = artifacts.push(ref("db-1"), dbFile());
            byte[] tampered = content.clone();
            tampered[1000] ^= 1;
            fake.replaceBlob(pushed.blobDigest(), tampered);
            Path out = tmp.resolve("out.db");
            ImageAccessException e = assertThrows(ImageAccessException.class,
                    () -> artifacts.pull(ref("db-1"), DB_TYPE, DB_LAYER, out));
            assertTrue(e.getMessage().contains("blob digest mismatch: expected " + pushed.blobDigest()), e.getMessage());
            assertFalse(Files.exists(out), "destination removed");

            fake.replaceBlob(pushed.blobDigest(), new byte[content.length + 10]);
            e = assertThrows(ImageAccessException.class, () -> artifacts.pull(ref("db-1"), DB_TYPE, DB_LAYER, out));
            assertTrue(e.getMessage().contains("is longer than the " + content.length + " bytes the manifest gives"),
                    e.getMessage());
            assertFalse(Files.exists(out), "destination removed");
        }
    }

    @Test
    void pull_ofAnImage_failsClearly() throws Exception {
        try (RegistryArtifacts artifacts = artifacts("{}").build()) {
            ImageAccessException e = assertThrows(ImageAccessException.class,
                    () -> artifacts.pull(ref("1.0"), DB_TYPE, DB_LAYER, tmp.resolve("out.db")));
            assertEquals(fake.hostPort() + "/fake/app:1.0: is not a " + DB_TYPE
                    + " artifact (its artifact type is 'application/vnd.oci.image.config.v1+json')", e.getMessage());
        }
    }

    @Test
    void hostNotNamedInsecure_isNeverReachedOverPlainHttp() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("docker"));
        Files.writeString(dir.resolve("config.json"), "{}");
        try (RegistryArtifacts artifacts = RegistryArtifacts.builder().dockerConfigDir(dir)
                .registryRetries(1, Duration.ofMillis(5)).build()) {
            ImageAccessException push = assertThrows(ImageAccessException.class, () -> artifacts.push(ref("db-1"), dbFile()));
            assertTrue(push.getMessage().contains("cannot reach https://" + fake.hostPort()), push.getMessage());
            ImageAccessException pull = assertThrows(ImageAccessException.class,
                    () -> artifacts.pull(ref("1.0"), DB_TYPE, DB_LAYER, tmp.resolve("out.db")));
            assertTrue(pull.getMessage().contains("cannot reach https://" + fake.hostPort()), pull.getMessage());
        }
        assertEquals(List.of(), fake.requests(), "nothing went over plain HTTP");
    }

    @Test
    void references_withOrWithoutPrefix_andDockerHubShortNames_parseAsForImages() {
        assertEquals(RegistryReference.parse("docker.io/library/tarsier-db:2"), ArtifactTransfer.reference("registry:tarsier-db:2"));
        assertEquals(RegistryReference.parse("ghcr.io/team/db:1"), ArtifactTransfer.reference("ghcr.io/team/db:1"));
        try (RegistryArtifacts artifacts = RegistryArtifacts.builder().build()) {
            assertThrows(IllegalArgumentException.class,
                    () -> artifacts.push("registry:ghcr.io/team/db@sha256:" + "a".repeat(64), dbFile()));
            assertThrows(IllegalArgumentException.class, () -> artifacts.pull("ghcr.io/team/db:1", "not-a-type", DB_LAYER, db));
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
