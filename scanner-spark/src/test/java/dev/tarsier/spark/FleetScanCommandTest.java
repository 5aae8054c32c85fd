package dev.tarsier.spark;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The job's arguments and file names, without Spark. */
class FleetScanCommandTest {

    @TempDir
    Path tmp;

    @Test
    void parse_readsEveryOption_intoTheSettingsExecutorsBuildTheirScannerFrom() throws Exception {
        // a CA bundle must exist where the command runs (the driver lists the registry with it)
        Path ca = Files.writeString(tmp.resolve("ca.pem"), "read when a registry is first contacted\n");
        FleetScanCommand.Arguments a = FleetScanCommand.parse(new String[] {"--registry", "https://reg.example:5000/",
            "--repositories", "team/a, team/b", "--db", "/data/t.db", "--db-shared", "--out", "s3a://bucket/scan",
            "--table-format", "JSONL", "--insecure-registry", "reg.example:5000,other:1", "--docker-config", "/etc/docker",
            "--registry-ca", ca.toString(), "--platform", "linux/arm64/v8", "--layer-cache", "/var/cache/tarsier",
            "--partitions", "16", "--master", "local[3]"});
        assertEquals("reg.example:5000", a.registry());
        assertEquals(List.of("team/a", "team/b"), a.repositories());
        assertEquals(Path.of("/data/t.db"), a.db());
        assertTrue(a.dbShared());
        assertEquals("s3a://bucket/scan", a.out());
        assertEquals(FleetScan.TableFormat.JSONL, a.tableFormat());
        assertEquals(16, a.partitions());
        assertEquals("local[3]", a.master());
        ScannerSettings s = a.settings();
        assertEquals(List.of("reg.example:5000", "other:1"), s.insecureRegistries());
        assertEquals(Optional.of("/etc/docker"), s.dockerConfigDir());
        assertEquals(Optional.of(ca.toString()), s.registryCaFile());
        assertEquals(Optional.of("linux/arm64/v8"), s.platform());
        assertEquals(Optional.of("/var/cache/tarsier"), s.layerCacheDir());
        assertNull(FleetScanCommand.parse(new String[] {"--help"}));
    }

    @Test
    void parse_badArguments_areUsageErrors() {
        for (String[] args : List.of(
                new String[] {"--db", "d", "--out", "o"},
                new String[] {"--images", "f", "--registry", "r", "--db", "d", "--out", "o"},
                new String[] {"--images", "f", "--repositories", "x", "--db", "d", "--out", "o"},
                new String[] {"--images", "f", "--out", "o"},
                new String[] {"--images", "f", "--db", "d"},
                new String[] {"--images", "f", "--db", "d", "--out", "o", "--partitions", "0"},
                new String[] {"--images", "f", "--db", "d", "--out", "o", "--platform", "not a platform"},
                new String[] {"--images", "--db", "d", "--out", "o"},
                new String[] {"--images", "f", "--db", "d", "--out", "o", "--frobnicate"})) {
            assertThrows(FleetScanCommand.UsageException.class, () -> FleetScanCommand.parse(args), String.join(" ", args));
        }
    }

    @Test
    void images_fromAFile_skipCommentsBlanksAndRepeats() throws Exception {
        Path list = Files.writeString(tmp.resolve("images.txt"),
                "# fleet\n\nregistry:r.example/a:1\n  registry:r.example/b:2  \nregistry:r.example/a:1\n");
        FleetScanCommand.Arguments a = FleetScanCommand.parse(new String[] {"--images", list.toString(), "--db", "d",
            "--out", "o"});
        assertEquals(List.of("registry:r.example/a:1", "registry:r.example/b:2"), FleetScanCommand.images(a));
    }

    @Test
    void reportName_isReadable_safe_andDistinctForReferencesThatLookAlike() {
        String a = FleetScan.reportName("registry:reg.example:5000/team/app:1.0");
        String b = FleetScan.reportName("registry:reg.example:5000/team_app:1.0");
        assertTrue(a.matches("reg\\.example_5000_team_app_1\\.0-[0-9a-f]{12}\\.json"), a);
        assertNotEquals(a, b);
        String hostile = FleetScan.reportName("registry:r/../../etc/passwd:" + "x".repeat(500));
        assertTrue(hostile.matches("[A-Za-z0-9._-]+") && !hostile.contains("/") && hostile.length() < 200, hostile);
    }
}
