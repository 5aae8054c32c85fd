package dev.tarsier.analyzers.os;

import dev.tarsier.testkit.SharedData;


import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Locates the shared fixture tree ({@code <repo>/../shared/fixtures}) for conformance tests: the
 * system property {@code tarsier.shared} first, then {@code ../shared} and {@code ../../shared}
 * relative to the working directory. Tests skip when it is absent; nothing here writes to it.
 */
public final class SharedFixtures {

    private SharedFixtures() {
    }

    /** The {@code fixtures/pkgdb} folder, or a skipped test when the shared tree is absent. */
    public static Path pkgdb() {
        return SharedData.fixture("pkgdb");
    }

    /** Sub-folders of a fixture folder that contain the given file, sorted. */
    public static List<Path> foldersWith(Path root, String fileName) {
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(p -> Files.isRegularFile(p.resolve(fileName))).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Rows of a TSV file, without lines starting with {@code #}; trailing empty columns kept. */
    public static List<String[]> tsv(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .filter(l -> !l.startsWith("#") && !l.isEmpty())
                    .map(l -> l.split("\t", -1))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
