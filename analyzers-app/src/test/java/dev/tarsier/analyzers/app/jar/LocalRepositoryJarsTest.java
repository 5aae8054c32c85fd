package dev.tarsier.analyzers.app.jar;

import dev.tarsier.api.Diagnostic;
import dev.tarsier.api.Package;
import dev.tarsier.testkit.AnalyzerRunner;
import dev.tarsier.testkit.RecordingSink;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real jars from Maven Central, when the local Maven repository holds them (skipped otherwise):
 * the Spring Framework's own jars carry only a manifest, and their groupId is reported as a guess.
 */
class LocalRepositoryJarsTest {

    private static Path repository() {
        String configured = System.getProperty("maven.repo.local");
        Path repo = configured != null && !configured.isBlank() ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".m2", "repository");
        Assumptions.assumeTrue(Files.isDirectory(repo), "no local Maven repository; skipping");
        return repo;
    }

    @Test
    void springCore5317_manifestOnly_isAVisibleGuess() throws IOException {
        Path jar = repository().resolve("org/springframework/spring-core/5.3.17/spring-core-5.3.17.jar");
        Assumptions.assumeTrue(Files.isRegularFile(jar), "spring-core 5.3.17 not in the local repository; skipping");

        RecordingSink sink = AnalyzerRunner.run(new JarAnalyzer(), "app/lib/spring-core-5.3.17.jar", Files.readAllBytes(jar));

        assertEquals(1, sink.packages().size());
        Package p = sink.packages().get(0);
        assertEquals("pkg:maven/spring-core/spring-core@5.3.17", p.purl().canonicalize());
        assertEquals("guess", p.properties().get(Package.PROPERTY_GROUP_SOURCE));
        assertEquals("file-name", p.properties().get(JarAnalyzer.PROPERTY_IDENTIFIED_BY));
        assertEquals(List.of(), sink.diagnostics());
    }

    @Test
    void everySpringFrameworkJar_saysHowItsGroupWasFound() throws IOException {
        Path spring = repository().resolve("org/springframework");
        Assumptions.assumeTrue(Files.isDirectory(spring), "no Spring jars in the local repository; skipping");
        List<Path> jars;
        try (Stream<Path> files = Files.walk(spring)) {
            jars = files.filter(f -> f.getFileName().toString().endsWith(".jar")
                    && !f.getFileName().toString().endsWith("-sources.jar")).sorted().collect(Collectors.toList());
        }
        Assumptions.assumeFalse(jars.isEmpty(), "no Spring jars in the local repository; skipping");
        for (Path jar : jars) {
            RecordingSink sink = AnalyzerRunner.run(new JarAnalyzer(), jar.getFileName().toString(), Files.readAllBytes(jar));
            assertFalse(sink.packages().isEmpty(), jar.toString());
            for (Package p : sink.packages()) {
                String source = p.properties().get(Package.PROPERTY_GROUP_SOURCE);
                assertTrue(source.equals("pom.properties") || source.equals("guess") || source.startsWith("manifest:"),
                        jar + ": " + source);
                // a guess is the artifactId, never dressed up as something else
                if (source.equals("guess")) {
                    assertEquals(p.purl().getName(), p.purl().getNamespace(), jar.toString());
                }
            }
            assertTrue(sink.diagnostics().stream().noneMatch(d -> d.severity() == Diagnostic.Severity.WARNING),
                    jar + ": " + sink.diagnostics());
        }
    }
}
