package dev.tarsier.core;

import dev.tarsier.api.Inventory;
import dev.tarsier.testkit.Compression;
import dev.tarsier.testkit.ImageBuilder;
import dev.tarsier.testkit.LayerBuilder;
import dev.tarsier.testkit.MultiPlatformImageBuilder;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MultiPlatformTest {

    @TempDir
    Path tmp;

    private static MultiPlatformImageBuilder image(MultiPlatformImageBuilder.Shape shape) {
        return new MultiPlatformImageBuilder()
                .image(new ImageBuilder().platform("linux", "amd64")
                        .layer(new LayerBuilder().file("opt/arch.app", "amd64"), Compression.GZIP))
                .image(new ImageBuilder().platform("linux", "arm64", "v8")
                        .layer(new LayerBuilder().file("opt/arch.app", "arm64"), Compression.ZSTD))
                .tag("example/multi:2.0")
                .shape(shape);
    }

    private static String archOf(Inventory inv) {
        return inv.packages().stream().map(p -> p.version()).findFirst().orElse("none");
    }

    @ParameterizedTest
    @EnumSource(MultiPlatformImageBuilder.Shape.class)
    void inventory_multiPlatformLayout_picksLinuxAmd64ByDefault_orTheConfiguredPlatform(MultiPlatformImageBuilder.Shape shape)
            throws Exception {
        Path dir = tmp.resolve("multi-" + shape);
        image(shape).writeOciLayout(dir);
        try (ImageScanner scanner = ImageScanner.builder().analyzers(TestAnalyzers.all()).build()) {
            Inventory inv = scanner.inventory("oci:" + dir + ":2.0");
            assertEquals("amd64", archOf(inv));
            assertEquals(Optional.of("linux/amd64"), inv.image().platform());
        }
        try (ImageScanner scanner = ImageScanner.builder().analyzers(TestAnalyzers.all()).platform("linux/arm64").build()) {
            Inventory inv = scanner.inventory("oci:" + dir);
            assertEquals("arm64", archOf(inv));
            assertEquals(Optional.of("linux/arm64/v8"), inv.image().platform());
        }
        try (ImageScanner scanner = ImageScanner.builder().analyzers(TestAnalyzers.all()).platform("linux/s390x").build()) {
            ImageAccessException e = assertThrows(ImageAccessException.class, () -> scanner.inventory("oci:" + dir));
            assertTrue(e.getMessage().contains("linux/s390x") && e.getMessage().contains("linux/arm64/v8"), e.getMessage());
        }
    }

    @Test
    void inventory_multiPlatformArchive_gzipped_streamsInOnePass() throws Exception {
        Path file = tmp.resolve("multi.tar.gz");
        image(MultiPlatformImageBuilder.Shape.NESTED).writeOciArchive(file, Compression.GZIP);
        try (ImageScanner scanner = ImageScanner.builder().analyzers(TestAnalyzers.all()).platform("linux/arm64/v8").build()) {
            Inventory inv = scanner.inventory("oci-archive:" + file + ":2.0");
            assertEquals("arm64", archOf(inv));
            assertEquals(List.of(), inv.diagnostics());
        }
    }
}
