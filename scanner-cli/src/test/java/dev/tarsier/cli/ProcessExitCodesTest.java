package dev.tarsier.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gate as CI sees it: the {@code tarsier} command in its own JVM (the class path of this
 * module, the same classes the shaded jar holds), exit codes read from the process.
 */
class ProcessExitCodesTest {

    @TempDir
    static Path tmp;

    static Path db;

    record Result(int code, String out, String err) {
    }

    static Result tarsier(String... args) throws IOException, InterruptedException {
        return tarsier(Map.of(), args);
    }

    static Result tarsier(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().putAll(env);
        Process p = builder.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "tarsier did not finish");
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    @BeforeAll
    static void buildDatabase() throws Exception {
        db = tmp.resolve("demo.db");
        Result r = tarsier("db", "build", "--out", db.toString(), "../demo/advisories");
        assertEquals(0, r.code(), r.err());
    }

    @Test
    void gateFails_exitOne_withVerdictOnStderrForMachineFormats() throws Exception {
        Result r = tarsier("scan", "../demo/demo-image.tar", "--db", db.toString(), "--format", "json",
                "--fail-on-os", "HIGH", "--fail-on-app", "MEDIUM");
        assertEquals(1, r.code(), r.err());
        assertTrue(r.out().contains("\"findings\""), r.out());
        assertTrue(r.err().contains("policy FAILED"), r.err());
        assertTrue(r.err().lines().noneMatch(l -> l.startsWith("tarsier: walked")), "no progress when not a terminal: " + r.err());
    }

    @Test
    void gatePasses_exitZero_whenThresholdsAreAboveEveryFinding() throws Exception {
        Path ignore = tmp.resolve("ignore.json");
        Files.writeString(ignore, """
                {"ignore": [
                  {"id": "CVE-2021-44228", "reason": "JNDI lookups disabled by -Dlog4j2.formatMsgNoLookups=true"},
                  {"id": "CVE-2020-8840", "reason": "no polymorphic typing in this service"},
                  {"id": "CVE-2023-45853", "reason": "minizip not used"}
                ]}
                """);
        Result r = tarsier("scan", "../demo/demo-image.tar", "--db", db.toString(), "--quiet",
                "--fail-on", "CRITICAL", "--ignore-file", ignore.toString());
        assertEquals(0, r.code(), r.err() + r.out());
        assertEquals("", r.out(), "--quiet prints nothing on standard output");
    }

    @Test
    void badUsageAndUnreadableInput_exitTwo_withOneLine() throws Exception {
        Result missingDb = tarsier("scan", "../demo/demo-image.tar", "--db", tmp.resolve("none.db").toString());
        assertEquals(2, missingDb.code());
        assertEquals(1, missingDb.err().strip().lines().count(), missingDb.err());

        Result badSeverity = tarsier("scan", "../demo/demo-image.tar", "--db", db.toString(), "--fail-on-os", "SEVERE");
        assertEquals(2, badSeverity.code(), badSeverity.err());

        Result badImage = tarsier("inventory", tmp.resolve("nope.tar").toString());
        assertEquals(2, badImage.code());
        assertTrue(badImage.err().startsWith("tarsier: "), badImage.err());
    }

    @Test
    void unusableProxyVariable_failsRegistryScansWithOneLine_andLeavesLocalImagesAlone() throws Exception {
        Map<String, String> env = Map.of("HTTPS_PROXY", "socks5://proxy.example:1080");
        Result registry = tarsier(env, "inventory", "registry:registry.example/app:1.0");
        assertEquals(2, registry.code(), registry.err());
        assertEquals(1, registry.err().strip().lines().count(), registry.err());
        assertTrue(registry.err().contains("HTTPS_PROXY: only http:// proxies are supported"), registry.err());

        Result local = tarsier(env, "inventory", "../demo/demo-image.tar", "--format", "json");
        assertEquals(0, local.code(), local.err());
    }
}
