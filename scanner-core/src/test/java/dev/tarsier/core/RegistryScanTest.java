package dev.tarsier.core;

import dev.tarsier.api.Diagnostic;
import dev.tarsier.api.Inventory;
import dev.tarsier.testkit.Compression;
import dev.tarsier.testkit.ImageBuilder;
import dev.tarsier.testkit.LayerBuilder;
import dev.tarsier.testkit.LocalRegistry;
import dev.tarsier.testkit.MultiPlatformImageBuilder;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scans images from Debian's real registry (distribution v2) over plain HTTP, pushed there by the
 * real skopeo as OCI manifests, Docker v2 schema 2 manifests and a multi-platform index.
 */
class RegistryScanTest {

    @TempDir
    static Path tmp;
    private static LocalRegistry registry;
    private static Path layout;
    private static Path multiLayout;
    private static String multiIndexDigest;

    static ImageBuilder appImage() {
        return new ImageBuilder()
                .layer(new LayerBuilder()
                        .file("etc/os-release", "ID=debian\nVERSION_ID=12\n")
                        .file("var/lib/testdb/status", "base 1.0\nlibc 2.36\n")
                        .file("opt/old.app", "0.9"), Compression.GZIP)
                .history("ADD rootfs /", false)
                .history("ENV A=b", true)
                .layer(new LayerBuilder()
                        .file("var/lib/testdb/status", "base 1.1\nlibc 2.36\ncurl 8.0\n")
                        .whiteout("opt/old.app")
                        .file("srv/web.app", "2.5"), Compression.GZIP)
                .history("RUN install curl", false)
                .tag("example/app:1.0");
    }

    @BeforeAll
    static void startRegistryAndPush() throws Exception {
        LocalRegistry.assumeInstalled();
        registry = LocalRegistry.start(Files.createDirectories(tmp.resolve("registry")), Optional.empty(),
                Optional.empty(), Optional.empty());
        layout = tmp.resolve("app");
        appImage().writeOciLayout(layout);
        registry.push(layout, "1.0", "example/app:oci");
        registry.push(layout, "1.0", "example/app:v2s2", "--format", "v2s2");
        multiLayout = tmp.resolve("multi");
        MultiPlatformImageBuilder multi = new MultiPlatformImageBuilder()
                .image(new ImageBuilder().platform("linux", "amd64")
                        .layer(new LayerBuilder().file("opt/arch.app", "amd64"), Compression.GZIP))
                .image(new ImageBuilder().platform("linux", "arm64", "v8")
                        .layer(new LayerBuilder().file("opt/arch.app", "arm64"), Compression.ZSTD))
                .tag("example/multi:2.0");
        multi.writeOciLayout(multiLayout);
        multiIndexDigest = multi.platformIndexDigest();
        registry.push(multiLayout, "2.0", "example/multi:2.0", "--all");
    }

    @AfterAll
    static void stopRegistry() throws Exception {
        if (registry != null) {
            registry.close();
        }
    }

    private static ImageScanner.Builder scanner() throws Exception {
        return ImageScanner.builder().analyzers(TestAnalyzers.all())
                .insecureRegistries(List.of(registry.hostPort()))
                .dockerConfigDir(Files.createDirectories(tmp.resolve("no-docker-config")));
    }

    private static List<String> packages(Inventory inv) {
        return inv.packages().stream().map(p -> p.name() + "@" + p.version() + "#" + p.location().layer()).sorted().toList();
    }

    @Test
    void inventory_ociManifestFromRegistry_matchesTheSameImageFromTheLayout() throws Exception {
        try (ImageScanner scanner = scanner().build()) {
            Inventory fromRegistry = scanner.inventory("registry:" + registry.hostPort() + "/example/app:oci");
            Inventory fromLayout = scanner.inventory("oci:" + layout + ":1.0");
            assertEquals(List.of(), fromRegistry.diagnostics());
            assertEquals(packages(fromLayout), packages(fromRegistry));
            assertTrue(packages(fromRegistry).contains("curl@8.0#1"), packages(fromRegistry).toString());
            assertTrue(packages(fromRegistry).contains("web@2.5#1"), packages(fromRegistry).toString());
            assertTrue(packages(fromRegistry).stream().noneMatch(p -> p.startsWith("old@")), "whiteout applied");
            assertEquals(fromLayout.image().digest(), fromRegistry.image().digest(), "skopeo keeps the OCI manifest");
            assertEquals(fromLayout.image().layers(), fromRegistry.image().layers());
            assertEquals(List.of("oci"), fromRegistry.image().tags());
            assertEquals("registry:" + registry.hostPort() + "/example/app:oci", fromRegistry.image().source());
        }
    }

