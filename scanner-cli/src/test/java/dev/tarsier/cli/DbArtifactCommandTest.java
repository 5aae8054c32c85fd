package dev.tarsier.cli;

import dev.tarsier.core.RegistryArtifacts;
import dev.tarsier.testkit.LocalRegistry;
import dev.tarsier.vulndb.VulnerabilityDatabase;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code tarsier db push}, {@code db pull} and {@code db update --from} through Debian's real
 * registry: a database built once is pushed as an OCI artifact and pulled elsewhere byte for byte;
 * whatever is not a usable database leaves the local one as it was.
 */
class DbArtifactCommandTest {

    @TempDir
    static Path tmp;
    private static DemoRegistry demo;
    private static LocalRegistry registry;
    private static Path db;

    @BeforeAll
    static void startRegistry() throws Exception {
        demo = DemoRegistry.start(tmp);
        registry = demo.registry();
        db = demo.db();
    }

    @AfterAll
    static void stopRegistry() throws Exception {
        DemoRegistry.stop(demo);
    }

    private static String ref(String repoTag) {
        return demo.ref(repoTag);
    }

    @Test
    void pushThenPull_givesTheSameDatabase_andUpdateFromDoesToo() throws Exception {
        CliRun push = CliRun.of("db", "push", ref("tarsier/db:2"), "--db", db.toString(),
                "--insecure-registry", registry.hostPort());
        assertEquals(0, push.exitCode(), push.err());
        assertTrue(push.out().contains("manifest sha256:"), push.out());

        Path pulled = tmp.resolve("ci/pulled.db");
        CliRun pull = CliRun.of("db", "pull", ref("tarsier/db:2"), "--db", pulled.toString(),
                "--insecure-registry", registry.hostPort());
        assertEquals(0, pull.exitCode(), pull.err());
        assertArrayEquals(Files.readAllBytes(db), Files.readAllBytes(pulled));
        try (VulnerabilityDatabase d = VulnerabilityDatabase.open(pulled)) {
            assertEquals(7, d.info().advisories());
        }

        Path viaUpdate = tmp.resolve("ci/update.db");
        CliRun update = CliRun.of("db", "update", "--from", ref("tarsier/db:2"), "--db", viaUpdate.toString(),
                "--insecure-registry", registry.hostPort());
        assertEquals(0, update.exitCode(), update.err());
        assertArrayEquals(Files.readAllBytes(db), Files.readAllBytes(viaUpdate));
        try (var left = Files.list(viaUpdate.getParent())) {
            assertEquals(List.of("pulled.db", "update.db"), left.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no temporary file is left behind");
        }
    }

    @Test
    void pullOfAnImage_orOfAMissingTag_leavesTheLocalDatabase() throws Exception {
        Path local = tmp.resolve("keep.db");
        Files.copy(db, local);
        byte[] before = Files.readAllBytes(local);

        CliRun image = CliRun.of("db", "pull", ref("demo/app:1.0"), "--db", local.toString(),
                "--insecure-registry", registry.hostPort());
        assertEquals(2, image.exitCode(), image.out());
        assertTrue(image.err().contains("was left as it was"), image.err());
        assertEquals(1, image.err().strip().lines().count(), image.err());

        CliRun missing = CliRun.of("db", "update", "--from", ref("tarsier/db:nope"), "--db", local.toString(),
                "--insecure-registry", registry.hostPort());
        assertEquals(2, missing.exitCode(), missing.out());
        assertArrayEquals(before, Files.readAllBytes(local));
    }

    @Test
    void pushOfSomethingThatIsNoDatabase_isRefusedBeforeUploading() throws Exception {
        Path junk = Files.writeString(tmp.resolve("junk.db"), "not a database, " + "x".repeat(400));
        CliRun push = CliRun.of("db", "push", ref("tarsier/db:junk"), "--db", junk.toString(),
                "--insecure-registry", registry.hostPort());
        assertEquals(2, push.exitCode(), push.out());
        assertTrue(push.err().contains("cannot use " + junk), push.err());
    }

    /**
     * An artifact pushed by an earlier Tarsier holds a format 2 file under the {@code layer.v2}
     * media type; this build still reads that format, so it pulls it too.
     */
    @Test
    void pullOfAnArtifactOfTheOlderFormat_takesIt() throws Exception {
        Path v2 = Path.of(System.getProperty("tarsier.root", "..")).toAbsolutePath()
                .resolve("scanner-vulndb/src/test/resources/db/maven-index-v2.db");
        assertTrue(Files.isRegularFile(v2), "no format 2 database at " + v2);
        assertEquals("application/vnd.dev.tarsier.vulndb.layer.v2", VulnerabilityDatabase.OCI_LAYER_MEDIA_TYPES_READ
                .get(VulnerabilityDatabase.OCI_LAYER_MEDIA_TYPES_READ.size() - 1));
        try (RegistryArtifacts client = RegistryArtifacts.builder().insecureRegistries(List.of(registry.hostPort()))
                .build()) {
            client.push(ref("tarsier/db:old").substring("registry:".length()), new RegistryArtifacts.ArtifactFile(v2,
                    VulnerabilityDatabase.OCI_ARTIFACT_TYPE, "application/vnd.dev.tarsier.vulndb.layer.v2", Map.of()));
        }
        Path pulled = tmp.resolve("old/pulled.db");
        CliRun pull = CliRun.of("db", "pull", ref("tarsier/db:old"), "--db", pulled.toString(),
                "--insecure-registry", registry.hostPort());
        assertEquals(0, pull.exitCode(), pull.err());
        assertArrayEquals(Files.readAllBytes(v2), Files.readAllBytes(pulled));
    }
}
