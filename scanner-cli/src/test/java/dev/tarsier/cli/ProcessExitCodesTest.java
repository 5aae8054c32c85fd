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

    @Test
    void noDatabaseAnywhere_scanExitsTwo_sayingToRunDbUpdate() throws Exception {
        Path cache = Files.createDirectories(tmp.resolve("empty-cache"));
        Result r = tarsier(Map.of("TARSIER_CACHE_DIR", cache.toString()), "scan", "../demo/demo-image.tar");
        assertEquals(2, r.code(), r.out());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("run 'tarsier db update'") && r.err().contains(cache.resolve("db/tarsier.db").toString()),
                r.err());

        Result info = tarsier(Map.of("TARSIER_CACHE_DIR", cache.toString()), "db", "info");
        assertEquals(2, info.code(), info.out());
        assertTrue(info.err().contains("run 'tarsier db update'"), info.err());
    }

    @Test
    void defaultDatabase_inTheCacheDir_isUsedByScanAndInfo() throws Exception {
        Path cache = tmp.resolve("cache-with-db");
        Files.createDirectories(cache.resolve("db"));
        Files.copy(db, cache.resolve("db/tarsier.db"));
        Map<String, String> env = Map.of("TARSIER_CACHE_DIR", cache.toString());
        Result scan = tarsier(env, "scan", "../demo/demo-image.tar", "--fail-on-os", "HIGH", "--format", "json");
        assertEquals(1, scan.code(), scan.err());
        Result info = tarsier(env, "db", "info");
        assertEquals(0, info.code(), info.err());
        assertTrue(info.out().contains(cache.resolve("db/tarsier.db").toString()), info.out());
    }

    @Test
    void staleDatabase_warnsOnStderrAndInTheReport_andFailsOnlyWhenAsked() throws Exception {
        Path old = tmp.resolve("old.db");
        // built on 2026-01-01 (SOURCE_DATE_EPOCH, as reproducible builds set it)
        Result build = tarsier(Map.of("SOURCE_DATE_EPOCH", "1767225600"), "db", "build", "--out", old.toString(),
                "../demo/advisories");
        assertEquals(0, build.code(), build.err());

        Result warned = tarsier("scan", "../demo/demo-image.tar", "--db", old.toString(), "--format", "json");
        assertEquals(0, warned.code(), warned.err());
        assertTrue(warned.err().contains("warning: vulnerability database is") && warned.err().contains("--db-max-age 7d"),
                warned.err());
        assertTrue(warned.out().contains("built 2026-01-01T00:00:00Z"), "the JSON report carries the warning too");

        Result failed = tarsier("scan", "../demo/demo-image.tar", "--db", old.toString(), "--db-max-age-fail");
        assertEquals(2, failed.code(), failed.out());
        assertEquals(1, failed.err().strip().lines().count(), failed.err());

        Result lenient = tarsier("scan", "../demo/demo-image.tar", "--db", old.toString(), "--db-max-age", "5000d",
                "--db-max-age-fail", "--format", "json");
        assertEquals(0, lenient.code(), lenient.err());
        assertTrue(!lenient.err().contains("warning"), lenient.err());

        Result badAge = tarsier("scan", "../demo/demo-image.tar", "--db", old.toString(), "--db-max-age", "soon");
        assertEquals(2, badAge.code(), badAge.err());
    }
}
