package dev.tarsier.core;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates {@code ../shared/fixtures}; tests using it skip cleanly when it is absent. */
final class SharedFixtures {

    private SharedFixtures() {
    }

    static Path root() {
        String prop = System.getProperty("tarsier.shared");
        for (Path candidate : new Path[] {
                prop == null ? null : Path.of(prop, "fixtures"),
                Path.of("../shared/fixtures"), Path.of("../../shared/fixtures")}) {
            if (candidate != null && Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        Assumptions.abort("../shared/fixtures is absent; skipping tests on real distribution data");
        return null;
    }

    static Path path(String relative) {
        Path p = root().resolve(relative);
        Assumptions.assumeTrue(Files.exists(p), "fixture missing: " + p);
        return p;
    }
}
