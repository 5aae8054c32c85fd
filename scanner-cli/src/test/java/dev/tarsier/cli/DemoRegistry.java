package dev.tarsier.cli;

import dev.tarsier.testkit.LocalRegistry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Debian's real registry on 127.0.0.1 holding the demo image as {@code demo/app:1.0}, and the demo
 * advisories compiled into a database: what the registry tests of the CLI start from. Skips the
 * calling test class when {@code docker-registry} or {@code skopeo} is not installed.
 *
 * @param registry the running registry
 * @param db the demo database
 */
record DemoRegistry(LocalRegistry registry, Path db) implements AutoCloseable {

    static DemoRegistry start(Path tmp) throws Exception {
        LocalRegistry.assumeInstalled();
        LocalRegistry registry = LocalRegistry.start(Files.createDirectories(tmp.resolve("registry")), Optional.empty(),
                Optional.empty(), Optional.empty());
        registry.copy("docker-archive:../demo/demo-image.tar", "demo/app:1.0");
        Path db = tmp.resolve("demo.db");
        CliRun build = CliRun.of("db", "build", "--out", db.toString(), "../demo/advisories");
        assertEquals(0, build.exitCode(), build.err());
        return new DemoRegistry(registry, db);
    }

    /** {@code registry:HOST:PORT/REPO:TAG} in this registry. */
    String ref(String repoTag) {
        return "registry:" + registry.hostPort() + "/" + repoTag;
    }

    static void stop(DemoRegistry demo) throws InterruptedException {
        if (demo != null) {
            demo.close();
        }
    }

    @Override
    public void close() throws InterruptedException {
        registry.close();
    }
}
