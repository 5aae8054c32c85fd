package dev.tarsier.spark;

import dev.tarsier.core.ImageScanner;

import java.io.Serial;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How every executor builds its {@link ImageScanner}: the registry options and the optional
 * persistent layer cache. Paths name files on the executors' hosts (a Docker config directory with
 * registry credentials, a CA bundle, a cache directory), not on the driver's. Immutable and
 * serialisable (it travels with the tasks); {@code with...} methods return changed copies.
 *
 * @since 0.4
 */
public final class ScannerSettings implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    /** Default size of a persistent layer cache: 2 GiB. */
    public static final long DEFAULT_LAYER_CACHE_BYTES = 2L << 30;

    private final List<String> insecureRegistries;
    private final String dockerConfigDir;
    private final String registryCaFile;
    private final String platform;
    private final String layerCacheDir;
    private final long layerCacheBytes;

    private ScannerSettings(List<String> insecureRegistries, String dockerConfigDir, String registryCaFile,
                            String platform, String layerCacheDir, long layerCacheBytes) {
        this.insecureRegistries = List.copyOf(insecureRegistries);
        this.dockerConfigDir = dockerConfigDir;
        this.registryCaFile = registryCaFile;
        this.platform = platform;
        this.layerCacheDir = layerCacheDir;
        if (layerCacheBytes < 0) {
            throw new IllegalArgumentException("layer cache size must be >= 0: " + layerCacheBytes);
        }
        this.layerCacheBytes = layerCacheBytes;
    }

    /** The defaults: no insecure registry, default credentials, {@code linux/amd64}, no layer cache. */
    public static ScannerSettings defaults() {
        return new ScannerSettings(List.of(), null, null, null, null, DEFAULT_LAYER_CACHE_BYTES);
    }

    /** Registries reached over plain HTTP or unverified TLS ({@code host:port}); never null. */
    public List<String> insecureRegistries() {
        return insecureRegistries;
    }

    /** Where {@code config.json} with registry credentials is on the executors; empty: the default. */
    public Optional<String> dockerConfigDir() {
        return Optional.ofNullable(dockerConfigDir);
    }

    /** An extra CA bundle (PEM) trusted for registries, on the executors. */
    public Optional<String> registryCaFile() {
        return Optional.ofNullable(registryCaFile);
    }

    /** The platform chosen from multi-platform indexes; empty: {@code linux/amd64}. */
    public Optional<String> platform() {
        return Optional.ofNullable(platform);
    }

    /** A persistent layer cache directory on each executor's local disk, when wanted. */
    public Optional<String> layerCacheDir() {
        return Optional.ofNullable(layerCacheDir);
    }

    /** These settings with these insecure registries. */
    public ScannerSettings withInsecureRegistries(List<String> hosts) {
        return new ScannerSettings(hosts, dockerConfigDir, registryCaFile, platform, layerCacheDir, layerCacheBytes);
    }

    /** These settings with this Docker config directory (on the executors). */
    public ScannerSettings withDockerConfigDir(String dir) {
        return new ScannerSettings(insecureRegistries, Objects.requireNonNull(dir, "dir"), registryCaFile, platform,
                layerCacheDir, layerCacheBytes);
    }

    /** These settings with this CA bundle (on the executors). */
    public ScannerSettings withRegistryCaFile(String file) {
        return new ScannerSettings(insecureRegistries, dockerConfigDir, Objects.requireNonNull(file, "file"), platform,
                layerCacheDir, layerCacheBytes);
    }

    /** These settings with this platform, {@code os/arch[/variant]}. */
    public ScannerSettings withPlatform(String value) {
        return new ScannerSettings(insecureRegistries, dockerConfigDir, registryCaFile, Objects.requireNonNull(value, "value"),
                layerCacheDir, layerCacheBytes);
    }

    /** These settings with a persistent layer cache in this directory of each executor, of at most {@code maxBytes}. */
    public ScannerSettings withLayerCache(String dir, long maxBytes) {
        return new ScannerSettings(insecureRegistries, dockerConfigDir, registryCaFile, platform,
                Objects.requireNonNull(dir, "dir"), maxBytes);
    }

    /**
     * A scanner with these settings, analyzers discovered on the class path.
     *
     * @throws IllegalArgumentException when a setting is invalid (a bad platform)
     */
    public ImageScanner newScanner() {
        ImageScanner.Builder b = ImageScanner.builder()
                // a task walks its one layer on its own thread: Spark's task slots are the parallelism
                .parallelism(1)
                .registryConnections(1);
        if (!insecureRegistries.isEmpty()) {
            b.insecureRegistries(insecureRegistries);
        }
        dockerConfigDir().ifPresent(d -> b.dockerConfigDir(Path.of(d)));
        registryCaFile().ifPresent(f -> b.registryCaFile(Path.of(f)));
        platform().ifPresent(b::platform);
        layerCacheDir().ifPresent(d -> b.persistentLayerCache(Path.of(d), layerCacheBytes));
        return b.build();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScannerSettings s && insecureRegistries.equals(s.insecureRegistries)
                && Objects.equals(dockerConfigDir, s.dockerConfigDir) && Objects.equals(registryCaFile, s.registryCaFile)
                && Objects.equals(platform, s.platform) && Objects.equals(layerCacheDir, s.layerCacheDir)
                && layerCacheBytes == s.layerCacheBytes;
    }

    @Override
    public int hashCode() {
        return Objects.hash(insecureRegistries, dockerConfigDir, registryCaFile, platform, layerCacheDir, layerCacheBytes);
    }

    @Override
    public String toString() {
        return "ScannerSettings[insecure=" + insecureRegistries + ", dockerConfig=" + dockerConfigDir + ", ca="
                + registryCaFile + ", platform=" + platform + ", layerCache=" + layerCacheDir + "]";
    }
}
