package dev.tarsier.example.gem;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keeps docs/writing-an-analyzer.md honest: every code block marked with
 * {@code <!-- source: PATH -->} must be the file at PATH (compiled and tested by this module),
 * byte for byte.
 */
class GuideTest {

    /** Surefire runs in the module directory; the guide is at the repository root. */
    private static final Path ROOT = Path.of("..");

    private static final Pattern SOURCE_BLOCK =
            Pattern.compile("<!-- source: (\\S+) -->\\n```(?:java|xml)\\n(.*?)```\\n", Pattern.DOTALL);

    @Test
    void guide_codeBlocksWithASource_equalTheCompiledFiles() throws IOException {
        Path guide = ROOT.resolve("docs/writing-an-analyzer.md");
        assertTrue(Files.isRegularFile(guide), "the guide is part of the repository: " + guide.toAbsolutePath());
        Matcher m = SOURCE_BLOCK.matcher(Files.readString(guide, StandardCharsets.UTF_8));
        List<String> checked = new ArrayList<>();
        while (m.find()) {
            Path source = ROOT.resolve(m.group(1));
            assertEquals(Files.readString(source, StandardCharsets.UTF_8), m.group(2),
                    "docs/writing-an-analyzer.md shows a stale copy of " + m.group(1));
            checked.add(m.group(1));
        }
        assertEquals(List.of(
                "analyzers-python/src/test/java/dev/tarsier/example/gem/GemSpecAnalyzer.java",
                "docs/starter/pom.xml",
                "docs/starter/src/test/java/com/example/cargo/RegistrationTest.java",
                "analyzers-python/src/test/java/dev/tarsier/example/gem/GemSpecAnalyzerTest.java"), checked);
    }
}
