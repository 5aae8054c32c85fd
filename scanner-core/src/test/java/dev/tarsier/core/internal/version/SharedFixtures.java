package dev.tarsier.core.internal.version;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Locates {@code ../shared/fixtures}: system property {@code tarsier.shared}, else {@code ../shared}
 * or {@code ../../shared} from the working directory. Tests skip when it is absent.
 */
public final class SharedFixtures {
    private SharedFixtures() {
    }

    /** The fixtures directory, or a skipped test when it is absent. */
    public static Path root() {
        String prop = System.getProperty("tarsier.shared");
        for (String candidate : prop == null ? List.of("../shared", "../../shared")
                : List.of(prop, "../shared", "../../shared")) {
            Path p = Path.of(candidate, "fixtures");
            if (Files.isDirectory(p)) {
                return p;
            }
        }
        Assumptions.abort("shared fixtures not found");
        return null;
    }

    /** A path under the fixtures directory, or a skipped test when it is absent. */
    public static Path resolve(String relative) {
        Path p = root().resolve(relative);
        Assumptions.assumeTrue(Files.exists(p), () -> "fixture absent: " + p);
        return p;
    }
}
