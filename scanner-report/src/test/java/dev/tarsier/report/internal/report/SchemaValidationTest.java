package dev.tarsier.report.internal.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import dev.tarsier.api.Finding;
import dev.tarsier.api.Image;
import dev.tarsier.api.Inventory;
import dev.tarsier.api.Layer;
import dev.tarsier.api.Severity;
import dev.tarsier.report.Policy;
import dev.tarsier.report.Report;
import dev.tarsier.report.ReportFixtures;
import dev.tarsier.report.ReportFormat;
import dev.tarsier.report.ReportWriter;
import dev.tarsier.testkit.SharedData;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Validates every machine format against its official JSON schema from {@code ../shared/schemas}
 * (resolved offline by {@code $id}); skips when the folder is absent.
 */
class SchemaValidationTest {

    private static final String CYCLONEDX = "http://cyclonedx.org/schema/bom-1.6.schema.json";
    private static final String CYCLONEDX_15 = "http://cyclonedx.org/schema/bom-1.5.schema.json";
    private static final String SPDX = "http://spdx.org/rdf/terms/2.3";
    private static final String SARIF = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
    private static final String OPENVEX = "https://github.com/openvex/spec/openvex_json_schema_0.2.0.json";

    static Path schemas() {
        Path dir = SharedData.schemas();
        Assumptions.assumeTrue(Files.isRegularFile(dir.resolve("bom-1.6.schema.json")),
                "../shared/schemas has no CycloneDX 1.6 schema; skipping schema validation");
        return dir;
    }

    /** The schemas by {@code $id}, read from the shared folder: nothing is fetched at run time. */
    private static Schema schema(String id, SpecificationVersion dialect) throws IOException {
        Path dir = schemas();
        Map<String, String> byId = new HashMap<>();
        byId.put(CYCLONEDX, Files.readString(dir.resolve("bom-1.6.schema.json")));
        byId.put(CYCLONEDX_15, Files.readString(dir.resolve("bom-1.5.schema.json")));
        byId.put("http://cyclonedx.org/schema/spdx.schema.json", Files.readString(dir.resolve("spdx.schema.json")));
        byId.put("http://cyclonedx.org/schema/jsf-0.82.schema.json", Files.readString(dir.resolve("jsf-0.82.schema.json")));
        byId.put(SPDX, Files.readString(dir.resolve("spdx-schema-2.3.json")));
        byId.put(SARIF, Files.readString(dir.resolve("sarif-schema-2.1.0.json")));
        byId.put(OPENVEX, Files.readString(dir.resolve("openvex_json_schema_0.2.0.json")));
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(dialect, b -> b.schemas(byId));
        return registry.getSchema(SchemaLocation.of(id));
    }

    private static JsonNode render(Report report, ReportFormat format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ReportWriter.write(report, format, out);
        return new ObjectMapper().readTree(out.toByteArray());
    }

    private static void assertValid(Schema schema, JsonNode document) {
        List<Error> errors = schema.validate(document);
        assertEquals(List.of(), errors.stream().map(Error::toString).toList());
    }

    @Test
    void cyclonedx_scanAndSbom_validateAgainstCycloneDx16Schema() throws IOException {
        Schema schema = schema(CYCLONEDX, SpecificationVersion.DRAFT_7);
        JsonNode scan = render(ReportSamples.scan(), ReportFormat.CYCLONEDX);

        assertValid(schema, scan);
        assertValid(schema, render(ReportSamples.sbom(), ReportFormat.CYCLONEDX));
        assertEquals(10, scan.get("vulnerabilities").size(), "8 active + 2 suppressed");
        assertEquals("CVSSv31", scan.get("vulnerabilities").get(0).get("ratings").get(0).get("method").asText(),
                "the validated sample carries the new rating members");
    }

