package dev.tarsier.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code tarsier rescan DIR} across two databases built from different advisory sets. */
class RescanCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADVISORIES = "../demo/advisories/";

    @TempDir
    static Path tmp;
    static Path dbBefore;
    static Path dbAfter;
    static String inventoryJson;
    static String cyclonedx;
    static String spdx;

    @BeforeAll
    static void setUp() {
        dbBefore = tmp.resolve("before.db");
        dbAfter = tmp.resolve("after.db");
        assertEquals(0, CliRun.of("db", "build", "--out", dbBefore.toString(), ADVISORIES + "CVE-2021-44228.json",
                ADVISORIES + "DEBIAN-curl-CVE-2023-46218.json").exitCode());
        assertEquals(0, CliRun.of("db", "build", "--out", dbAfter.toString(), ADVISORIES + "CVE-2021-44228.json",
                ADVISORIES + "DEBIAN-zlib-CVE-2023-45853.json", ADVISORIES + "CVE-2021-23337.json").exitCode());
        inventoryJson = CliRun.of("inventory", "../demo/demo-image.tar", "--format", "json").out();
        cyclonedx = CliRun.of("inventory", "../demo/demo-image.tar", "--format", "cyclonedx").out();
        spdx = CliRun.of("inventory", "../demo/demo-image.tar", "--format", "spdx").out();
    }

    private static Path storedDocuments(String name) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(name));
        Files.writeString(dir.resolve("demo.inventory.json"), inventoryJson, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("demo.cdx.json"), cyclonedx, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("demo.spdx.json"), spdx, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("README.txt"), "not a document: ignored", StandardCharsets.UTF_8);
        return dir;
    }

    private static JsonNode rescan(Path dir, Path db, int expectedExit, String... more) throws Exception {
        String[] args = new String[4 + 2 + more.length];
        args[0] = "rescan";
        args[1] = dir.toString();
        args[2] = "--db";
        args[3] = db.toString();
        args[4] = "--format";
        args[5] = "json";
        System.arraycopy(more, 0, args, 6, more.length);
        CliRun run = CliRun.of(args);
        assertEquals(expectedExit, run.exitCode(), run.err() + run.out());
        return JSON.readTree(run.out());
    }

    private static Set<String> changes(JsonNode image, String field) {
        Set<String> out = new TreeSet<>();
        image.path(field).forEach(f -> out.add(f.path("id").asText() + " " + f.path("purl").asText().replaceAll("@.*", "")));
        return out;
    }

    @Test
    void rescan_afterTheDatabaseChanged_reportsNewAndGoneFindingsPerImage() throws Exception {
        Path dir = storedDocuments("nightly");
        JsonNode first = rescan(dir, dbBefore, 0);
        assertEquals(3, first.path("images").size(), first.toString());
        for (JsonNode image : first.path("images")) {
            assertTrue(image.path("firstRun").asBoolean());
            assertEquals(Set.of("CVE-2021-44228 pkg:maven/org.apache.logging.log4j/log4j-core",
                    "CVE-2023-46218 pkg:deb/debian/curl", "CVE-2023-46218 pkg:deb/debian/libcurl4"), changes(image, "new"));
        }
        assertTrue(Files.isRegularFile(dir.resolve(".tarsier-rescan/demo.cdx.json.findings.json")));
        assertEquals(first.path("images").get(0).path("digest"), first.path("images").get(2).path("digest"),
                "the inventory report and the CycloneDX of one image name the same digest");
        assertTrue(first.path("images").get(0).path("digest").asText().startsWith("sha256:"));

        // a dry run with the gate: fails on the new CRITICAL, keeps the state
        rescan(dir, dbAfter, 1, "--fail-on-new", "critical", "--dry-run");

        JsonNode second = rescan(dir, dbAfter, 0);
        for (JsonNode image : second.path("images")) {
            assertFalse(image.path("firstRun").asBoolean());
            assertEquals(3, image.path("findings").asInt());
            assertEquals(Set.of("CVE-2023-45853 pkg:deb/debian/zlib1g", "CVE-2021-23337 pkg:npm/lodash"),
                    changes(image, "new"), image.path("file").asText());
            assertEquals(Set.of("CVE-2023-46218 pkg:deb/debian/curl", "CVE-2023-46218 pkg:deb/debian/libcurl4"),
                    changes(image, "gone"), image.path("file").asText());
        }

        JsonNode third = rescan(dir, dbAfter, 0, "--fail-on-new", "low");
        for (JsonNode image : third.path("images")) {
            assertEquals(0, image.path("new").size());
            assertEquals(0, image.path("gone").size());
        }
    }

    @Test
    void rescan_table_saysWhatChanged() throws Exception {
        Path dir = storedDocuments("table");
        CliRun run = CliRun.of("rescan", dir.toString(), "--db", dbBefore.toString(), "--fail-on-new", "HIGH");
        assertEquals(1, run.exitCode(), run.err());
        assertTrue(run.out().contains("demo.cdx.json (tarsier/demo:1.0): 3 new, 0 gone, 3 findings (first run)"),
                run.out());
        assertTrue(run.out().contains("  + CRITICAL CVE-2021-44228"), run.out());
        assertTrue(run.out().contains("3 documents: 9 new, 0 gone"), run.out());
    }

    @Test
    void rescan_anUnreadableDocument_isReportedAndTheOthersStillRun() throws Exception {
        Path dir = storedDocuments("broken");
        Files.writeString(dir.resolve("broken.json"), "{\"bomFormat\": \"CycloneDX\"", StandardCharsets.UTF_8);
        CliRun run = CliRun.of("rescan", dir.toString(), "--db", dbBefore.toString(), "--format", "json");
        assertEquals(2, run.exitCode(), run.err());
        JsonNode report = JSON.readTree(run.out());
        assertEquals(4, report.path("images").size());
        assertTrue(report.path("images").get(0).path("error").asText().contains("not valid JSON"), report.toString());
        assertEquals(3, report.path("images").get(1).path("new").size());
        assertTrue(run.err().startsWith("tarsier: cannot read broken.json"), run.err());
    }

    @Test
    void rescan_badUsage_exits2() {
        assertEquals(2, CliRun.of("rescan", tmp.resolve("absent").toString(), "--db", dbBefore.toString()).exitCode());
        assertEquals(2, CliRun.of("rescan", tmp.toString(), "--db", dbBefore.toString(), "--format", "sarif").exitCode());
    }

    @Test
    void rescan_withAnIgnoreFile_suppressedFindingsAreNeitherNewNorRemembered() throws Exception {
        Path dir = storedDocuments("ignored");
        Path ignore = tmp.resolve("ignore.json");
        Files.writeString(ignore, "{\"ignore\": [{\"id\": \"CVE-2023-46218\", \"reason\": \"curl is not reachable\"}]}");
        JsonNode first = rescan(dir, dbBefore, 0, "--ignore-file", ignore.toString());
        for (JsonNode image : first.path("images")) {
            assertEquals(Set.of("CVE-2021-44228 pkg:maven/org.apache.logging.log4j/log4j-core"), changes(image, "new"));
        }
        // without the rule the curl findings appear as new
        JsonNode second = rescan(dir, dbBefore, 0);
        for (JsonNode image : second.path("images")) {
            assertEquals(Set.of("CVE-2023-46218 pkg:deb/debian/curl", "CVE-2023-46218 pkg:deb/debian/libcurl4"),
                    changes(image, "new"));
        }
        Files.writeString(ignore, "{\"ignore\": [{\"id\": \"CVE-1\"}]}");
        CliRun bad = CliRun.of("rescan", dir.toString(), "--db", dbBefore.toString(), "--ignore-file", ignore.toString());
        assertEquals(2, bad.exitCode());
        assertEquals(1, bad.err().strip().lines().count(), bad.err());
    }
}
