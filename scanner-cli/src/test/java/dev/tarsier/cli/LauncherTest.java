package dev.tarsier.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tarsier.testkit.Compression;
import dev.tarsier.testkit.ImageBuilder;
import dev.tarsier.testkit.LayerBuilder;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The distribution's {@code bin/tarsier} launcher, run as a user runs it: from
 * {@code target/tarsier} made by {@code mvn package} (the test skips when the distribution was not
 * built, as in a plain {@code mvn test} on a fresh clone).
 */
class LauncherTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path HOME = Path.of("target", "tarsier").toAbsolutePath();
    private static final Path LAUNCHER = HOME.resolve("bin").resolve("tarsier");

    record Run(int exitCode, String out, String err) {
    }

    @BeforeAll
    static void distributionBuilt() {
        assumeTrue(Files.isExecutable(LAUNCHER) && Files.isDirectory(HOME.resolve("lib")),
                "distribution not built (mvn package makes scanner-cli/target/tarsier)");
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs a POSIX shell");
    }

    static Run run(Path launcher, Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(launcher.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().remove("TARSIER_JAVA_OPTS");
        pb.environment().putAll(env);
        Path out = Files.createTempFile("launcher", ".out");
        Path err = Files.createTempFile("launcher", ".err");
        try {
            Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "launcher did not finish");
            return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    static Path image(Path dir) throws Exception {
        Path archive = dir.resolve("app.tar");
        new ImageBuilder()
                .layer(new LayerBuilder()
                        .file("etc/os-release", "ID=alpine\nVERSION_ID=3.19.1\nPRETTY_NAME=\"Alpine Linux v3.19\"\n")
                        .file("lib/apk/db/installed", "P:musl\nV:1.2.4_git20230717-r4\nA:x86_64\no:musl\n\n"),
                        Compression.GZIP)
                .layer(new LayerBuilder().file("app/node_modules/lodash/package.json",
                        "{\"name\":\"lodash\",\"version\":\"4.17.20\"}"), Compression.GZIP)
                .writeDockerArchive(archive);
        return archive;
    }

    @Test
    void version_printsAndExitsZero() throws Exception {
        Run run = run(LAUNCHER, Map.of(), "--version");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("tarsier"), run.out());
    }

    @Test
    void inventory_smallImage_printsItsPackagesAsJson(@TempDir Path tmp) throws Exception {
        Run run = run(LAUNCHER, Map.of("TARSIER_CACHE_DIR", tmp.resolve("cache").toString()),
                "inventory", image(tmp).toString(), "--format", "json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode report = JSON.readTree(run.out());
        List<String> purls = new ArrayList<>();
        report.path("packages").forEach(p -> purls.add(p.path("purl").asText()));
        assertTrue(purls.contains("pkg:npm/lodash@4.17.20"), purls.toString());
        assertTrue(purls.stream().anyMatch(p -> p.startsWith("pkg:apk/alpine/musl@1.2.4_git20230717-r4")), purls.toString());
        assertEquals("", run.err().strip(), "nothing on stderr (no JVM or CDS warnings)");
    }

    @Test
    void javaHomeAndJavaOpts_areHonouredOptsLast(@TempDir Path tmp) throws Exception {
        // a JAVA_HOME whose bin/java records its arguments and runs the real JVM
        Path fakeHome = tmp.resolve("jdk");
        Path java = Files.createDirectories(fakeHome.resolve("bin")).resolve("java");
        Path recorded = tmp.resolve("args.txt");
        Path realJava = Path.of(System.getProperty("java.home"), "bin", "java");
        Files.writeString(java, "#!/bin/sh\nprintf '%s\\n' \"$@\" > '" + recorded + "'\nexec '" + realJava + "' \"$@\"\n",
                StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));

        Run run = run(LAUNCHER, Map.of("JAVA_HOME", fakeHome.toString(),
                "TARSIER_JAVA_OPTS", "-Xmx200m -Dtarsier.launcher.test=yes",
                "TARSIER_CACHE_DIR", tmp.resolve("cache").toString()),
                "inventory", image(tmp).toString(), "--format", "json");

        assertEquals(0, run.exitCode(), run.err());
        List<String> args = Files.readAllLines(recorded);
        assertTrue(args.contains("-Xmx200m") && args.contains("-Dtarsier.launcher.test=yes"), args.toString());
        assertTrue(args.indexOf("-Xmx200m") > args.indexOf("-XX:+UseSerialGC"), "user options come after the defaults: " + args);
        assertEquals("dev.tarsier.cli.Main", args.get(args.indexOf("inventory") - 1), args.toString());
        int cp = args.indexOf("-cp");
        assertTrue(cp > 0 && args.get(cp + 1).contains("tarsier-cli-"), args.toString());
    }

    /** With {@code -Xshare:on} the JVM fails unless it can map the build's CDS archive. */
    @Test
    void cdsArchive_isMappedByTheJvmThatMadeIt() throws Exception {
        Path jvm = HOME.resolve("lib").resolve("tarsier.jsa.jvm");
        assumeTrue(Files.isRegularFile(jvm) && Files.isRegularFile(HOME.resolve("lib").resolve("tarsier.jsa")),
                "the build made no CDS archive");
        Path javaHome = Path.of(System.getProperty("java.home")).toRealPath();
        assumeTrue(Files.readString(jvm).strip().equals(javaHome.toString()), "the archive was made by another JVM");

        Run run = run(LAUNCHER, Map.of("JAVA_HOME", javaHome.toString(), "TARSIER_JAVA_OPTS", "-Xshare:on"), "--version");

        assertEquals(0, run.exitCode(), run.out() + run.err());
    }

    @Test
    void badJavaHome_isAClearErrorWithExitCode2(@TempDir Path tmp) throws Exception {
        Run run = run(LAUNCHER, Map.of("JAVA_HOME", tmp.resolve("no-jdk").toString()), "--version");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("JAVA_HOME is set to"), run.err());
    }

    @Test
    void symlinkedLauncher_findsItsInstallation(@TempDir Path tmp) throws Exception {
        Path link = tmp.resolve("bin").resolve("tarsier");
        Files.createDirectories(link.getParent());
        try {
            Files.createSymbolicLink(link, LAUNCHER);
        } catch (IOException | UnsupportedOperationException e) {
            assumeTrue(false, "no symbolic links here");
        }
        Run run = run(link, Map.of(), "--version");
        assertEquals(0, run.exitCode(), run.err());
    }
}
