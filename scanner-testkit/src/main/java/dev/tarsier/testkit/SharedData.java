package dev.tarsier.testkit;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Locates the {@code shared/} folder that sits beside the project checkout (real distribution
 * data in {@code fixtures/}, official report schemas in {@code schemas/}): the system property
 * {@code tarsier.shared} (set by the build), else {@code ../shared}, {@code ../../shared} or
 * {@code shared} relative to the working directory. Tests that need it skip cleanly when it is
 * absent; nothing is ever written into it.
 */
public final class SharedData {

    private SharedData() {
    }

    /** The sub-folder ({@code fixtures}, {@code schemas}, ...) of the shared folder, if present. */
    public static Optional<Path> locate(String folder) {
        List<String> candidates = new ArrayList<>();
        String prop = System.getProperty("tarsier.shared");
        if (prop != null && !prop.isBlank()) {
            candidates.add(prop);
        }
        candidates.addAll(List.of("../shared", "../../shared", "shared"));
        for (String c : candidates) {
            Path p = Path.of(c, folder);
            if (Files.isDirectory(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** {@code shared/fixtures}, or the calling test is skipped. */
    public static Path fixtures() {
        return required("fixtures");
    }

    /** {@code shared/schemas}, or the calling test is skipped. */
    public static Path schemas() {
        return required("schemas");
    }

    /** A file or folder under {@code shared/fixtures}, or the calling test is skipped. */
    public static Path fixture(String relative) {
        Path p = fixtures().resolve(relative);
        Assumptions.assumeTrue(Files.exists(p), () -> "shared fixture absent: " + p + "; skipping");
        return p;
    }

    private static Path required(String folder) {
        Optional<Path> p = locate(folder);
        Assumptions.assumeTrue(p.isPresent(), () -> "shared/" + folder + " is absent; skipping tests on it");
        return p.orElseThrow();
    }
}
