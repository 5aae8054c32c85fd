package dev.tarsier.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The starter of docs/writing-an-analyzer.md builds outside this repository: docs/starter is copied
 * to a temporary directory and {@code mvn -o -q verify} runs on it against the local repository.
 * Needs the Tarsier artifacts installed there ({@code mvn install} of this repository, which CI
 * does not do) and {@code mvn} on the PATH; otherwise the test is skipped, never failed, and
 * nothing is downloaded.
 */
class StarterProjectTest {

    private static final String VERSION = "0.1.0-SNAPSHOT";

    @Test
    void starter_buildsTestsAndPackagesAPluginStandalone(@TempDir Path tmp) throws Exception {
        Path repo = Path.of(System.getProperty("maven.repo.local", System.getProperty("user.home") + "/.m2/repository"));
        for (String artifact : new String[] {"tarsier-bom", "scanner-api", "scanner-testkit"}) {
            Path dir = repo.resolve("dev/tarsier/" + artifact + "/" + VERSION);
            assumeTrue(Files.isDirectory(dir), "Tarsier artifacts not installed in " + repo + " (run mvn install)");
        }
        Path mvn = onPath("mvn");
        assumeTrue(mvn != null, "no mvn on the PATH");
        Path root = Path.of(System.getProperty("tarsier.root", "..")).toAbsolutePath();
        Path starter = root.resolve("docs/starter");
        assertTrue(Files.isRegularFile(starter.resolve("pom.xml")), starter.toString());
        Path project = tmp.resolve("cargo-analyzer");
        try (Stream<Path> files = Files.walk(starter)) {
            for (Path f : files.toList()) {
                Path to = project.resolve(starter.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(f, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        Process p = new ProcessBuilder(mvn.toString(), "-B", "-o", "-q", "-Dmaven.repo.local=" + repo, "verify")
                .directory(project.toFile()).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("mvn.log").toFile()).start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "mvn verify timed out");
        String log = Files.readString(tmp.resolve("mvn.log"));
        assertEquals(0, p.exitValue(), log);
        assertTrue(Files.isRegularFile(project.resolve("target/tarsier-cargo-analyzer-1.0.0-SNAPSHOT.jar")), log);
        assertTrue(Files.readString(project.resolve("target/surefire-reports/com.example.cargo.RegistrationTest.txt"))
                .contains("Tests run: 2, Failures: 0, Errors: 0, Skipped: 0"), log);
    }

    private static Path onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, command);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}
