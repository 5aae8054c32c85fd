package dev.tarsier.report;

import dev.tarsier.api.Finding;
import dev.tarsier.api.Inventory;
import dev.tarsier.api.OperatingSystem;
import dev.tarsier.api.Package;
import dev.tarsier.api.PackageKind;
import dev.tarsier.vulndb.VulnerabilityDatabase;
import dev.tarsier.vulndb.VulnerabilityDatabaseBuilder;
import dev.tarsier.vulndb.VulnerabilityMatcher;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link SbomReader}: Syft- and Trivy-shaped documents, Tarsier's own, and broken input. */
class SbomReaderTest {

    @TempDir
    static Path tmp;
    static Path db;

    @BeforeAll
    static void buildDemoDb() throws Exception {
        db = tmp.resolve("demo.db");
        new VulnerabilityDatabaseBuilder().source(Path.of("../demo/advisories")).build(db);
    }

    private static Inventory sample(String name) throws SbomReadException, URISyntaxException {
        return SbomReader.read(Path.of(SbomReaderTest.class.getResource("/sbom/" + name).toURI()));
    }

    private static Package pkg(Inventory inv, String name) {
        return inv.packages().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow(() ->
                new AssertionError(name + " not in " + inv.packages()));
    }

    private static Set<String> match(Inventory inv) throws Exception {
        try (VulnerabilityDatabase database = VulnerabilityDatabase.open(db)) {
            return new VulnerabilityMatcher(database).match(inv).findings().stream()
                    .map(f -> f.id() + " " + f.pkg().name() + " layer " + f.layer())
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    @Test
    void read_syftCycloneDx_packagesFromPurlsOsFromTheOsComponent() throws Exception {
        Inventory inv = sample("syft/debian-12.cyclonedx.json");
        assertEquals("debian", inv.os().orElseThrow().family());
        assertEquals("12", inv.os().orElseThrow().version());
        assertEquals(Optional.of("Debian GNU/Linux 12 (bookworm)"), inv.os().orElseThrow().name());
        assertEquals("sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270", inv.image().digest());
        assertEquals(List.of("shop/api:1.4"), inv.image().tags());
        assertEquals(1, inv.image().layers().size(), "Syft lists no layers: one pseudo-layer");
        assertEquals(6, inv.packages().size());
        Package ssl = pkg(inv, "libssl3");
        assertEquals(PackageKind.OS, ssl.kind());
        assertEquals(Optional.of("openssl"), ssl.sourceName());
        assertEquals(Optional.of("3.0.11-1~deb12u2"), ssl.sourceVersion());
        assertEquals("var/lib/dpkg/status", ssl.location().path());
        assertEquals("1:1.2.13.dfsg-1", pkg(inv, "zlib1g").version());
        assertEquals(Optional.of("curl"), pkg(inv, "libcurl4").sourceName(), "from the upstream qualifier");
        assertEquals(Optional.of("Maven"), pkg(inv, "log4j-core").ecosystem());
        assertEquals("opt/app/app.jar", pkg(inv, "log4j-core").location().path());
        assertEquals(Optional.of("npm"), pkg(inv, "lodash").ecosystem());
        assertEquals(List.of("MIT"), pkg(inv, "lodash").licenses());
        assertEquals(Package.TYPE_BINARY, pkg(inv, "node").type());
        assertEquals(Optional.of("Node.js"), pkg(inv, "node").ecosystem());
        assertEquals(List.of(), inv.diagnostics(), "a file component needs no purl");
        assertEquals(Set.of("CVE-2021-44228 log4j-core layer 0", "CVE-2021-23337 lodash layer 0",
                "CVE-2023-45853 zlib1g layer 0", "CVE-2023-46218 libcurl4 layer 0", "CVE-2023-5678 libssl3 layer 0"),
                match(inv));
    }

    @Test
    void read_trivyCycloneDx_keepsTheLayersAndTheSourcePackages() throws Exception {
        Inventory inv = sample("trivy/debian-12.cyclonedx.json");
        assertEquals(OperatingSystem.of("debian", "12.4").version(), inv.os().orElseThrow().version());
        assertEquals("sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270", inv.image().digest());
        assertEquals(List.of("registry.example.com/shop/api:1.4"), inv.image().tags());
        assertEquals(2, inv.image().layers().size());
        assertEquals(Optional.of("3.0.11-1~deb12u2"), pkg(inv, "libssl3").sourceVersion());
        Package zlib = pkg(inv, "zlib1g");
        assertEquals("1:1.2.13.dfsg-1", zlib.version(), "epoch qualifier");
        assertEquals(Optional.of("zlib"), zlib.sourceName());
        assertEquals(Optional.of("1:1.2.13.dfsg-1"), zlib.sourceVersion(), "SrcEpoch:SrcVersion-SrcRelease");
        assertEquals(1, pkg(inv, "log4j-core").location().layer());
        assertEquals(Optional.of("npm"), pkg(inv, "@babel/traverse").ecosystem());
        assertEquals(Optional.of("Go"), pkg(inv, "github.com/docker/distribution").ecosystem());
        assertEquals(List.of(), inv.diagnostics(), "Trivy's per-target application components need no purl");
        assertEquals(Set.of("CVE-2021-44228 log4j-core layer 1", "CVE-2023-45853 zlib1g layer 0",
                "CVE-2023-5678 libssl3 layer 0"), match(inv));
    }

    @Test
    void read_syftSpdx_rpmEpochAndSourceRpmFromThePurl() throws Exception {
        Inventory inv = sample("syft/rhel-9.spdx.json");
        assertEquals("rhel", inv.os().orElseThrow().family(), "from the distro qualifier: no OS package");
        assertEquals("9.3", inv.os().orElseThrow().version());
        assertEquals("sha256:2d5f2a1c4a56bd8c2cb4d2d8e0b1a7e3f6c9d8b7a6f5e4d3c2b1a0f9e8d7c6b5", inv.image().digest());
        Package ssl = pkg(inv, "openssl-libs");
        assertEquals("1:3.0.7-24.el9", ssl.version());
        assertEquals(Optional.of("openssl"), ssl.sourceName());
        assertEquals(Optional.of("3.0.7-24.el9"), ssl.sourceVersion());
        assertEquals(Optional.of("PyPI"), pkg(inv, "urllib3").ecosystem());
        assertEquals(List.of("Apache-2.0"), ssl.licenses());
        assertEquals(3, inv.packages().size(), "the CONTAINER package is the image");
    }

    @Test
    void read_trivySpdx_alpineOsPackageAndSourceInfo() throws Exception {
        Inventory inv = sample("trivy/alpine-3.19.spdx.json");
        assertEquals("alpine", inv.os().orElseThrow().family());
        assertEquals("3.19.1", inv.os().orElseThrow().version());
        assertEquals("sha256:51b67269f354137895d43f3b3d810bfacd3945438e94dc5ac55fdac340352f48", inv.image().digest());
        assertEquals(List.of("alpine:3.19"), inv.image().tags());
        assertEquals(Optional.of("openssl"), pkg(inv, "libcrypto3").sourceName());
        assertEquals(Optional.of("3.1.4-r5"), pkg(inv, "libcrypto3").sourceVersion());
        assertEquals(2, inv.packages().size());
    }

    @ParameterizedTest
    @EnumSource(value = ReportFormat.class, names = {"CYCLONEDX", "SPDX", "JSON"})
    void read_tarsiersOwnDocuments_giveThePackagesBack(ReportFormat format) throws Exception {
        Inventory original = ReportFixtures.inventory();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ReportWriter.write(Report.inventory(original), format, out);
        Inventory read = SbomReader.read(out.toByteArray(), "sbom:x", "x.json");
        assertEquals(original.os().map(OperatingSystem::family), read.os().map(OperatingSystem::family));
        assertEquals(original.os().map(OperatingSystem::version), read.os().map(OperatingSystem::version));
        assertEquals(original.image().digest(), read.image().digest());
        assertEquals(original.image().layers().stream().map(l -> l.diffId()).toList(),
                read.image().layers().stream().map(l -> l.diffId()).toList());
        assertEquals(summary(original), summary(read), new String(out.toByteArray(), StandardCharsets.UTF_8));
        for (int i = 0; i < original.packages().size(); i++) {
            Optional<String> ecosystem = original.packages().get(i).ecosystem();
            if (ecosystem.isPresent()) {
                assertEquals(ecosystem, read.packages().get(i).ecosystem());
            }
        }
    }

    @Test
    void read_tarsierJsonOfUbi_keepsTheContentSets() throws Exception {
        Inventory fixture = ReportFixtures.inventory();
        OperatingSystem ubi = new OperatingSystem("rhel", "9.3", Optional.empty(), Optional.empty(), List.of(),
                List.of("rhel-9-for-x86_64-baseos-rpms", "rhel-9-for-x86_64-appstream-rpms"));
        Inventory original = new Inventory(fixture.image(), Optional.of(ubi), fixture.packages(), fixture.diagnostics());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ReportWriter.write(Report.inventory(original), ReportFormat.JSON, out);
        assertEquals(Optional.of(ubi), SbomReader.read(out.toByteArray(), "sbom:x", "x.json").os());
        assertTrue(new String(out.toByteArray(), StandardCharsets.UTF_8).replaceAll("\\s", "").contains(
                "\"contentSets\":[\"rhel-9-for-x86_64-appstream-rpms\",\"rhel-9-for-x86_64-baseos-rpms\"]"));
    }

    /** What matching and reporting use (the fixture leaves some source versions implicit). */
    private static List<String> summary(Inventory inv) {
        return inv.packages().stream().map(p -> String.join(" ", p.purl().canonicalize(), p.type(), p.name(), p.version(),
                p.kind().name(), p.effectiveSourceName(), p.effectiveSourceVersion(), p.location().toString())).toList();
    }

    @Test
    void read_cycloneDx14_nestedComponentsAndApkUpstreamQualifier() throws Exception {
        Inventory inv = SbomReader.read("""
                {"bomFormat": "CycloneDX", "specVersion": "1.4", "version": 1,
                 "metadata": {"tools": [{"vendor": "anchore", "name": "syft", "version": "0.80.0"}],
                              "component": {"type": "container", "name": "alpine:3.19", "version": "sha256:51b67269f354137895d43f3b3d810bfacd3945438e94dc5ac55fdac340352f48"}},
                 "components": [
                   {"type": "library", "name": "libcrypto3", "version": "3.1.4-r5",
                    "purl": "pkg:apk/alpine/libcrypto3@3.1.4-r5?arch=x86_64&upstream=openssl&distro=alpine-3.19.1"},
                   {"type": "application", "name": "app", "components": [
                     {"type": "library", "name": "jackson-databind", "version": "2.9.10.1",
                      "purl": "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.10.1"}]}
                 ]}""".getBytes(StandardCharsets.UTF_8), "sbom:a", "a.json");
        assertEquals("alpine", inv.os().orElseThrow().family(), "no OS component: the distro qualifier");
        assertEquals("3.19.1", inv.os().orElseThrow().version());
        assertEquals(Optional.of("openssl"), pkg(inv, "libcrypto3").sourceName());
        assertEquals(Optional.of("3.1.4-r5"), pkg(inv, "libcrypto3").sourceVersion());
        assertEquals(Optional.of("Maven"), pkg(inv, "jackson-databind").ecosystem(), "nested components are read");
        assertEquals(Set.of("CVE-2020-8840 jackson-databind layer 0"), match(inv));
    }

    @Test
    void read_trivyRedHat_familyBecomesTheOsReleaseIdAndRpmSourceComesFromTheSrcProperties() throws Exception {
        Inventory inv = SbomReader.read("""
                {"bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1,
                 "components": [
                   {"type": "operating-system", "name": "redhat", "version": "9.3",
                    "properties": [{"name": "aquasecurity:trivy:Type", "value": "redhat"}]},
                   {"type": "library", "name": "openssl-libs", "version": "1:3.0.7-24.el9",
                    "purl": "pkg:rpm/redhat/openssl-libs@3.0.7-24.el9?arch=x86_64&distro=redhat-9.3&epoch=1",
                    "properties": [
                      {"name": "aquasecurity:trivy:SrcEpoch", "value": "1"},
                      {"name": "aquasecurity:trivy:SrcName", "value": "openssl"},
                      {"name": "aquasecurity:trivy:SrcRelease", "value": "24.el9"},
                      {"name": "aquasecurity:trivy:SrcVersion", "value": "3.0.7"}]}
                 ]}""".getBytes(StandardCharsets.UTF_8), "sbom:r", "r.json");
        assertEquals("rhel", inv.os().orElseThrow().family());
        assertEquals("9.3", inv.os().orElseThrow().version());
        Package ssl = pkg(inv, "openssl-libs");
        assertEquals("1:3.0.7-24.el9", ssl.version());
        assertEquals(Optional.of("openssl"), ssl.sourceName());
        assertEquals(Optional.of("1:3.0.7-24.el9"), ssl.sourceVersion());
    }

    @Test
    void read_badEntries_areDiagnosticsNamingTheEntry() throws Exception {
        Inventory inv = SbomReader.read("""
                {"spdxVersion": "SPDX-2.3", "packages": [
                  {"SPDXID": "SPDXRef-a", "name": "a", "versionInfo": "1"},
                  {"SPDXID": "SPDXRef-b", "name": "b", "externalRefs": [{"referenceCategory": "PACKAGE-MANAGER",
                    "referenceType": "purl", "referenceLocator": "pkg:npm/b"}]},
                  {"SPDXID": "SPDXRef-c", "name": "c", "externalRefs": [{"referenceCategory": "PACKAGE-MANAGER",
                    "referenceType": "purl", "referenceLocator": "npm:c@1"}]},
                  {"SPDXID": "SPDXRef-d", "name": "d", "versionInfo": "2.0.0", "externalRefs": [{"referenceCategory": "PACKAGE_MANAGER",
                    "referenceType": "purl", "referenceLocator": "pkg:npm/d"}]}
                ]}""".getBytes(StandardCharsets.UTF_8), "sbom:t", "t.spdx.json");
        assertEquals(List.of("pkg:npm/d"), inv.packages().stream().map(p -> p.purl().canonicalize()).toList());
        assertEquals("2.0.0", inv.packages().get(0).version(), "the PURL has no version: versionInfo");
        String diagnostics = inv.diagnostics().toString();
        assertEquals(3, inv.diagnostics().size(), diagnostics);
        assertTrue(diagnostics.contains("SPDXRef-a") && diagnostics.contains("without purl"), diagnostics);
        assertTrue(diagnostics.contains("SPDXRef-b") && diagnostics.contains("no version"), diagnostics);
        assertTrue(diagnostics.contains("SPDXRef-c") && diagnostics.contains("not a package URL"), diagnostics);
        assertEquals(1, inv.image().layers().size());
        assertEquals("t.spdx.json", inv.packages().get(0).location().path());
    }

    @Test
    void read_unreadableDocuments_throwOneLine() {
        for (String doc : List.of("", "[1, 2]", "{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"2.0\"}",
                "{\"spdxVersion\": \"SPDX-3.0\"}", "{\"a\": ", "{\"schemaVersion\": 1}")) {
            SbomReadException e = assertThrows(SbomReadException.class,
                    () -> SbomReader.read(doc.getBytes(StandardCharsets.UTF_8), "sbom:x", "x.json"), doc);
            assertTrue(e.getMessage().startsWith("x.json: "), e.getMessage());
            assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        }
        assertThrows(SbomReadException.class, () -> SbomReader.read(tmp.resolve("missing.json")));
    }

    @Test
    void findingsOfAnSbom_reportWithEveryWriter() throws Exception {
        Inventory inv = sample("syft/debian-12.cyclonedx.json");
        List<Finding> findings;
        try (VulnerabilityDatabase database = VulnerabilityDatabase.open(db)) {
            findings = new VulnerabilityMatcher(database).match(inv).findings();
        }
        PolicyResult verdict = Policy.builder().failOnOs(dev.tarsier.api.Severity.HIGH).build().evaluate(inv, findings);
        for (ReportFormat format : ReportFormat.values()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ReportWriter.write(Report.scan(inv, findings, verdict), format, out);
            assertTrue(out.size() > 0, format.name());
        }
    }
}
