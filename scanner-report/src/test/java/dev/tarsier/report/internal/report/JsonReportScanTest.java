package dev.tarsier.report.internal.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tarsier.report.JsonReport;
import dev.tarsier.report.Report;
import dev.tarsier.report.ReportFixtures;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonReportScanTest {

    private static byte[] bytes(Report report) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JsonReport.write(report, out);
        return out.toByteArray();
    }

    private static JsonNode json(Report report) throws IOException {
        return new ObjectMapper().readTree(bytes(report));
    }

    @Test
    void write_inventoryReport_isByteIdenticalToTheInventoryContract() throws IOException {
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        JsonReport.write(ReportFixtures.inventory(), plain);

        assertArrayEquals(plain.toByteArray(), bytes(ReportSamples.sbom()));
    }

    @Test
    void write_scanReport_summarisesActiveFindingsBySeverityAndClassWithVerdict() throws IOException {
        JsonNode summary = json(ReportSamples.scan()).get("summary");

        assertEquals(8, summary.get("findings").asInt());
        assertEquals("{\"CRITICAL\":2,\"HIGH\":3,\"MEDIUM\":2,\"LOW\":0,\"UNKNOWN\":1}", summary.get("bySeverity").toString());
        assertEquals("{\"CRITICAL\":0,\"HIGH\":1,\"MEDIUM\":2,\"LOW\":0,\"UNKNOWN\":1}", summary.get("byClass").get("os").toString());
        assertEquals("{\"CRITICAL\":2,\"HIGH\":2,\"MEDIUM\":0,\"LOW\":0,\"UNKNOWN\":0}", summary.get("byClass").get("app").toString());
        assertEquals("{\"total\":2,\"vex\":1,\"ignoreFile\":1,\"unfixed\":0}", summary.get("suppressed").toString());
        assertEquals(8, summary.get("fixable").asInt());
        assertEquals("fail", summary.get("verdict").asText());
    }

    @Test
    void write_scanReport_keepsSuppressedFindingsVisibleWithWhy() throws IOException {
        JsonNode root = json(ReportSamples.scan());

        List<String> active = new ArrayList<>();
        root.get("findings").forEach(f -> active.add(f.get("id").asText()));
        assertFalse(active.contains("CVE-2023-45853"));
        JsonNode vex = root.get("suppressed").get(0);
        assertEquals("CVE-2023-45853", vex.get("id").asText());
        assertEquals("zlib1g", vex.get("package").get("name").asText());
        assertEquals("{\"kind\":\"vex\",\"reason\":\"Debian's zlib1g does not ship MiniZip\",\"source\":\"vendor.openvex.json\","
                + "\"vexStatus\":\"not_affected\",\"justification\":\"vulnerable_code_not_present\"}", vex.get("suppression").toString());
        JsonNode ignored = root.get("suppressed").get(1).get("suppression");
        assertEquals("ignoreFile", ignored.get("kind").asText());
        assertEquals("2026-12-31", ignored.get("expires").asText());
    }

    @Test
    void write_scanReport_listsThresholdsViolationsAndExpiredRules() throws IOException {
        JsonNode policy = json(ReportSamples.scan()).get("policy");

        assertEquals("fail", policy.get("verdict").asText());
        assertEquals("HIGH", policy.get("failOnOs").asText());
        assertEquals("MEDIUM", policy.get("failOnApp").asText());
        assertEquals("MEDIUM", policy.get("unknownSeverityCountsAs").asText());
        assertEquals(5, policy.get("violations").size());
        assertEquals("{\"id\":\"CVE-2020-8203\",\"reason\":\"zipObjectDeep is never called\",\"expires\":\"2026-03-31\","
                + "\"file\":\".tarsierignore.json\"}", policy.get("expiredIgnoreRules").get(0).toString());
    }

    @Test
    void write_scanReport_givesUpgradeAdvicePerPackageAndLayer() throws IOException {
        JsonNode remediation = json(ReportSamples.scan()).get("remediation");

        JsonNode log4j = remediation.get("packages").get(0);
        assertEquals("log4j-core", log4j.get("name").asText());
        assertEquals("2.16.0", log4j.get("upgradeTo").asText());
        assertEquals(2, log4j.get("removes").get("CRITICAL").asInt());
        assertEquals(1, remediation.get("baseLayers").asInt());
        assertEquals(3, remediation.get("baseImageFindings").asInt());
        JsonNode base = remediation.get("layers").get(0);
        assertTrue(base.get("baseImage").asBoolean());
        assertEquals(3, base.get("findings").asInt());
        assertTrue(remediation.get("layers").get(2).get("advice").asText()
                .startsWith("fix in your Dockerfile at: COPY build/app/ /opt/app/"));
    }

    @Test
    void write_scanReport_isDeterministicWhateverTheCreationTime() throws IOException {
        Report report = ReportSamples.scan();

        assertArrayEquals(bytes(report), bytes(report.withCreated(Instant.parse("2030-01-01T00:00:00Z"))));
    }
}
