package dev.tarsier.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code tarsier scan sbom:PATH}: the demo image's own SBOMs give the image's findings back. */
class SbomScanEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path IMAGE = Path.of("../demo/demo-image.tar");

    @TempDir
    static Path tmp;
    static Path db;

    @BeforeAll
    static void buildDb() {
        db = tmp.resolve("demo.db");
        CliRun build = CliRun.of("db", "build", "--out", db.toString(), "../demo/advisories");
        assertEquals(0, build.exitCode(), build.err());
    }

    /** id × package PURL of every finding (the layer is not compared: SBOMs of other tools lack it). */
    private static Set<String> findings(JsonNode report) {
        Set<String> out = new TreeSet<>();
        for (JsonNode f : report.path("findings")) {
            out.add(f.path("id").asText() + " " + f.path("package").path("purl").asText() + " "
                    + f.path("severity").asText() + " " + f.path("fixedVersions"));
        }
        return out;
    }

    private static JsonNode scanJson(String image) throws Exception {
        CliRun run = CliRun.of("scan", image, "--db", db.toString(), "--format", "json");
        assertEquals(0, run.exitCode(), run.err() + run.out());
        return JSON.readTree(run.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"cyclonedx", "spdx", "json"})
    void scanSbom_ofTheDemoImagesOwnInventory_givesTheImagesFindings(String format) throws Exception {
        CliRun inventory = CliRun.of("inventory", IMAGE.toString(), "--format", format);
        assertEquals(0, inventory.exitCode(), inventory.err());
        Path sbom = tmp.resolve("demo." + format + ".json");
        Files.writeString(sbom, inventory.out(), StandardCharsets.UTF_8);

        JsonNode fromImage = scanJson(IMAGE.toString());
        JsonNode fromSbom = scanJson("sbom:" + sbom);

        assertEquals(7, findings(fromImage).size());
        assertEquals(findings(fromImage), findings(fromSbom));
        assertEquals(fromImage.path("image").path("os").path("family").asText(),
                fromSbom.path("image").path("os").path("family").asText());
        assertEquals(fromImage.path("image").path("digest"), fromSbom.path("image").path("digest"));
        // Tarsier's own documents carry the layers: attribution survives the round trip
        assertEquals(fromImage.path("image").path("layers").size(), fromSbom.path("image").path("layers").size());
        for (int i = 0; i < fromImage.path("findings").size(); i++) {
            assertEquals(layerOf(fromImage, i), layerOf(fromSbom, fromImage.path("findings").get(i)), "layer of finding " + i);
        }
        assertEquals("sbom:" + sbom, fromSbom.path("image").path("source").asText());
    }

    private static String layerOf(JsonNode report, int i) {
        JsonNode f = report.path("findings").get(i);
        return f.path("id").asText() + " " + f.path("package").path("purl").asText() + " " + f.path("layer").asInt();
    }

    private static String layerOf(JsonNode report, JsonNode like) {
        for (JsonNode f : report.path("findings")) {
            if (f.path("id").equals(like.path("id")) && f.path("package").path("purl").equals(like.path("package").path("purl"))) {
                return f.path("id").asText() + " " + f.path("package").path("purl").asText() + " " + f.path("layer").asInt();
            }
        }
        return "missing " + like.path("id").asText();
    }

    @ParameterizedTest
    @ValueSource(strings = {"table", "sarif", "cyclonedx", "spdx", "json"})
    void scanSbom_everyReportFormatAndTheGateWork(String format) throws Exception {
        CliRun inventory = CliRun.of("inventory", IMAGE.toString(), "--format", "cyclonedx");
        Path sbom = tmp.resolve("gate.cdx.json");
        Files.writeString(sbom, inventory.out(), StandardCharsets.UTF_8);
        CliRun run = CliRun.of("scan", "sbom:" + sbom, "--db", db.toString(), "--format", format,
                "--fail-on-os", "HIGH", "--fail-on-app", "MEDIUM");
        assertEquals(1, run.exitCode(), run.err());
        assertFalse(run.out().isBlank());
        CliRun pass = CliRun.of("scan", "sbom:" + sbom, "--db", db.toString(), "--format", format, "--quiet");
        assertEquals(0, pass.exitCode(), pass.err());
    }

    @Test
    void scanSbom_malformedDocument_exits2WithOneLine() throws Exception {
        Path bad = tmp.resolve("bad.json");
        Files.writeString(bad, "{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.6\", \"components\": [");
        assertOneLineUsageError(CliRun.of("scan", "sbom:" + bad, "--db", db.toString()), "not valid JSON");
        Path other = tmp.resolve("other.json");
        Files.writeString(other, "{\"hello\": 1}");
        assertOneLineUsageError(CliRun.of("scan", "sbom:" + other, "--db", db.toString()), "neither a CycloneDX");
        Path old = tmp.resolve("old.json");
        Files.writeString(old, "{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.2\"}");
        assertOneLineUsageError(CliRun.of("scan", "sbom:" + old, "--db", db.toString()), "1.2");
        assertOneLineUsageError(CliRun.of("scan", "sbom:" + tmp.resolve("absent.json"), "--db", db.toString()),
                "no such file");
        CliRun platform = CliRun.of("scan", "sbom:" + old, "--db", db.toString(), "--platform", "linux/arm64");
        assertEquals(2, platform.exitCode());
        assertTrue(platform.err().contains("do not apply to sbom:"), platform.err());
    }

    private static void assertOneLineUsageError(CliRun run, String expected) {
        assertEquals(2, run.exitCode(), run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertTrue(run.err().startsWith("tarsier: cannot read SBOM"), run.err());
        assertTrue(run.err().contains(expected), run.err());
    }

    @Test
    void scanSbom_badEntries_becomeWarningsAndTheRestIsMatched() throws Exception {
        Path sbom = tmp.resolve("partial.cdx.json");
        Files.writeString(sbom, """
                {"bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1,
                 "components": [
                   {"type": "library", "name": "log4j-core", "version": "2.14.1",
                    "purl": "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"},
                   {"type": "library", "name": "nopurl", "version": "1.0"},
                   {"type": "library", "name": "broken", "version": "1.0", "purl": "pkg:/nonsense"},
                   "not an object"
                 ]}
                """);
        JsonNode report = scanJson("sbom:" + sbom);
        assertEquals(Set.of("CVE-2021-44228 pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1 CRITICAL [\"2.15.0\"]"),
                findings(report));
        String warnings = report.path("warnings").toString();
        assertTrue(warnings.contains("nopurl"), warnings);
        assertTrue(warnings.contains("pkg:/nonsense"), warnings);
        assertTrue(warnings.contains("not an object"), warnings);
    }

    @Test
    void inventorySbom_convertsAnSbomToAnotherFormat() throws Exception {
        CliRun spdx = CliRun.of("inventory", IMAGE.toString(), "--format", "spdx");
        Path sbom = tmp.resolve("convert.spdx.json");
        Files.writeString(sbom, spdx.out(), StandardCharsets.UTF_8);
        CliRun image = CliRun.of("inventory", IMAGE.toString(), "--format", "json");
        CliRun converted = CliRun.of("inventory", "sbom:" + sbom, "--format", "json");
        assertEquals(0, converted.exitCode(), converted.err());
        Set<String> expected = new TreeSet<>();
        JSON.readTree(image.out()).path("packages").forEach(p -> expected.add(p.path("purl").asText() + " " + p.path("layer")));
        Set<String> actual = new TreeSet<>();
        JSON.readTree(converted.out()).path("packages").forEach(p -> actual.add(p.path("purl").asText() + " " + p.path("layer")));
        assertEquals(expected, actual);
    }

    @Test
    void scanSbom_withoutLayers_doesNotCallThePseudoLayerABaseImage() throws Exception {
        Path sbom = tmp.resolve("nolayers.cdx.json");
        Files.writeString(sbom, """
                {"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
                 "components": [{"type": "library", "name": "zlib1g", "version": "1:1.2.13.dfsg-1",
                   "purl": "pkg:deb/debian/zlib1g@1:1.2.13.dfsg-1?arch=amd64&upstream=zlib&distro=debian-12"}]}
                """);
        CliRun run = CliRun.of("scan", "sbom:" + sbom, "--db", db.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("CVE-2023-45853"), run.out());
        assertFalse(run.out().contains("base image"), run.out());
        assertTrue(run.out().contains("(the document names no layers)"), run.out());
    }
}
