package dev.tarsier.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.packageurl.PackageURL;

import dev.tarsier.api.Finding;
import dev.tarsier.api.Image;
import dev.tarsier.api.Inventory;
import dev.tarsier.api.Layer;
import dev.tarsier.api.Location;
import dev.tarsier.api.OperatingSystem;
import dev.tarsier.api.Package;
import dev.tarsier.api.PackageKind;
import dev.tarsier.api.Severity;
import dev.tarsier.core.ImageReference;
import dev.tarsier.core.ImageScanner;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The two mixins in a command shaped like {@code tarsier scan}: an image with a HIGH OS finding
 * (openssl, fixable), a MEDIUM application finding (jackson-databind, fixable) and an UNKNOWN OS
 * finding without a fix (zlib) that is in CISA's KEV catalog.
 */
class ReportAndPolicyOptionsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Command(name = "scan")
    static final class Scan implements Callable<Integer> {
        @Mixin
        ReportOptions report;
        @Mixin
        PolicyOptions policy;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        boolean inventoryOnly;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            return inventoryOnly ? report.emitInventory(inventory(), out, err)
                    : report.emit(inventory(), findings(), policy, out, err);
        }
    }

    private static CliRun run(boolean inventoryOnly, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Scan scan = new Scan();
        scan.inventoryOnly = inventoryOnly;
        CommandLine cl = new CommandLine(scan);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    private static CliRun scan(String... args) {
        return run(false, args);
    }

    @Test
    void emit_noThresholds_exitsZeroAndPrintsTheTable() {
        CliRun run = scan();

        assertEquals(Main.OK, run.exitCode(), run.err());
        assertTrue(run.out().contains("Verdict  PASS"), run.out());
        assertFalse(run.out().contains("\u001b["), "no colour when not on a terminal");
    }

    @Test
    void emit_osHighThreshold_failsOnTheOpensslFinding() {
        assertEquals(Main.POLICY_FAILED, scan("--fail-on-os", "high").exitCode());
        assertEquals(Main.OK, scan("--fail-on-os", "critical", "--fail-on-app", "high").exitCode());
        assertEquals(Main.POLICY_FAILED, scan("--fail-on-app", "MODERATE").exitCode());
    }

    @Test
    void emit_failOnSetsBothAndClassOptionsOverrideIt() {
        assertEquals(Main.POLICY_FAILED, scan("--fail-on", "medium").exitCode());
        assertEquals(Main.OK, scan("--fail-on", "medium", "--fail-on-os", "critical", "--fail-on-app", "high").exitCode());
    }

    @Test
    void emit_unknownSeverityOption_decidesWhetherTheUnratedFindingFails() {
        // Only zlib's finding is UNKNOWN; with an OS gate at CRITICAL, openssl's HIGH never fails.
        assertEquals(Main.POLICY_FAILED, scan("--fail-on-os", "critical", "--unknown-severity", "critical").exitCode());
        assertEquals(Main.OK, scan("--fail-on-os", "critical", "--unknown-severity", "high").exitCode());
        assertEquals(Main.OK, scan("--fail-on-os", "critical").exitCode(), "default: UNKNOWN counts as MEDIUM");
        assertEquals(Main.POLICY_FAILED, scan("--fail-on-os", "medium", "--fail-on-app", "critical").exitCode());
    }

    @Test
    void emit_failOnKev_failsOnTheUnratedExploitedFindingUnlessSuppressed(@TempDir Path dir) throws Exception {
        Path ignore = dir.resolve("ignore.json");
        Files.writeString(ignore, "{\"ignore\": [{\"id\": \"CVE-2023-45853\", \"reason\": \"MiniZip is not built\"}]}");

        CliRun kev = scan("--fail-on-kev", "--unknown-severity", "ignore");
        CliRun json = scan("--fail-on-kev", "--format", "json");

        assertEquals(Main.POLICY_FAILED, kev.exitCode(), kev.err());
        assertTrue(kev.out().contains("\nPolicy   OS >= never, app >= never, UNKNOWN counts as nothing, KEV fails\n"), kev.out());
        assertTrue(kev.out().contains("\nVerdict  FAIL: 1 known exploited finding (CISA KEV), marked !\n"), kev.out());
        assertTrue(kev.out().contains("CVE-2023-45853         - KEV  no fix yet"), kev.out());
        assertEquals(Main.POLICY_FAILED, json.exitCode());
        JsonNode policy = JSON.readTree(json.out()).get("policy");
        assertTrue(policy.get("failOnKnownExploited").asBoolean());
        assertEquals(1, policy.get("knownExploitedViolations").asInt());
        assertTrue(json.err().contains("known exploited fails"), json.err());
        assertEquals(Main.OK, scan().exitCode(), "without the flag a known-exploited finding fails nothing");
        assertEquals(Main.OK, scan("--fail-on-kev", "--ignore-unfixed").exitCode());
        assertEquals(Main.OK, scan("--fail-on-kev", "--ignore-file", ignore.toString()).exitCode());
    }

    @Test
    void policyOptions_help_describesFailOnKev() {
        // Words only: picocli wraps descriptions at its own width.
        String help = new CommandLine(new Scan()).getUsageMessage().replaceAll("\\s+", " ");

        assertTrue(help.contains("--fail-on-kev"), help);
        assertTrue(help.contains("Known Exploited Vulnerabilities catalog"), help);
    }

    @Test
    void emit_ignoreFileAndIgnoreUnfixed_suppressEverythingThatFails(@TempDir Path dir) throws Exception {
        Path ignore = dir.resolve("ignore.json");
        Files.writeString(ignore, """
                {"ignore": [{"id": "CVE-2023-5678", "purl": "pkg:deb/debian/openssl", "reason": "DH params are fixed"},
                            {"id": "GHSA-57j2-w4cx-62h2", "reason": "no untrusted JSON", "expires": "2099-01-01"}]}""");

        CliRun run = scan("--fail-on", "low", "--ignore-unfixed", "--ignore-file", ignore.toString(), "--format", "json");

        assertEquals(Main.OK, run.exitCode(), run.err());
        JsonNode report = JSON.readTree(run.out());
        assertEquals("{\"total\":3,\"vex\":0,\"ignoreFile\":2,\"unfixed\":1}", report.get("summary").get("suppressed").toString());
        assertTrue(run.err().startsWith("tarsier: policy passed"), run.err());
    }

    @Test
    void emit_vexNotAffected_suppressesAndKeepsJustification(@TempDir Path dir) throws Exception {
        Path vex = dir.resolve("app.openvex.json");
        Files.writeString(vex, """
                {"@context": "https://openvex.dev/ns/v0.2.0", "@id": "https://example.com/vex/1", "author": "me",
                 "timestamp": "2026-01-01T00:00:00Z", "version": 1,
                 "statements": [{"vulnerability": {"name": "CVE-2020-36518"},
                   "products": [{"@id": "pkg:maven/com.fasterxml.jackson.core/jackson-databind"}],
                   "status": "not_affected", "justification": "vulnerable_code_not_in_execute_path"}]}""");

        CliRun run = scan("--fail-on-app", "low", "--vex", vex.toString(), "--format", "json");

        assertEquals(Main.OK, run.exitCode(), run.err());
        JsonNode s = JSON.readTree(run.out()).get("suppressed").get(0).get("suppression");
        assertEquals("vulnerable_code_not_in_execute_path", s.get("justification").asText());
    }

    @Test
    void emit_outputs_writeEveryRequestedFormatAndQuietPrintsNothing(@TempDir Path dir) throws Exception {
        Path sarif = dir.resolve("tarsier.sarif");
        Path cdx = dir.resolve("sbom.cdx.json");
        Path json = dir.resolve("report.json");

        CliRun run = scan("--quiet", "--fail-on-os", "high", "--output", "sarif=" + sarif, "-o", "cyclonedx=" + cdx,
                "--output", "JSON=" + json);

        assertEquals(Main.POLICY_FAILED, run.exitCode());
        assertEquals("", run.out());
        assertEquals("", run.err());
        assertEquals("2.1.0", JSON.readTree(sarif.toFile()).get("version").asText());
        assertEquals("CycloneDX", JSON.readTree(cdx.toFile()).get("bomFormat").asText());
        assertEquals("fail", JSON.readTree(json.toFile()).get("summary").get("verdict").asText());
    }

    @Test
    void emit_badInputs_failWithOneLineErrorAndUsageCode(@TempDir Path dir) throws Exception {
        Path broken = dir.resolve("ignore.json");
        Files.writeString(broken, "{\"ignore\": [{\"id\": \"CVE-1\"}]}");

        for (String[] args : List.of(
                new String[] {"--ignore-file", broken.toString()},
                new String[] {"--ignore-file", dir.resolve("missing.json").toString()},
                new String[] {"--vex", broken.toString()},
                new String[] {"--format", "xml"},
                new String[] {"--output", "sarif"},
                new String[] {"--output", "sarif=" + dir.resolve("no/such/dir/x.sarif")},
                new String[] {"--unknown-severity", "sometimes"})) {
            CliRun run = scan(args);
            assertEquals(Main.USAGE, run.exitCode(), String.join(" ", args));
            assertTrue(run.err().startsWith("tarsier: "), run.err());
            assertEquals(1, run.err().lines().count(), run.err());
        }
        CliRun badSeverity = scan("--fail-on-os", "severe");
        assertEquals(Main.USAGE, badSeverity.exitCode());
        assertTrue(badSeverity.err().contains("'severe' is not a severity (low, medium, high, critical)"), badSeverity.err());
    }

    @Test
    void emitInventory_writesSbomsButRefusesSarif(@TempDir Path dir) throws Exception {
        Path spdx = dir.resolve("sbom.spdx.json");

        CliRun cdx = run(true, "--format", "cyclonedx", "--output", "spdx=" + spdx);
        assertEquals(Main.OK, cdx.exitCode(), cdx.err());
        JsonNode bom = JSON.readTree(cdx.out());
        assertEquals("1.6", bom.get("specVersion").asText());
        assertFalse(bom.has("vulnerabilities"));
        assertEquals("SPDX-2.3", JSON.readTree(spdx.toFile()).get("spdxVersion").asText());

        CliRun sarif = run(true, "--format", "sarif");
        assertEquals(Main.USAGE, sarif.exitCode());
        assertTrue(sarif.err().contains("needs findings"), sarif.err());
    }

    @Test
    void emitInventory_demoImage_cyclonedxListsEveryPackageWithItsLayerAndPath() throws Exception {
        Path demo = Path.of("../demo/demo-image.tar");
        Inventory inventory;
        try (ImageScanner scanner = ImageScanner.builder().build()) {
            inventory = scanner.inventory(ImageReference.parse(demo.toString()));
        }
        ReportOptions options = new ReportOptions();
        options.format = "cyclonedx";
        options.colour = ReportOptions.Colour.never;
        StringWriter out = new StringWriter();

        assertEquals(Main.OK, options.emitInventory(inventory, new PrintWriter(out), new PrintWriter(new StringWriter())));

        JsonNode bom = JSON.readTree(out.toString());
        assertEquals(inventory.packages().size() + 1, bom.get("components").size(), "packages and the OS");
        JsonNode log4j = null;
        for (JsonNode c : bom.get("components")) {
            if (c.path("name").asText().equals("log4j-core")) {
                log4j = c;
            }
        }
        assertEquals("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1", log4j.get("purl").asText());
        List<String> properties = new ArrayList<>();
        log4j.get("properties").forEach(p -> properties.add(p.get("name").asText() + "=" + p.get("value").asText()));
        assertTrue(properties.contains("tarsier:layer=1"), properties.toString());
        assertTrue(properties.contains("tarsier:path=opt/app/app.jar!/BOOT-INF/lib/log4j-core-2.14.1.jar"), properties.toString());
    }

    static Inventory inventory() {
        Image image = new Image("oci:build/layout:1.0", "sha256:" + "ab".repeat(32), Optional.of("linux/amd64"), List.of(),
                List.of(new Layer(0, "sha256:" + "01".repeat(32), Optional.empty(), Optional.of("ADD rootfs.tar /")),
                        new Layer(1, "sha256:" + "02".repeat(32), Optional.empty(), Optional.of("COPY target/app.jar /app/"))));
        return new Inventory(image, Optional.of(OperatingSystem.of("debian", "12")), List.of(OPENSSL, ZLIB, JACKSON), List.of());
    }

    static List<Finding> findings() {
        return List.of(
                new Finding("CVE-2023-5678", List.of(), Severity.HIGH, OptionalDouble.of(7.5), List.of("3.0.11-1~deb12u3"),
                        OPENSSL, Optional.empty()),
                new Finding("CVE-2023-45853", List.of(), Severity.UNKNOWN, OptionalDouble.empty(), List.of(), ZLIB, Optional.empty(),
                        Optional.empty(), Optional.empty(), Optional.of(LocalDate.of(2024, 3, 1)), Optional.empty()),
                new Finding("CVE-2020-36518", List.of("GHSA-57j2-w4cx-62h2"), Severity.MEDIUM, OptionalDouble.of(5.5),
                        List.of("2.12.6.1", "2.13.2.1"), JACKSON, Optional.of("Deeply nested JSON exhausts the stack")));
    }

    private static final Package OPENSSL = Package.builder("deb", "openssl", "3.0.11-1~deb12u2")
            .purl(purl("pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64&distro=debian-12")).kind(PackageKind.OS)
            .location(new Location(0, "var/lib/dpkg/status")).build();
    private static final Package ZLIB = Package.builder("deb", "zlib1g", "1:1.2.13.dfsg-1")
            .purl(purl("pkg:deb/debian/zlib1g@1:1.2.13.dfsg-1?arch=amd64&distro=debian-12")).kind(PackageKind.OS)
            .sourceName("zlib").location(new Location(0, "var/lib/dpkg/status")).build();
    private static final Package JACKSON = Package.builder("maven", "jackson-databind", "2.12.3")
            .purl(purl("pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.12.3")).ecosystem("Maven")
            .location(new Location(1, "app/app.jar!/BOOT-INF/lib/jackson-databind-2.12.3.jar")).build();

    private static PackageURL purl(String s) {
        try {
            return new PackageURL(s);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
