package dev.tarsier.cli;

import dev.tarsier.testkit.ImageBuilder;
import dev.tarsier.testkit.LayerBuilder;
import dev.tarsier.testkit.PluginJarBuilder;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --plugins DIR}: an analyzer jar built by the test is discovered at run time. */
class PluginsOptionTest {

    @Test
    void inventory_withPluginsDir_runsTheThirdPartyAnalyzer(@TempDir Path tmp) throws Exception {
        Path plugins = Files.createDirectories(tmp.resolve("plugins"));
        PluginJarBuilder.build(Files.createDirectories(tmp.resolve("work")), plugins.resolve("marker.jar"));
        Path image = tmp.resolve("image.tar");
        new ImageBuilder().layer(new LayerBuilder().file("opt/vendor/plugin-marker.txt", "vendor-tool 4.2.0\n"))
                .writeOciArchive(image);

        CliRun without = CliRun.of("inventory", image.toString(), "--format", "json");
        assertFalse(without.out().contains("vendor-tool"), without.out());

        CliRun with = CliRun.of("inventory", image.toString(), "--format", "json", "--plugins", plugins.toString());
        assertEquals(0, with.exitCode(), with.err());
        assertTrue(with.out().contains("\"purl\" : \"pkg:generic/vendor-tool@4.2.0\""), with.out());

        CliRun missing = CliRun.of("inventory", image.toString(), "--plugins", tmp.resolve("nope").toString());
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().startsWith("tarsier: cannot load plugins"), missing.err());
    }
}