    @Test
    void cyclonedxAndSarif_everyRatingSourceMethodAndExploitationSignal_validate() throws IOException {
        List<Finding> findings = new ArrayList<>();
        String[][] ratings = {
                {"advisory", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H"}, {"nvd", "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H"},
                {"cna", "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:H/SC:N/SI:N/SA:N"},
                {"cisa-adp", "AV:N/AC:L/Au:N/C:N/I:N/A:P"}, {"debian", null}, {"ubuntu", null}, {"redhat", null},
                {"nodejs", null}};
        for (int i = 0; i < ratings.length; i++) {
            boolean scored = ratings[i][1] != null;
            findings.add(new Finding("CVE-2024-100" + i, List.of("GHSA-aaaa-bbbb-000" + i), Severity.HIGH,
                    scored ? OptionalDouble.of(7.5) : OptionalDouble.empty(), List.of(), ReportFixtures.CURL, Optional.empty(),
                    Optional.of(ratings[i][0]), Optional.ofNullable(ratings[i][1]),
                    i % 2 == 0 ? Optional.of(LocalDate.of(2024, 1, 1 + i)) : Optional.empty(),
                    Optional.of(new Finding.Epss(0.00012 * (i + 1), 0.5))));
        }
        Report report = Report.scan(ReportFixtures.inventory(), findings,
                Policy.builder().failOnKnownExploited(true).build().evaluate(ReportFixtures.inventory(), findings))
                .withCreated(ReportSamples.CREATED);

        JsonNode bom = render(report, ReportFormat.CYCLONEDX);
        assertValid(schema(CYCLONEDX, SpecificationVersion.DRAFT_7), bom);
        assertValid(schema(SARIF, SpecificationVersion.DRAFT_4), render(report, ReportFormat.SARIF));
        List<String> methods = new ArrayList<>();
        bom.get("vulnerabilities").forEach(v -> methods.add(v.get("ratings").get(0).get("method").asText()));
        assertEquals(List.of("CVSSv31", "CVSSv3", "CVSSv4", "CVSSv2", "other", "other", "other", "other"), methods);
    }

    @Test
    void cyclonedx_validator_rejectsTheSpecificationsInvalidExamples() throws IOException {
        Schema schema = schema(CYCLONEDX, SpecificationVersion.DRAFT_7);
        ObjectMapper mapper = new ObjectMapper();
        for (String name : List.of("invalid-component-type-1.6.json", "invalid-missing-component-type-1.6.json")) {
            Path example = schemas().resolve("examples/cyclonedx/" + name);
            Assumptions.assumeTrue(Files.exists(example));
            assertFalse(schema.validate(mapper.readTree(example.toFile())).isEmpty(), name);
        }
        assertValid(schema, mapper.readTree(schemas().resolve("examples/cyclonedx/valid-vulnerability-1.6.json").toFile()));
    }

    @Test
    void spdx_scanAndSbom_validateAgainstSpdx23Schema() throws IOException {
        Schema schema = schema(SPDX, SpecificationVersion.DRAFT_7);
        JsonNode sbom = render(ReportSamples.sbom(), ReportFormat.SPDX);

        assertValid(schema, sbom);
        assertValid(schema, render(ReportSamples.scan(), ReportFormat.SPDX));
        assertEquals(9, sbom.get("packages").size(), "image, OS and seven packages");
    }

    @Test
    void sarif_scan_validatesAgainstSarif210Schema() throws IOException {
        Schema schema = schema(SARIF, SpecificationVersion.DRAFT_4);
        JsonNode sarif = render(ReportSamples.scan(), ReportFormat.SARIF);

        assertValid(schema, sarif);
        assertValid(schema, render(ReportSamples.sbom(), ReportFormat.SARIF));
        assertTrue(sarif.get("runs").get(0).get("results").size() > 0);
    }

    @Test
    void openvex_documentsUsedInTests_validateAgainstOpenVex020Schema() throws IOException {
        Schema schema = schema(OPENVEX, SpecificationVersion.DRAFT_2020_12);
        ObjectMapper mapper = new ObjectMapper();

        assertValid(schema, mapper.readTree(schemas().resolve("examples/openvex/spring-boot-log4shell.openvex.json").toFile()));
        assertValid(schema, mapper.readTree(ReportSamples.VEX));
    }

    @Test
    void spdxAndSarif_validators_rejectDocumentsMissingRequiredMembers() throws IOException {
        JsonNode spdx = render(ReportSamples.sbom(), ReportFormat.SPDX);
        ((ObjectNode) spdx.get("packages").get(1)).remove("name");
        assertFalse(schema(SPDX, SpecificationVersion.DRAFT_7).validate(spdx).isEmpty());

        JsonNode sarif = render(ReportSamples.scan(), ReportFormat.SARIF);
        ((ObjectNode) sarif.get("runs").get(0).get("results").get(0)).remove("message");
        assertFalse(schema(SARIF, SpecificationVersion.DRAFT_4).validate(sarif).isEmpty());
    }

    @Test
    void everyFormat_cleanImageWithoutOsOrFindings_staysValid() throws IOException {
        Inventory bare = new Inventory(new Image("dir:rootfs", "sha256:" + "0".repeat(64), Optional.empty(), List.of(),
                List.of(new Layer(0, "sha256:" + "1".repeat(64), Optional.empty(), Optional.empty()))),
                Optional.empty(), List.of(), List.of());
        Report clean = Report.scan(bare, List.of(), Policy.builder().failOn(Severity.LOW).build()
                .evaluate(bare, List.of())).withCreated(ReportSamples.CREATED);

        assertValid(schema(CYCLONEDX, SpecificationVersion.DRAFT_7), render(clean, ReportFormat.CYCLONEDX));
        assertValid(schema(SPDX, SpecificationVersion.DRAFT_7), render(clean, ReportFormat.SPDX));
        assertValid(schema(SARIF, SpecificationVersion.DRAFT_4), render(clean, ReportFormat.SARIF));
        assertEquals("pass", render(clean, ReportFormat.JSON).get("summary").get("verdict").asText());
    }

    /** The Syft- and Trivy-shaped samples SbomReaderTest reads are valid documents of their formats. */
    @Test
    void sbomInputSamples_validateAgainstTheirSchemas() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        for (String name : List.of("syft/debian-12.cyclonedx.json", "trivy/debian-12.cyclonedx.json")) {
            assertValid(schema(CYCLONEDX_15, SpecificationVersion.DRAFT_7),
                    mapper.readTree(getClass().getResource("/sbom/" + name)));
        }
        for (String name : List.of("syft/rhel-9.spdx.json", "trivy/alpine-3.19.spdx.json")) {
            assertValid(schema(SPDX, SpecificationVersion.DRAFT_7), mapper.readTree(getClass().getResource("/sbom/" + name)));
        }
    }

    /** A scan of an SBOM without layers (one pseudo-layer) writes valid CycloneDX, SPDX and SARIF. */
    @Test
    void scanOfAnSbom_everyFormatStaysValid() throws Exception {
        Inventory inv = dev.tarsier.report.SbomReader.read(
                Path.of(getClass().getResource("/sbom/syft/debian-12.cyclonedx.json").toURI()));
        List<Finding> findings = List.of(new Finding("CVE-2023-5678", List.of(), Severity.MEDIUM, OptionalDouble.empty(),
                List.of("3.0.13-1~deb12u1"), inv.packages().stream().filter(p -> p.name().equals("libssl3")).findFirst()
                        .orElseThrow(), Optional.empty()));
        Report report = Report.scan(inv, findings, Policy.builder().build().evaluate(inv, findings))
                .withCreated(ReportSamples.CREATED);
        assertValid(schema(CYCLONEDX, SpecificationVersion.DRAFT_7), render(report, ReportFormat.CYCLONEDX));
        assertValid(schema(SPDX, SpecificationVersion.DRAFT_7), render(report, ReportFormat.SPDX));
        assertValid(schema(SARIF, SpecificationVersion.DRAFT_4), render(report, ReportFormat.SARIF));
    }
}
