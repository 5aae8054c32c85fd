package dev.tarsier.maven;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tarsier.testkit.Compression;
import dev.tarsier.testkit.ImageBuilder;
import dev.tarsier.testkit.LayerBuilder;
import dev.tarsier.vulndb.VulnerabilityDatabaseBuilder;

import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The goal's logic on images built in the test (a Jib-like layout: jars under {@code app/libs} in
 * gzip layers) and a database built from two real OSV records of jackson-databind.
 */
class ScanMojoTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path shared;

    static Path db;

    @BeforeAll
    static void database() throws Exception {
        Path advisories = Files.createDirectories(shared.resolve("advisories"));
        Files.writeString(advisories.resolve("CVE-2020-8840.json"), osv("GHSA-4w82-r329-3q67", "CVE-2020-8840",
                "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "2.9.10.3"));
        Files.writeString(advisories.resolve("CVE-2019-12814.json"), osv("GHSA-cmfg-87vq-g5g4", "CVE-2019-12814",
                "CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N", "2.9.9.1"));
        db = shared.resolve("it.db");
        new VulnerabilityDatabaseBuilder().source(advisories).build(db);
    }

    private static String osv(String id, String cve, String vector, String fixed) {
        return """
                {"schema_version": "1.6.0", "id": "%s", "modified": "2024-01-01T00:00:00Z", "aliases": ["%s"],
                 "severity": [{"type": "CVSS_V3", "score": "%s"}],
                 "affected": [{"package": {"ecosystem": "Maven", "name": "com.fasterxml.jackson.core:jackson-databind"},
                   "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "2.9.0"}, {"fixed": "%s"}]}]}]}
                """.formatted(id, cve, vector, fixed);
    }

    static byte[] jar(String group, String artifact, String version) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes)) {
            jar.putNextEntry(new JarEntry("META-INF/maven/" + group + "/" + artifact + "/pom.properties"));
            jar.write(("groupId=" + group + "\nartifactId=" + artifact + "\nversion=" + version + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
        }
        return bytes.toByteArray();
    }

    /** An image laid out as Jib lays it out: dependencies, then classes, in gzip layers. */
    static ImageBuilder jibLike(String databindVersion) throws Exception {
        return new ImageBuilder()
                .layer(new LayerBuilder()
                        .file("app/libs/jackson-databind-" + databindVersion + ".jar",
                                jar("com.fasterxml.jackson.core", "jackson-databind", databindVersion))
                        .file("app/libs/jackson-core-2.9.9.jar", jar("com.fasterxml.jackson.core", "jackson-core", "2.9.9")),
                        Compression.GZIP)
                .history("jib-maven-plugin:3.4.4", false)
                .layer(new LayerBuilder().file("app/classes/it/App.class", new byte[] {(byte) 0xca, (byte) 0xfe}),
                        Compression.GZIP)
                .history("jib-maven-plugin:3.4.4", false);
    }

    static ScanMojo mojo(Path basedir, String image) {
        ScanMojo mojo = new ScanMojo();
        mojo.basedir = basedir.toFile();
        mojo.buildDirectory = basedir.resolve("target").toFile();
        mojo.image = image;
        mojo.db = db.toFile();
        mojo.unknownSeverity = "medium";
        return mojo;
    }

    @Test
    void execute_vulnerableJarOverThreshold_failsListingTheUpgrade(@TempDir Path project) throws Exception {
        Path image = project.resolve("target/jib-image.tar");
        Files.createDirectories(image.getParent());
        jibLike("2.9.9").writeDockerArchive(image);
        ScanMojo mojo = mojo(project, image.toString());
        mojo.failOnApp = "medium";

        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);

        assertTrue(e.getMessage().contains("com.fasterxml.jackson.core:jackson-databind 2.9.9 -> 2.9.10.3 "
                + "(2 findings: 1 critical, 1 medium; app/libs/jackson-databind-2.9.9.jar)"), e.getMessage());
        assertTrue(e.getMessage().contains("policy failed: 2 findings at or above the threshold (os 0, app 2)"),
                e.getMessage());
        // the default reports are written before the build fails
        JsonNode report = JSON.readTree(project.resolve("target/tarsier/tarsier.json").toFile());
        assertEquals(2, report.path("findings").size());
        assertEquals("2.1.0", JSON.readTree(project.resolve("target/tarsier/tarsier.sarif").toFile())
                .path("version").asText());
    }

    @Test
    void execute_onlyTheViolatingPackagesAreListed(@TempDir Path project) throws Exception {
        Path image = project.resolve("app.tar");
        jibLike("2.9.9").writeDockerArchive(image);
        ScanMojo mojo = mojo(project, "app.tar");
        mojo.failOn = "critical";

        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);

        // the upgrade fixing the one critical finding, not the medium one's lower fix
        assertTrue(e.getMessage().contains("jackson-databind 2.9.9 -> 2.9.10.3 (1 finding: 1 critical;"), e.getMessage());
        assertTrue(e.getMessage().contains("(os >= critical, app >= critical)"), e.getMessage());
    }

    @Test
    void execute_ignoreFileAndThreshold_passes(@TempDir Path project) throws Exception {
        jibLike("2.9.9").writeOciArchive(project.resolve("app.oci.tar"));
        Path ignore = project.resolve("ignore.json");
        Files.writeString(ignore, "{\"ignore\": [{\"id\": \"GHSA-4w82-r329-3q67\", \"reason\": \"not reachable\"}]}");
        ScanMojo mojo = mojo(project, "oci-archive:app.oci.tar");
        mojo.failOnApp = "high";
        mojo.ignoreFiles = List.of(new File("ignore.json"));

        mojo.execute();

        JsonNode report = JSON.readTree(project.resolve("target/tarsier/tarsier.json").toFile());
        assertEquals("CVE-2020-8840", report.path("suppressed").path(0).path("id").asText());
        assertEquals("pass", report.path("policy").path("verdict").asText());
    }

    @Test
    void execute_fixedVersionAndNoThreshold_passWithEitherImageFormat(@TempDir Path project) throws Exception {
        jibLike("2.9.10.3").writeOciLayout(project.resolve("layout"));
        ScanMojo mojo = mojo(project, "layout");
        mojo.failOn = "low";
        mojo.execute();
        assertEquals(0, JSON.readTree(project.resolve("target/tarsier/tarsier.json").toFile()).path("findings").size());

        jibLike("2.9.9").writeDockerArchive(project.resolve("app.tar"));
        mojo = mojo(project, "docker-archive:app.tar");
        mojo.execute();
        assertEquals(2, JSON.readTree(project.resolve("target/tarsier/tarsier.json").toFile()).path("findings").size());
    }

    @Test
    void execute_configuredOutputs_writeThoseFilesOnly(@TempDir Path project) throws Exception {
        jibLike("2.9.9").writeDockerArchive(project.resolve("app.tar"));
        ScanMojo mojo = mojo(project, "app.tar");
        mojo.outputs = Map.of("cyclonedx", "reports/sbom.cdx.json", "TABLE", "reports/scan.txt");

        mojo.execute();

        assertEquals("CycloneDX", JSON.readTree(project.resolve("reports/sbom.cdx.json").toFile())
                .path("bomFormat").asText());
        assertTrue(Files.readString(project.resolve("reports/scan.txt")).contains("CVE-2020-8840"));
        assertFalse(Files.exists(project.resolve("target/tarsier")));
    }

    @Test
    void execute_knownExploitedGate_failsOnlyWithKevData(@TempDir Path project) throws Exception {
        // the small DB has no KEV catalog: the KEV gate alone passes
        jibLike("2.9.9").writeDockerArchive(project.resolve("app.tar"));
        ScanMojo mojo = mojo(project, "app.tar");
        mojo.failOnKev = true;
        mojo.execute();
        JsonNode policy = JSON.readTree(project.resolve("target/tarsier/tarsier.json").toFile()).path("policy");
        assertTrue(policy.path("failOnKnownExploited").asBoolean());
    }

    @Test
    void execute_skip_readsNothing(@TempDir Path project) throws Exception {
        ScanMojo mojo = mojo(project, "no-such-image.tar");
        mojo.db = project.resolve("no-such.db").toFile();
        mojo.skip = true;
        mojo.execute();
        assertFalse(Files.exists(project.resolve("target")));
    }

    @Test
    void execute_missingImage_saysHowToBuildOne(@TempDir Path project) {
        ScanMojo mojo = mojo(project, project.resolve("target/jib-image.tar").toString());
        MojoExecutionException e = assertThrows(MojoExecutionException.class, mojo::execute);
        assertTrue(e.getMessage().contains("no image at " + project.resolve("target/jib-image.tar")), e.getMessage());
        assertTrue(e.getMessage().contains("jib:buildTar"), e.getMessage());
    }

    @Test
    void execute_missingDatabase_saysToRunDbUpdate(@TempDir Path project) throws Exception {
        jibLike("2.9.9").writeDockerArchive(project.resolve("app.tar"));
        ScanMojo mojo = mojo(project, "app.tar");
        mojo.db = new File("no-such.db");
        MojoExecutionException e = assertThrows(MojoExecutionException.class, mojo::execute);
        assertTrue(e.getMessage().contains("no vulnerability database at " + project.resolve("no-such.db")),
                e.getMessage());
        assertTrue(e.getMessage().contains("run 'tarsier db update' or set <db>"), e.getMessage());
    }

    @Test
    void execute_corruptDatabase_isAnExecutionError(@TempDir Path project) throws Exception {
        jibLike("2.9.9").writeDockerArchive(project.resolve("app.tar"));
        Files.writeString(project.resolve("bad.db"), "not a database");
        ScanMojo mojo = mojo(project, "app.tar");
        mojo.db = project.resolve("bad.db").toFile();
        MojoExecutionException e = assertThrows(MojoExecutionException.class, mojo::execute);
        assertTrue(e.getMessage().startsWith("Tarsier cannot use the vulnerability database"), e.getMessage());
    }

    @Test
    void execute_unreadableImage_isAnExecutionErrorNotACrash(@TempDir Path project) throws Exception {
        Files.writeString(project.resolve("app.tar"), "this is not a tar");
        ScanMojo mojo = mojo(project, "app.tar");
        MojoExecutionException e = assertThrows(MojoExecutionException.class, mojo::execute);
        assertTrue(e.getMessage().startsWith("Tarsier cannot read image"), e.getMessage());
    }

    @Test
    void policy_badValues_areConfigurationErrorsNamingTheValidOnes(@TempDir Path project) {
        ScanMojo mojo = mojo(project, "app.tar");
        mojo.failOnOs = "severe";
        assertEquals("Tarsier: bad threshold: 'severe' is not a severity (low, medium, high, critical)",
                assertThrows(MojoExecutionException.class, mojo::policy).getMessage());
        mojo.failOnOs = null;
        mojo.unknownSeverity = "unknown";
        assertEquals("Tarsier: bad threshold: must be low, medium, high, critical or ignore, not 'unknown'",
                assertThrows(MojoExecutionException.class, mojo::policy).getMessage());
        mojo.unknownSeverity = "ignore";
        mojo.ignoreFiles = List.of(new File("missing-ignore.json"));
        assertTrue(assertThrows(MojoExecutionException.class, mojo::policy).getMessage().contains("missing-ignore.json"));
    }

    @Test
    void reports_badFormat_isAConfigurationError(@TempDir Path project) {
        ScanMojo mojo = mojo(project, "app.tar");
        mojo.outputs = Map.of("html", "x.html");
        assertTrue(assertThrows(MojoExecutionException.class, mojo::reports).getMessage()
                .contains("unknown format 'html'"));
    }

    @Test
    void reports_outputsUserProperty_overridesThePomAndResolvesAgainstTheModule(@TempDir Path project) throws Exception {
        ScanMojo mojo = mojo(project, "app.tar");
        mojo.outputs = Map.of("json", "from-pom.json");
        Map<dev.tarsier.report.ReportFormat, Path> reports = mojo.reports("sarif=out/a.sarif, cyclonedx=/tmp/sbom.json");
        assertEquals(Map.of(dev.tarsier.report.ReportFormat.SARIF, project.resolve("out/a.sarif"),
                dev.tarsier.report.ReportFormat.CYCLONEDX, Path.of("/tmp/sbom.json")), reports);
        assertEquals(Map.of(dev.tarsier.report.ReportFormat.JSON, project.resolve("from-pom.json")), mojo.reports(null));
        assertTrue(assertThrows(MojoExecutionException.class, () -> mojo.reports("sarif")).getMessage()
                .contains("tarsier.outputs expects FORMAT=FILE[,FORMAT=FILE...], not 'sarif'"));
        assertThrows(MojoExecutionException.class, () -> mojo.reports("json=a.json, sarif= "));
    }

    @Test
    void reference_registry_isKeptAsGivenAndBadOnesAreConfigurationErrors(@TempDir Path project) throws Exception {
        ScanMojo mojo = mojo(project, "registry:localhost:5000/app:1.0");
        assertEquals("localhost:5000/app:1.0", mojo.reference().location());
        mojo.image = "registry:";
        assertThrows(MojoExecutionException.class, mojo::reference);
    }

    /** A registry reference, as after {@code jib:build}: read over the distribution API (plain HTTP, allowed). */
    @Test
    void execute_registryReference_scansThePushedImage(@TempDir Path project) throws Exception {
        dev.tarsier.testkit.LocalRegistry.assumeInstalled();
        Path layout = project.resolve("layout");
        jibLike("2.9.9").tag("shop/app:1.0").writeOciLayout(layout);
        try (dev.tarsier.testkit.LocalRegistry registry = dev.tarsier.testkit.LocalRegistry.start(
                Files.createDirectories(project.resolve("registry")), java.util.Optional.empty(),
                java.util.Optional.empty(), java.util.Optional.empty())) {
            registry.push(layout, "1.0", "shop/app:1.0");
            ScanMojo mojo = mojo(project, "registry:" + registry.hostPort() + "/shop/app:1.0");
            mojo.insecureRegistries = List.of(registry.hostPort());
            mojo.failOnApp = "critical";

            MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);

            assertTrue(e.getMessage().contains("Tarsier: " + registry.hostPort() + "/shop/app:1.0: "), e.getMessage());
            assertTrue(e.getMessage().contains("jackson-databind 2.9.9 -> 2.9.10.3 (1 finding: 1 critical;"), e.getMessage());
        }
    }

    /** As under {@code mvn -T 2}: two modules' executions at once, each with its own image and verdict. */
    @Test
    void execute_parallelModules_eachScansItsOwnImage(@TempDir Path root) throws Exception {
        List<Callable<String>> modules = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Path module = Files.createDirectories(root.resolve("module-" + i));
            boolean vulnerable = i % 2 == 0;
            Path image = module.resolve("target/jib-image.tar");
            Files.createDirectories(image.getParent());
            jibLike(vulnerable ? "2.9.9" : "2.9.10.3").writeDockerArchive(image);
            ScanMojo mojo = mojo(module, image.toString());
            mojo.failOnApp = "high";
            modules.add(() -> {
                try {
                    mojo.execute();
                    return "passed";
                } catch (MojoFailureException e) {
                    return "failed";
                }
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> verdicts = pool.invokeAll(modules);
            for (int i = 0; i < 4; i++) {
                assertEquals(i % 2 == 0 ? "failed" : "passed", verdicts.get(i).get(), "module-" + i);
                JsonNode report = JSON.readTree(root.resolve("module-" + i + "/target/tarsier/tarsier.json").toFile());
                assertTrue(report.path("image").path("source").asText().contains("module-" + i));
                assertEquals(i % 2 == 0 ? 2 : 0, report.path("findings").size(), "module-" + i);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
