package dev.tarsier.testkit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DemoImageTest {

    @Test
    void committedDemoImage_equalsAFreshBuild(@TempDir Path tmp) throws Exception {
        Path committed = Path.of("../demo/demo-image.tar");
        assertTrue(Files.isRegularFile(committed), "demo/demo-image.tar is part of the repository");
        Path fresh = tmp.resolve("demo.tar");
        DemoImage.build().writeDockerArchive(fresh);
        assertArrayEquals(Files.readAllBytes(fresh), Files.readAllBytes(committed),
                "demo/demo-image.tar is stale: regenerate it with dev.tarsier.testkit.DemoImage (see README)");
    }
}