    @Test
    void inventory_dockerV2s2ManifestFromRegistry_givesTheSamePackagesAndLayers() throws Exception {
        try (ImageScanner scanner = scanner().build()) {
            Inventory oci = scanner.inventory("registry:" + registry.hostPort() + "/example/app:oci");
            Inventory docker = scanner.inventory("registry:" + registry.hostPort() + "/example/app:v2s2");
            assertEquals(List.of(), docker.diagnostics());
            assertEquals(packages(oci), packages(docker));
            assertEquals(oci.image().layers().stream().map(l -> l.diffId()).toList(),
                    docker.image().layers().stream().map(l -> l.diffId()).toList());
            assertTrue(!oci.image().digest().equals(docker.image().digest()), "a converted manifest has its own digest");
        }
    }

    @Test
    void inventory_multiPlatformIndex_picksLinuxAmd64ByDefault_theConfiguredPlatform_andWorksByDigest() throws Exception {
        String repo = "registry:" + registry.hostPort() + "/example/multi";
        try (ImageScanner scanner = scanner().build()) {
            Inventory inv = scanner.inventory(repo + ":2.0");
            assertEquals(List.of("arch@amd64#0"), packages(inv));
            assertEquals(Optional.of("linux/amd64"), inv.image().platform());
            Inventory byDigest = scanner.inventory(repo + "@" + multiIndexDigest);
            assertEquals(List.of("arch@amd64#0"), packages(byDigest));
            assertEquals(List.of(), byDigest.image().tags());
        }
        try (ImageScanner scanner = scanner().platform("linux/arm64").build()) {
            Inventory inv = scanner.inventory(repo + ":2.0");
            assertEquals(List.of("arch@arm64#0"), packages(inv));
            assertEquals(Optional.of("linux/arm64/v8"), inv.image().platform());
            assertEquals(List.of(), inv.diagnostics());
        }
        try (ImageScanner scanner = scanner().platform("linux/s390x").build()) {
            ImageAccessException e = assertThrows(ImageAccessException.class, () -> scanner.inventory(repo + ":2.0"));
            assertTrue(e.getMessage().contains("no image for platform linux/s390x"), e.getMessage());
        }
    }

    @Test
    void inventory_unknownTagOrRepository_failsWithOneLine404() throws Exception {
        try (ImageScanner scanner = scanner().build()) {
            ImageAccessException tag = assertThrows(ImageAccessException.class,
                    () -> scanner.inventory("registry:" + registry.hostPort() + "/example/app:nope"));
            assertTrue(tag.getMessage().contains("not found (404)") && tag.getMessage().contains("MANIFEST_UNKNOWN"),
                    tag.getMessage());
            assertEquals(1, tag.getMessage().lines().count());
            ImageAccessException repo = assertThrows(ImageAccessException.class,
                    () -> scanner.inventory("registry:" + registry.hostPort() + "/example/none:1"));
            assertTrue(repo.getMessage().contains("not found (404)"), repo.getMessage());
            ImageAccessException digest = assertThrows(ImageAccessException.class,
                    () -> scanner.inventory("registry:" + registry.hostPort() + "/example/app@sha256:" + "0".repeat(64)));
            assertTrue(digest.getMessage().contains("not found (404)"), digest.getMessage());
        }
    }

    @Test
    void inventory_plainHttpRegistryNotNamedInsecure_isRefusedBecauseTlsIsRequired() throws Exception {
        try (ImageScanner scanner = ImageScanner.builder().analyzers(TestAnalyzers.all())
                .dockerConfigDir(Files.createDirectories(tmp.resolve("no-docker-config")))
                .registryRetries(1, java.time.Duration.ofMillis(1)).build()) {
            ImageAccessException e = assertThrows(ImageAccessException.class,
                    () -> scanner.inventory("registry:" + registry.hostPort() + "/example/app:oci"));
            assertTrue(e.getMessage().contains("cannot reach https://" + registry.hostPort()), e.getMessage());
        }
    }

    static List<Diagnostic> errors(Inventory inv) {
        return inv.diagnostics().stream().filter(d -> d.severity() == Diagnostic.Severity.ERROR).toList();
    }
}
