package dev.tarsier.report.internal.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tarsier.report.Report;
import dev.tarsier.report.ReportFormat;
import dev.tarsier.report.ReportWriter;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the CycloneDX, SPDX and SARIF documents say, beyond being schema-valid. */
class MachineFormatsTest {

    static byte[] bytes(Report report, ReportFormat format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ReportWriter.write(report, format, out);
        return out.toByteArray();
    }

    static JsonNode json(Report report, ReportFormat format) throws IOException {
        return new ObjectMapper().readTree(bytes(report, format));
    }

    private static JsonNode named(JsonNode array, String name) {
        for (JsonNode n : array) {
            if (n.path("name").asText().equals(name)) {
                return n;
            }
        }
        throw new AssertionError("no " + name);
    }

    private static String property(JsonNode component, String name) {
        for (JsonNode p : component.get("properties")) {
            if (p.get("name").asText().equals(name)) {
                return p.get("value").asText();
            }
        }
        return null;
    }

    @Test
    void cyclonedx_components_carryPurlLayerAndPath() throws IOException {
        JsonNode bom = json(ReportSamples.sbom(), ReportFormat.CYCLONEDX);

        assertEquals("container", bom.get("metadata").get("component").get("type").asText());
        assertEquals("operating-system", bom.get("components").get(0).get("type").asText());
        JsonNode log4j = named(bom.get("components"), "log4j-core");
        assertEquals("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1", log4j.get("purl").asText());
        assertEquals("org.apache.logging.log4j", log4j.get("group").asText());
        assertEquals("2", property(log4j, "tarsier:layer"));
        assertEquals("opt/app/app.jar!/BOOT-INF/lib/log4j-core-2.14.1.jar", property(log4j, "tarsier:path"));
        assertFalse(bom.has("vulnerabilities"), "an SBOM from the inventory alone has no vulnerabilities");
    }

    @Test
    void cyclonedx_vulnerabilities_haveRatingsAffectsFixedVersionsAndVexAnalysis() throws IOException {
        JsonNode vulns = json(ReportSamples.scan(), ReportFormat.CYCLONEDX).get("vulnerabilities");

        JsonNode log4shell = vulns.get(0);
        assertEquals("CVE-2021-44228", log4shell.get("id").asText());
        assertEquals("critical", log4shell.get("ratings").get(0).get("severity").asText());
        assertEquals(10.0, log4shell.get("ratings").get(0).get("score").asDouble());
        assertEquals("GHSA-jfh8-c2jp-5v3q", log4shell.get("references").get(0).get("id").asText());
        assertEquals("GitHub Advisory Database", log4shell.get("references").get(0).get("source").get("name").asText());
        assertEquals("https://nvd.nist.gov/vuln/detail/CVE-2021-44228", log4shell.get("source").get("url").asText());
        List<String> versions = new ArrayList<>();
        log4shell.get("affects").get(0).get("versions").forEach(v -> versions.add(v.get("version").asText() + ":" + v.get("status").asText()));
        assertEquals(List.of("2.14.1:affected", "2.3.1:unaffected", "2.12.2:unaffected", "2.15.0:unaffected"), versions);
        assertTrue(log4shell.get("recommendation").asText().startsWith("Upgrade log4j-core to 2.16.0"));
        JsonNode zlib = vulns.get(8);
        assertEquals("CVE-2023-45853", zlib.get("id").asText());
        assertEquals("not_affected", zlib.get("analysis").get("state").asText());
        assertEquals("code_not_present", zlib.get("analysis").get("justification").asText());
    }

    @Test
    void sarif_hasOneRulePerVulnerabilityAndResultsAtThePackageFile() throws IOException {
        JsonNode run = json(ReportSamples.scan(), ReportFormat.SARIF).get("runs").get(0);

        List<String> ruleIds = new ArrayList<>();
        run.get("tool").get("driver").get("rules").forEach(r -> ruleIds.add(r.get("id").asText()));
        assertEquals(ruleIds.stream().distinct().sorted().toList(), ruleIds);
        assertEquals(9, ruleIds.size(), "CVE-2024-0727 affects libssl3 and openssl but is one rule");
        JsonNode results = run.get("results");
        assertEquals(10, results.size());
        int withSuppression = 0;
        for (JsonNode r : results) {
            assertEquals(r.get("ruleId").asText(), ruleIds.get(r.get("ruleIndex").asInt()));
            if (r.has("suppressions")) {
                withSuppression++;
            }
        }
        assertEquals(2, withSuppression);
        JsonNode log4shell = results.get(0);
        assertEquals("opt/app/app.jar", log4shell.get("locations").get(0).get("physicalLocation").get("artifactLocation").get("uri").asText());
        assertEquals("error", log4shell.get("level").asText());
        JsonNode rule = run.get("tool").get("driver").get("rules").get(ruleIds.indexOf("CVE-2024-2398"));
        assertEquals("note", rule.get("defaultConfiguration").get("level").asText());
        assertFalse(rule.get("properties").has("security-severity"), "UNKNOWN has no score to show");
    }

    @Test
    void sarif_uri_percentEncodesAndStaysRelative() {
        assertEquals("opt/my%20app/a%C3%A9.jar", SarifWriter.uri("opt/my app/aé.jar"));
        assertEquals("./c:/x", SarifWriter.uri("c:/x"));
    }

    @Test
    void spdx_packages_referenceTheirPurlAndTheImageContainsThem() throws IOException {
        JsonNode doc = json(ReportSamples.sbom(), ReportFormat.SPDX);

        JsonNode libssl = named(doc.get("packages"), "libssl3");
        assertEquals("libssl3", libssl.get("name").asText());
        assertEquals("pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12",
                libssl.get("externalRefs").get(0).get("referenceLocator").asText());
        assertEquals("built from source package openssl 3.0.11-1~deb12u2", libssl.get("sourceInfo").asText());
        assertEquals("Apache-2.0", named(doc.get("packages"), "log4j-core").get("licenseDeclared").asText());
        assertEquals(9, doc.get("relationships").size(), "DESCRIBES + OS + 7 packages");
        assertEquals("2026-06-15T08:30:00Z", doc.get("creationInfo").get("created").asText());
    }

    @Test
    void machineFormats_areStableForTheSameReportAndUniquePerCreationTime() throws IOException {
        Report report = ReportSamples.scan();
        for (ReportFormat f : List.of(ReportFormat.CYCLONEDX, ReportFormat.SPDX, ReportFormat.SARIF)) {
            assertArrayEquals(bytes(report, f), bytes(report, f), f.id());
        }
        Report later = report.withCreated(Instant.parse("2026-06-16T08:30:00Z"));
        assertNotEquals(json(report, ReportFormat.CYCLONEDX).get("serialNumber"), json(later, ReportFormat.CYCLONEDX).get("serialNumber"));
        assertNotEquals(json(report, ReportFormat.SPDX).get("documentNamespace"), json(later, ReportFormat.SPDX).get("documentNamespace"));
    }

    @Test
    void reportFormat_parse_acceptsAnyCaseAndNamesTheChoicesOnError() {
        assertEquals(ReportFormat.CYCLONEDX, ReportFormat.parse("CycloneDX"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ReportFormat.parse("xml"));
        assertEquals("unknown format 'xml' (expected json, table, cyclonedx, spdx or sarif)", e.getMessage());
    }
}
