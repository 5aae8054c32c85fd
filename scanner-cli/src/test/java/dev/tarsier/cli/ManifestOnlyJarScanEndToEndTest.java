package dev.tarsier.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tarsier.testkit.Compression;
import dev.tarsier.testkit.ImageBuilder;
import dev.tarsier.testkit.LayerBuilder;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A manifest-only jar (the Spring Framework's own jars carry no {@code pom.properties} and no groupId
 * anywhere) inside a Spring Boot fat jar in an image, scanned through the real CLI against a DB
 * whose advisories name {@code org.springframework:spring-core}: the inventory keeps the guessed
 * group visibly a guess, the DB's Maven index settles it, and the finding reports the real
 * coordinates with {@code groupSource} {@code vulndb-index}. An artifact the advisories name under
 * two groups stays a guess and gets no finding.
 */
class ManifestOnlyJarScanEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A jar with only a manifest main section (CRLF lines, as the jar tool writes) and one class. */
    private static byte[] manifestOnlyJar(String classFile, String... headers) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes)) {
            jar.putNextEntry(new JarEntry("META-INF/MANIFEST.MF"));
            StringBuilder mf = new StringBuilder("Manifest-Version: 1.0\r\n");
            for (String h : headers) {
                mf.append(h).append("\r\n");
            }
            jar.write(mf.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
            jar.putNextEntry(new JarEntry(classFile));
            jar.write(new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE});
            jar.closeEntry();
        }
        return bytes.toByteArray();
    }

    private static byte[] fatJar(Map<String, byte[]> libs) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes)) {
            jar.putNextEntry(new JarEntry("META-INF/maven/com.example/shop/pom.properties"));
            jar.write("groupId=com.example\nartifactId=shop\nversion=1.0.0\n".getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
            for (Map.Entry<String, byte[]> e : libs.entrySet()) {
                // Spring Boot stores nested jars uncompressed
                JarEntry entry = new JarEntry("BOOT-INF/lib/" + e.getKey());
                entry.setMethod(ZipEntry.STORED);
                entry.setSize(e.getValue().length);
                java.util.zip.CRC32 crc = new java.util.zip.CRC32();
                crc.update(e.getValue());
                entry.setCrc(crc.getValue());
                jar.putNextEntry(entry);
                jar.write(e.getValue());
                jar.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static String osv(String id, String group, String artifact, String introduced, String fixed) {
        return "{\"id\": \"" + id + "\", \"modified\": \"2022-04-01T00:00:00Z\", \"summary\": \"test record\","
                + "\"affected\": [{\"package\": {\"ecosystem\": \"Maven\", \"name\": \"" + group + ":" + artifact + "\"},"
                + "\"ranges\": [{\"type\": \"ECOSYSTEM\", \"events\": [{\"introduced\": \"" + introduced + "\"}, {\"fixed\": \""
                + fixed + "\"}]}]}], \"database_specific\": {\"severity\": \"CRITICAL\"}}";
    }

    @Test
    void scan_manifestOnlySpringCore_matchedThroughTheDbIndex_withTheGroupSourceReported(@TempDir Path tmp)
            throws Exception {
        // spring-core-5.3.17.jar's manifest main section as shipped on Maven Central
        byte[] springCore = manifestOnlyJar("org/springframework/core/SpringVersion.class",
                "Implementation-Title: spring-core", "Automatic-Module-Name: spring.core",
                "Implementation-Version: 5.3.17", "Created-By: 1.8.0_322 (Oracle Corporation)",
                "Dependencies: jdk.unsupported");
        byte[] text = manifestOnlyJar("org/apache/commons/text/StringSubstitutor.class",
                "Implementation-Title: commons-text", "Implementation-Version: 1.9");
        Map<String, byte[]> libs = new TreeMap<>();
        libs.put("spring-core-5.3.17.jar", springCore);
        libs.put("commons-text-1.9.jar", text);
        Path image = tmp.resolve("app.tar");
        new ImageBuilder()
                .layer(new LayerBuilder().file("opt/app/shop.jar", fatJar(libs)), Compression.GZIP)
                .history("COPY shop.jar /opt/app/", false)
                .writeDockerArchive(image);

        Path advisories = Files.createDirectories(tmp.resolve("osv"));
        // shaped like the Spring4Shell GHSA record, but naming spring-core
        Files.writeString(advisories.resolve("spring.json"),
                osv("TEST-SPRING4SHELL-LIKE", "org.springframework", "spring-core", "5.3.0", "5.3.18"));
        Files.writeString(advisories.resolve("text-a.json"),
                osv("TEST-TEXT-A", "org.apache.commons", "commons-text", "1.5", "1.10.0"));
        Files.writeString(advisories.resolve("text-b.json"),
                osv("TEST-TEXT-B", "org.example.fork", "commons-text", "0", "1.10.0"));
        Path db = tmp.resolve("tarsier.db");
        CliRun build = CliRun.of("db", "build", "--out", db.toString(), advisories.toString());
        assertEquals(0, build.exitCode(), build.err());

        CliRun run = CliRun.of("scan", image.toString(), "--db", db.toString(), "--format", "json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode report = JSON.readTree(run.out());

        Map<String, String> packages = new TreeMap<>();
        for (JsonNode p : report.path("packages")) {
            packages.put(p.path("purl").asText(), p.path("properties").path("groupSource").asText());
        }
        assertEquals(Map.of(
                "pkg:maven/com.example/shop@1.0.0", "pom.properties",
                "pkg:maven/spring-core/spring-core@5.3.17", "guess",
                "pkg:maven/commons-text/commons-text@1.9", "guess"), packages);

        assertEquals(1, report.path("findings").size(), report.path("findings").toString());
        JsonNode f = report.path("findings").get(0);
        assertEquals("TEST-SPRING4SHELL-LIKE", f.path("id").asText());
        assertEquals("pkg:maven/org.springframework/spring-core@5.3.17", f.path("package").path("purl").asText());
        assertEquals("vulndb-index", f.path("package").path("groupSource").asText());
        assertEquals("opt/app/shop.jar!/BOOT-INF/lib/spring-core-5.3.17.jar", f.path("package").path("path").asText());
        assertEquals("[\"5.3.18\"]", f.path("fixedVersions").toString());

        // CycloneDX: the vulnerability affects the component the inventory holds (no dangling ref)
        CliRun cdx = CliRun.of("scan", image.toString(), "--db", db.toString(), "--format", "cyclonedx");
        assertEquals(0, cdx.exitCode(), cdx.err());
        JsonNode bom = JSON.readTree(cdx.out());
        java.util.Set<String> refs = new java.util.TreeSet<>();
        bom.path("components").forEach(c -> refs.add(c.path("bom-ref").asText()));
        assertEquals(1, bom.path("vulnerabilities").size());
        String affected = bom.path("vulnerabilities").get(0).path("affects").get(0).path("ref").asText();
        assertEquals("pkg:maven/spring-core/spring-core@5.3.17", affected);
        assertTrue(refs.contains(affected), affected + " not among " + refs);
        for (JsonNode c : bom.path("components")) {
            if (c.path("bom-ref").asText().equals(affected)) {
                assertTrue(c.path("properties").toString().contains(
                        "{\"name\":\"tarsier:groupSource\",\"value\":\"guess\"}"), c.toString());
            }
        }

        // the CycloneDX read back as an SBOM keeps the guess a guess: the DB index settles it again
        Path sbom = Files.writeString(tmp.resolve("bom.json"), cdx.out());
        CliRun again = CliRun.of("scan", "sbom:" + sbom, "--db", db.toString(), "--format", "json");
        assertEquals(0, again.exitCode(), again.err());
        JsonNode rescanned = JSON.readTree(again.out());
        assertEquals(1, rescanned.path("findings").size(), rescanned.path("findings").toString());
        assertEquals("pkg:maven/org.springframework/spring-core@5.3.17",
                rescanned.path("findings").get(0).path("package").path("purl").asText());
        assertEquals("vulndb-index", rescanned.path("findings").get(0).path("package").path("groupSource").asText());
    }
}
