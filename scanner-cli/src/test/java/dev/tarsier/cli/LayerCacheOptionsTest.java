package dev.tarsier.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tarsier.testkit.DemoImage;
import dev.tarsier.testkit.SharedData;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --cache-dir}, {@code --no-cache} and {@code --cache-max-size} of {@code inventory} and {@code scan}. */
class LayerCacheOptionsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private long entries(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".layer")).count();
        }
    }

    private CliRun inventory(Path image, String format, String... cacheOptions) {
        List<String> args = new java.util.ArrayList<>(List.of("inventory", image.toString(), "--format", format));
        args.addAll(List.of(cacheOptions));
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run.err());
        return run;
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "cyclonedx", "table"})
    void inventory_demoImage_isIdenticalUncachedThenStoredThenFromTheCache(String format) throws Exception {
        Path image = tmp.resolve("demo.tar");
        DemoImage.build().writeDockerArchive(image);
        Path cache = tmp.resolve("cache");
        String uncached = inventory(image, format, "--no-cache").out();
        assertEquals(0, entries(cache));
        String storing = inventory(image, format, "--cache-dir", cache.toString()).out();
        assertEquals(3, entries(cache), "nested jars, npm, dpkg and a whiteout layer: all three stored");
        String cached = inventory(image, format, "--cache-dir", cache.toString()).out();
        if (format.equals("cyclonedx")) {
            // serial number and timestamp differ per run
            uncached = uncached.replaceAll("urn:uuid:[0-9a-f-]+|\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z", "");
            storing = storing.replaceAll("urn:uuid:[0-9a-f-]+|\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z", "");
            cached = cached.replaceAll("urn:uuid:[0-9a-f-]+|\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z", "");
        }
        assertEquals(uncached, storing);
        assertEquals(uncached, cached);
    }

    @Test
    void inventory_cachedLayers_areNotReadAgain() throws Exception {
        Path cache = tmp.resolve("cache");
        Path whole = tmp.resolve("whole.tar");
        DemoImage.build().writeDockerArchive(whole);
        JsonNode expected = JSON.readTree(inventory(whole, "json", "--cache-dir", cache.toString()).out());
        // the same config (same diffIDs) over a layer cut short: only a reader of the layer notices
        Path cut = tmp.resolve("cut.tar");
        DemoImage.build().truncateLayer(1, 200).writeDockerArchive(cut);
        JsonNode read = JSON.readTree(inventory(cut, "json", "--no-cache").out());
        assertNotEquals(expected.path("packages"), read.path("packages"));
        assertNotEquals(expected.path("warnings"), read.path("warnings"));
        JsonNode cached = JSON.readTree(inventory(cut, "json", "--cache-dir", cache.toString()).out());
        assertEquals(expected.path("packages"), cached.path("packages"));
        assertEquals(expected.path("warnings"), cached.path("warnings"));
        assertEquals(expected.path("image").path("layers"), cached.path("image").path("layers"));
    }

    @Test
    void inventory_realAlpineDockerSave_isIdenticalWithAndWithoutTheCache() throws Exception {
        Path tar = tmp.resolve("alpine.tar");
        try (InputStream in = new GZIPInputStream(Files.newInputStream(
                SharedData.fixture("images/alpine-3.10.docker-save.tar.gz")));
             OutputStream out = Files.newOutputStream(tar)) {
            in.transferTo(out);
        }
        Path cache = tmp.resolve("cache");
        String uncached = inventory(tar, "json", "--no-cache").out();
        assertTrue(uncached.contains("\"musl\""), uncached);
        assertEquals(uncached, inventory(tar, "json", "--cache-dir", cache.toString()).out());
        assertEquals(1, entries(cache));
        assertEquals(uncached, inventory(tar, "json", "--cache-dir", cache.toString()).out());
    }

    @Test
    void scan_demoImage_givesTheSameFindingsAndGateWithAndWithoutTheCache() throws Exception {
        Path db = tmp.resolve("demo.db");
        assertEquals(0, CliRun.of("db", "build", "--out", db.toString(), "../demo/advisories").exitCode());
        Path cache = tmp.resolve("cache");
        List<CliRun> runs = new java.util.ArrayList<>();
        for (String[] options : List.of(new String[] {"--no-cache"}, new String[] {"--cache-dir", cache.toString()},
                new String[] {"--cache-dir", cache.toString(), "--cache-max-size", "64MiB"})) {
            List<String> args = new java.util.ArrayList<>(List.of("scan", "../demo/demo-image.tar", "--db", db.toString(),
                    "--format", "json", "--fail-on", "HIGH"));
            args.addAll(List.of(options));
            runs.add(CliRun.of(args.toArray(String[]::new)));
        }
        assertEquals(3, entries(cache));
        for (CliRun run : runs) {
            assertEquals(1, run.exitCode(), run.err());
            assertEquals(runs.get(0).out(), run.out());
        }
    }

    @Test
    void inventory_threeProcessesAtOnceOnOneCacheDirectory_allGiveTheUncachedReport() throws Exception {
        Path image = tmp.resolve("demo.tar");
        DemoImage.build().writeDockerArchive(image);
        String expected = inventory(image, "json", "--no-cache").out();
        Path cache = tmp.resolve("cache");
        for (int round = 0; round < 2; round++) {
            List<Process> processes = new java.util.ArrayList<>();
            List<Path> outs = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Path out = tmp.resolve("out-" + round + "-" + i + ".json");
                outs.add(out);
                processes.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                        "inventory", image.toString(), "--format", "json", "--cache-dir", cache.toString())
                        .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start());
            }
            for (int i = 0; i < 3; i++) {
                assertTrue(processes.get(i).waitFor(120, java.util.concurrent.TimeUnit.SECONDS));
                assertEquals(0, processes.get(i).exitValue());
                assertEquals(expected, Files.readString(outs.get(i)), "round " + round + ", process " + i);
            }
        }
        try (Stream<Path> files = Files.list(cache)) {
            assertEquals(List.of(), files.filter(f -> !f.toString().endsWith(".layer")).toList(), "no temporary file left");
        }
        assertEquals(3, entries(cache));
    }

    @Test
    void inventory_cacheMaxSizeSmallerThanAnEntry_storesNothing() throws Exception {
        Path image = tmp.resolve("demo.tar");
        DemoImage.build().writeDockerArchive(image);
        Path cache = tmp.resolve("cache");
        inventory(image, "json", "--cache-dir", cache.toString(), "--cache-max-size", "10");
        assertEquals(0, entries(cache));
    }

    @Test
    void options_conflictingOrBadSizes_areUsageErrors() {
        CliRun both = CliRun.of("inventory", "../demo/demo-image.tar", "--no-cache", "--cache-dir", tmp.toString());
        assertEquals(2, both.exitCode());
        assertTrue(both.err().contains("--no-cache cannot be combined"), both.err());
        CliRun bad = CliRun.of("inventory", "../demo/demo-image.tar", "--cache-max-size", "lots");
        assertEquals(2, bad.exitCode());
        assertTrue(bad.err().contains("--cache-max-size: not a size: 'lots'"), bad.err());
        assertFalse(Files.exists(tmp.resolve("layers")));
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "1048576, 1048576", "512MiB, 536870912", "512M, 536870912", "2g, 2147483648",
            "100MB, 100000000", "1KB, 1000", "1K, 1024", "64 KiB, 65536", "100B, 100", "1TiB, 1099511627776"})
    void parseSize_acceptsBinaryAndDecimalUnits(String text, long bytes) {
        assertEquals(bytes, ImageOptions.parseSize(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "MiB", "-1", "1.5G", "1iB", "1i", "1X", "99999999999T"})
    void parseSize_rejectsWhatIsNotASize(String text) {
        assertThrows(IllegalArgumentException.class, () -> ImageOptions.parseSize(text));
    }
}
