package dev.tarsier.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tarsier.testkit.Compression;
import dev.tarsier.testkit.GoBinaries;
import dev.tarsier.testkit.ImageBuilder;
import dev.tarsier.testkit.LayerBuilder;
import dev.tarsier.testkit.SharedData;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real Go binary, built by the installed (old: Debian 12's 1.19) toolchain, in an image under a
 * name no analyzer knows, next to a {@code node} launcher script and a non-executable copy:
 * {@code tarsier scan} against the real Go vulnerability database records reports the standard
 * library's and golang.org/x/net's findings, once, at the binary's path.
 */
class GoBinaryScanEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void scan_goBinaryBuiltWithAnOldToolchain_getsStdlibAndModuleFindings(@TempDir Path tmp) throws Exception {
        Path bin = GoBinaries.hello().orElse(null);
        Assumptions.assumeTrue(bin != null, "no Go toolchain; skipped");
        Path more = SharedData.locate("fixtures/advisories/osv-more").orElse(null);
        Assumptions.assumeTrue(more != null, "shared fixtures absent");
        String stdlib = GoBinaries.version().orElseThrow().substring(2);
        Assumptions.assumeTrue(stdlib.compareTo("1.20") < 0, "the toolchain is too new for the fixture records");

        byte[] hello = Files.readAllBytes(bin);
        Path image = tmp.resolve("go.tar");
        new ImageBuilder()
                .layer(new LayerBuilder()
                        .executable("app/hello-server", hello)
                        .file("app/copy-not-executable", hello, 0644)
                        .executable("usr/local/bin/node", "#!/bin/sh\nexec true\n".getBytes()), Compression.GZIP)
                .history("COPY hello /app/", false)
                .writeDockerArchive(image);
        Path db = tmp.resolve("go.db");
        CliRun build = CliRun.of("db", "build", "--out", db.toString(), more.resolve("go").toString());
        assertEquals(0, build.exitCode(), build.err());

        CliRun run = CliRun.of("scan", image.toString(), "--db", db.toString(), "--format", "json");
        assertEquals(0, run.exitCode(), run.err() + run.out());
        JsonNode report = JSON.readTree(run.out());
        Map<String, String> packages = new TreeMap<>();
        for (JsonNode p : report.path("packages")) {
            packages.put(p.path("purl").asText(), p.path("path").asText());
        }
        assertEquals(Set.of("pkg:golang/stdlib@" + (stdlib.chars().filter(c -> c == '.').count() == 1 ? stdlib + ".0" : stdlib),
                "pkg:golang/example.com/hello", "pkg:golang/example.org/lib@v1.2.0",
                "pkg:golang/golang.org/x/net@" + GoBinaries.X_NET_VERSION), packages.keySet(), run.out());
        assertTrue(packages.values().stream().allMatch("app/hello-server"::equals), packages.toString());

        Set<String> found = new TreeSet<>();
        for (JsonNode f : report.path("findings")) {
            found.add(f.path("package").path("name").asText() + " " + f.path("id").asText() + " "
                    + f.path("aliases").toString());
        }
        String all = String.join("\n", found);
        // stdlib 1.19.x: GO-2023-2102 (fixed 1.20.10) and GO-2024-2687 (fixed 1.21.9) apply
        assertTrue(all.contains("stdlib") && all.contains("GO-2023-2102") && all.contains("GO-2024-2687"), all);
        // x/net of July 2022: before the fix of GO-2022-0969 (Sept 2022)
        assertTrue(found.stream().anyMatch(s -> s.startsWith("golang.org/x/net") && s.contains("GO-2022-0969")), all);
    }
}
