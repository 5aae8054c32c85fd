package dev.tarsier.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tarsier.testkit.LocalRegistry;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code tarsier inventory} and {@code tarsier scan} of an image in Debian's real registry: the
 * shipped demo image, pushed from its docker-save tar with skopeo, must give the same findings and
 * gate verdict as the tar itself, and registry errors end with exit code 2 and one line.
 */
class RegistryCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    private static DemoRegistry demo;
    private static LocalRegistry registry;
    private static Path db;

    @BeforeAll
    static void pushDemoImage() throws Exception {
        demo = DemoRegistry.start(tmp);
        registry = demo.registry();
        db = demo.db();
    }

    @AfterAll
    static void stopRegistry() throws Exception {
        DemoRegistry.stop(demo);
    }

    private static String ref(String tag) {
        return demo.ref("demo/app:" + tag);
    }

    private static Set<String> findings(JsonNode report) {
        Set<String> out = new TreeSet<>();
        for (JsonNode f : report.path("findings")) {
            out.add(f.path("id").asText() + " " + f.path("package").path("name").asText() + "@"
                    + f.path("package").path("version").asText() + " layer " + f.path("layer").asInt());
        }
        return out;
    }

    @Test
    void scan_registryReference_findsWhatTheTarGivesAndFailsTheGate() throws Exception {
        String[] gate = {"--db", db.toString(), "--fail-on-os", "HIGH", "--fail-on-app", "MEDIUM", "--format", "json"};
        CliRun fromTar = CliRun.of(concat(new String[] {"scan", "../demo/demo-image.tar"}, gate));
        CliRun fromRegistry = CliRun.of(concat(new String[] {"scan", ref("1.0"), "--insecure-registry", registry.hostPort()},
                gate));
        assertEquals(1, fromTar.exitCode(), fromTar.err());
        assertEquals(1, fromRegistry.exitCode(), "the gate fails on the registry image too: " + fromRegistry.err());
        JsonNode tarReport = JSON.readTree(fromTar.out());
        JsonNode registryReport = JSON.readTree(fromRegistry.out());
        assertEquals(7, findings(tarReport).size(), fromTar.out());
        assertEquals(findings(tarReport), findings(registryReport));
        assertEquals(tarReport.path("policy"), registryReport.path("policy"));
    }

    @Test
    void inventory_registryReference_listsThePackagesWithTheirLayers() throws Exception {
        CliRun run = CliRun.of("inventory", ref("1.0"), "--insecure-registry", registry.hostPort(), "--format", "json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode packages = JSON.readTree(run.out()).path("packages");
        Set<String> names = new TreeSet<>();
        packages.forEach(p -> names.add(p.path("name").asText() + " layer " + p.path("layer").asInt()));
        assertTrue(names.contains("log4j-core layer 1") && names.contains("curl layer 0"), names.toString());
    }

    @Test
    void scan_unknownTagOrPlainHttpWithoutInsecure_exitsWith2AndOneLine() {
        CliRun unknown = CliRun.of("scan", ref("9.9"), "--insecure-registry", registry.hostPort(), "--db", db.toString());
        assertEquals(2, unknown.exitCode(), unknown.out());
        assertEquals(1, unknown.err().strip().lines().count(), unknown.err());
        assertTrue(unknown.err().contains("manifest 9.9 not found (404)"), unknown.err());

        CliRun tls = CliRun.of("inventory", ref("1.0"));
        assertEquals(2, tls.exitCode(), tls.out());
        assertEquals(1, tls.err().strip().lines().count(), tls.err());
        assertTrue(tls.err().contains("cannot reach https://" + registry.hostPort()), "verified TLS by default: " + tls.err());
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
