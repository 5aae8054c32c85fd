package dev.tarsier.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tarsier.core.RegistryArtifacts.ArtifactFile;
import dev.tarsier.core.RegistryArtifacts.Pulled;
import dev.tarsier.core.RegistryArtifacts.Pushed;
import dev.tarsier.testkit.LocalRegistry;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Pushes a single-file artifact to Debian's real registry (distribution v2.8) over plain HTTP and
 * pulls it back; skopeo reads the manifest raw to show it is the OCI 1.1 artifact shape.
 */
class RegistryArtifactsTest {

    static final String DB_TYPE = "application/vnd.tarsier.db.v1";
    static final String DB_LAYER = "application/vnd.tarsier.db.layer.v1.sqlite";

    @TempDir
    static Path tmp;
    private static LocalRegistry registry;
    private static Path db;
    private static RegistryArtifacts artifacts;

    @BeforeAll
    static void startRegistry() throws Exception {
        assumeTrue(LocalRegistry.binary().isPresent(),
                "docker-registry is not installed (apt-get install docker-registry); registry artifact tests skipped");
        registry = LocalRegistry.start(Files.createDirectories(tmp.resolve("registry")), Optional.empty(),
                Optional.empty(), Optional.empty());
        db = tmp.resolve("vuln.db");
        byte[] content = new byte[3 << 20];
        new Random(42).nextBytes(content);
        Files.write(db, content);
        artifacts = RegistryArtifacts.builder().insecureRegistries(List.of(registry.hostPort()))
                .dockerConfigDir(Files.createDirectories(tmp.resolve("no-docker-config"))).build();
    }

    @AfterAll
    static void stopRegistry() throws Exception {
        if (artifacts != null) {
            artifacts.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    private static String ref(String repoTag) {
        return "registry:" + registry.hostPort() + "/" + repoTag;
    }

    private static ArtifactFile dbFile(Map<String, String> annotations) {
        return new ArtifactFile(db, DB_TYPE, DB_LAYER, annotations);
    }

    @Test
    void pushThenPull_givesTheSameBytesDigestsAndAnnotations() throws Exception {
        Pushed pushed = artifacts.push(ref("team/db:1"), dbFile(Map.of("dev.tarsier.db.schema", "3")));
        assertTrue(pushed.blobUploaded());
        assertEquals(Files.size(db), pushed.size());
        Path out = tmp.resolve("pulled.db");
        Pulled pulled = artifacts.pull(ref("team/db:1"), DB_TYPE, DB_LAYER, out);
        assertArrayEquals(Files.readAllBytes(db), Files.readAllBytes(out));
        assertEquals(pushed.manifestDigest(), pulled.manifestDigest());
        assertEquals(pushed.blobDigest(), pulled.blobDigest());
        assertEquals(pushed.size(), pulled.size());
        assertEquals("3", pulled.annotations().get("dev.tarsier.db.schema"));
        assertTrue(pulled.annotations().containsKey(RegistryArtifacts.CREATED), pulled.annotations().toString());
        assertEquals(Map.of(RegistryArtifacts.TITLE, "vuln.db"), pulled.layerAnnotations());

        // without the prefix, and by digest
        Path byDigest = tmp.resolve("by-digest.db");
        Pulled again = artifacts.pull(registry.hostPort() + "/team/db@" + pushed.manifestDigest(), DB_TYPE, DB_LAYER, byDigest);
        assertEquals(pushed.blobDigest(), again.blobDigest());
        assertArrayEquals(Files.readAllBytes(db), Files.readAllBytes(byDigest));
    }

    @Test
    void pushTwice_skipsTheBlobsTheRegistryHasAndGivesTheSameManifest() throws Exception {
        Map<String, String> fixedTime = Map.of(RegistryArtifacts.CREATED, "2024-05-01T00:00:00Z");
        Pushed first = artifacts.push(ref("team/idempotent:1"), dbFile(fixedTime));
        Pushed second = artifacts.push(ref("team/idempotent:1"), dbFile(fixedTime));
        assertTrue(first.blobUploaded());
        assertFalse(second.blobUploaded(), "HEAD found the blob");
        assertEquals(first.manifestDigest(), second.manifestDigest());
    }

    @Test
    void skopeoInspectRaw_showsAnOci11ArtifactManifest() throws Exception {
        assumeTrue(LocalRegistry.onPath("skopeo").isPresent(), "skopeo is not installed; manifest check skipped");
        Pushed pushed = artifacts.push(ref("team/inspected:1"), dbFile(Map.of()));
        String raw = LocalRegistry.run(List.of(LocalRegistry.onPath("skopeo").orElseThrow().toString(), "inspect", "--raw",
                "--tls-verify=false", "docker://" + registry.hostPort() + "/team/inspected:1"));
        JsonNode manifest = new ObjectMapper().readTree(raw);
        assertEquals(2, manifest.path("schemaVersion").asInt());
        assertEquals(RegistryArtifacts.MANIFEST_MEDIA_TYPE, manifest.path("mediaType").asText());
        assertEquals(DB_TYPE, manifest.path("artifactType").asText());
        assertEquals(RegistryArtifacts.EMPTY_MEDIA_TYPE, manifest.path("config").path("mediaType").asText());
        assertEquals("sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a",
                manifest.path("config").path("digest").asText(), "the digest of {}");
        assertEquals(2, manifest.path("config").path("size").asInt());
        assertEquals(1, manifest.path("layers").size());
        JsonNode layer = manifest.path("layers").path(0);
        assertEquals(DB_LAYER, layer.path("mediaType").asText());
        assertEquals(pushed.blobDigest(), layer.path("digest").asText());
        assertEquals(Files.size(db), layer.path("size").asLong());
        assertEquals("vuln.db", layer.path("annotations").path(RegistryArtifacts.TITLE).asText());
    }

    @Test
    void pull_withAnotherExpectedArtifactType_failsWithOneLineAndWritesNothing() throws Exception {
        artifacts.push(ref("team/typed:1"), dbFile(Map.of()));
        Path out = tmp.resolve("wrong-type.db");
        ImageAccessException e = assertThrows(ImageAccessException.class,
                () -> artifacts.pull(ref("team/typed:1"), "application/vnd.other.v1", DB_LAYER, out));
        assertEquals(registry.hostPort() + "/team/typed:1: is not a application/vnd.other.v1 artifact (its artifact type is '"
                + DB_TYPE + "')", e.getMessage());
        assertFalse(Files.exists(out));
    }

    @Test
    void pull_ofAContainerImage_failsClearly() throws Exception {
        assumeTrue(LocalRegistry.onPath("skopeo").isPresent(), "skopeo is not installed; image push skipped");
        Path layout = tmp.resolve("app");
        RegistryScanTest.appImage().writeOciLayout(layout);
        registry.push(layout, "1.0", "team/app:1.0");
        ImageAccessException e = assertThrows(ImageAccessException.class,
                () -> artifacts.pull(ref("team/app:1.0"), DB_TYPE, DB_LAYER, tmp.resolve("image.db")));
        assertTrue(e.getMessage().contains("is not a " + DB_TYPE + " artifact (its artifact type is "
                + "'application/vnd.oci.image.config.v1+json')"), e.getMessage());
    }

    @Test
    void pull_ofAnUnknownTag_failsWithA404Line() throws Exception {
        ImageAccessException e = assertThrows(ImageAccessException.class,
                () -> artifacts.pull(ref("team/db:nope"), DB_TYPE, DB_LAYER, tmp.resolve("missing.db")));
        assertTrue(e.getMessage().startsWith(registry.hostPort() + "/team/db: manifest nope not found (404)"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }
}
