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
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Application packages through the real CLI on a generated image whose later layers delete a jar,
 * delete a directory of jars and opaque-replace a plugins directory.
 */
class AppPackagesEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();

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

    static String npm(String name, String version) {
        return "{\"name\":\"" + name + "\",\"version\":\"" + version + "\"}";
    }

    @Test
    void inventory_laterLayersDeleteAndReplaceJars_onlySurvivorsWithTheirIntroducingLayer(@TempDir Path tmp)
            throws Exception {
        ImageBuilder image = new ImageBuilder()
                .layer(new LayerBuilder()
                        .file("opt/app/lib/guava-31.1-jre.jar", jar("com.google.guava", "guava", "31.1-jre"))
                        .file("opt/app/lib/commons-text-1.9.jar", jar("org.apache.commons", "commons-text", "1.9"))
                        .file("opt/app/old/log4j-1.2.17.jar", jar("log4j", "log4j", "1.2.17"))
                        .file("opt/app/old/commons-collections-3.2.1.jar",
                                jar("commons-collections", "commons-collections", "3.2.1"))
                        .file("opt/app/plugins/plugin-a-1.0.jar", jar("com.example", "plugin-a", "1.0"))
                        .file("srv/web/node_modules/lodash/package.json", npm("lodash", "4.17.15"))
                        .file("srv/web/node_modules/@scope/pkg/package.json", npm("@scope/pkg", "2.0.0")),
                        Compression.GZIP)
                .history("COPY app /opt/app", false)
                .layer(new LayerBuilder()
                        .whiteout("opt/app/lib/commons-text-1.9.jar")
                        .whiteout("opt/app/old")
                        .opaque("opt/app/plugins")
                        .file("opt/app/plugins/plugin-b-2.0.jar", jar("com.example", "plugin-b", "2.0"))
                        .file("srv/web/node_modules/lodash/package.json", npm("lodash", "4.17.21")),
                        Compression.ZSTD)
                .history("RUN rm -rf old && replace plugins && npm update lodash", false);
        Path archive = tmp.resolve("app.tar");
        image.writeDockerArchive(archive);

        CliRun run = CliRun.of("inventory", archive.toString(), "--format", "json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode report = JSON.readTree(run.out());
        Map<String, String> found = new TreeMap<>();
        for (JsonNode p : report.path("packages")) {
            found.put(p.path("purl").asText(), p.path("path").asText() + "#" + p.path("layer").asInt());
        }
        assertEquals(Map.of(
                "pkg:maven/com.google.guava/guava@31.1-jre", "opt/app/lib/guava-31.1-jre.jar#0",
                "pkg:maven/com.example/plugin-b@2.0", "opt/app/plugins/plugin-b-2.0.jar#1",
                "pkg:npm/lodash@4.17.21", "srv/web/node_modules/lodash/package.json#1",
                "pkg:npm/%40scope/pkg@2.0.0", "srv/web/node_modules/@scope/pkg/package.json#0"), found);
    }
}
