package dev.tarsier.cli;

import dev.tarsier.api.Inventory;
import dev.tarsier.core.ImageAccessException;
import dev.tarsier.core.ImageReference;
import dev.tarsier.core.ImageScanner;
import dev.tarsier.core.ProxyEnvironment;
import dev.tarsier.core.PluginLoader;
import dev.tarsier.core.ScanListener;
import dev.tarsier.report.SbomReadException;
import dev.tarsier.report.SbomReader;
import dev.tarsier.vulndb.VulnerabilityDatabase;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The image argument and scanner options shared by {@code inventory} and {@code scan}. */
final class ImageOptions {

    /** An image reference or a configuration error, reported as one line with exit code 2. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    @Parameters(index = "0", paramLabel = "IMAGE",
            description = "docker-archive:PATH[:TAG], oci:PATH[:TAG], oci-archive:PATH[:TAG], dir:PATH, "
                    + "registry:HOST[:PORT]/REPO[:TAG|@DIGEST] (or registry:NAME[:TAG] on Docker Hub), a bare PATH, or sbom:PATH (a CycloneDX or SPDX JSON SBOM, "
                    + "or a Tarsier JSON report, scanned without the image)")
    String image;

    @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]",
            description = "platform to pick from multi-platform images (default linux/amd64)")
    String platform;

    @Option(names = "--insecure-registry", paramLabel = "HOST[:PORT]",
            description = "registry reachable over plain HTTP or unverified TLS (repeatable); others need verified TLS")
    List<String> insecureRegistries = new ArrayList<>();

    @Option(names = "--registry-ca", paramLabel = "FILE",
            description = "PEM file of extra CA certificates trusted for registries")
    Path registryCa;

    @Option(names = "--plugins", paramLabel = "DIR",
            description = "directory of extra analyzer jars, discovered with ServiceLoader like the built-in ones")
    Path plugins;

    /** Default cap of the layer cache: 512 MiB. */
    static final long DEFAULT_CACHE_MAX_SIZE = 512L << 20;
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([KMGT]?)(I?B?)", Pattern.CASE_INSENSITIVE);

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "directory of the layer cache (default $TARSIER_CACHE_DIR/layers, else "
                    + "$XDG_CACHE_HOME/tarsier/layers, else ~/.cache/tarsier/layers)")
    Path cacheDir;

    @Option(names = "--no-cache", description = "neither read nor write the layer cache")
    boolean noCache;

    @Option(names = "--cache-max-size", paramLabel = "SIZE",
            description = "most the layer cache may take on disk, least recently used layers out "
                    + "(bytes, or with K/KiB, M/MiB, G/GiB = powers of 1024, KB/MB/GB = powers of 1000; default 512MiB)")
    String cacheMaxSize;

    /**
     * Scans the image with a scanner configured from these options.
     *
     * @throws UsageException for a bad reference or option
     * @throws ImageAccessException when the image cannot be opened
     */
    Inventory inventory(ScanListener listener) throws UsageException, ImageAccessException, InterruptedException {
        if (image.startsWith(SbomReader.PREFIX)) {
            if (platform != null || plugins != null || registryCa != null || !insecureRegistries.isEmpty()) {
                throw new UsageException("--platform, --plugins, --registry-ca and --insecure-registry do not apply "
                        + "to sbom: (no image is read)", null);
            }
            return sbom(image.substring(SbomReader.PREFIX.length()));
        }
        ImageReference reference;
        ImageScanner.Builder builder = ImageScanner.builder().listener(listener);
        URLClassLoader pluginLoader = null;
        try {
            reference = ImageReference.parse(image);
            if (platform != null) {
                builder.platform(platform);
            }
            if (!insecureRegistries.isEmpty()) {
                builder.insecureRegistries(insecureRegistries);
            }
            if (registryCa != null) {
                builder.registryCaFile(registryCa);
            }
            if (reference.transport() == ImageReference.Transport.REGISTRY) {
                // like docker, curl and Go tools: HTTPS_PROXY / HTTP_PROXY / NO_PROXY
                ProxyEnvironment.selector(System.getenv()).ifPresent(builder::registryProxy);
            }
            configureCache(builder, System.getenv());
            pluginLoader = openPlugins(plugins, builder);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage(), e);
        }
        try (ImageScanner scanner = build(builder)) {
            return scanner.inventory(reference);
        } finally {
            closePlugins(pluginLoader);
        }
    }

    /**
     * The inventory an SBOM (or a stored Tarsier JSON report) describes: no image is opened, and the
     * image options do not apply.
     *
     * @throws UsageException when the document cannot be read (one line, exit code 2)
     */
    static Inventory sbom(String path) throws UsageException {
        if (path.isEmpty()) {
            throw new UsageException("sbom: needs a path (sbom:PATH)", null);
        }
        try {
            return SbomReader.read(Path.of(path));
        } catch (SbomReadException e) {
            throw new UsageException("cannot read SBOM " + e.getMessage(), e);
        } catch (java.nio.file.InvalidPathException e) {
            throw new UsageException("not a path: " + path, e);
        }
    }

    /**
     * Sets the persistent layer cache unless {@code --no-cache}: {@code --cache-dir}, else
     * {@code layers} in the cache directory {@code db update} uses too.
     *
     * @throws IllegalArgumentException for a bad size or a conflicting option
     */
    void configureCache(ImageScanner.Builder builder, Map<String, String> env) {
        cache(noCache, cacheDir, cacheMaxSize, env).ifPresent(c -> builder.persistentLayerCache(c.dir(), c.maxBytes()));
    }

    /** Where the persistent layer cache is and how large it may grow. */
    record Cache(Path dir, long maxBytes) {
    }

    /**
     * The layer cache that {@code --no-cache}, {@code --cache-dir} and {@code --cache-max-size}
     * select: empty with {@code --no-cache}, else the given directory or {@code layers} in the cache
     * directory {@code db update} uses too.
     *
     * @throws IllegalArgumentException for a bad size or a conflicting option
     */
    static java.util.Optional<Cache> cache(boolean noCache, Path cacheDir, String cacheMaxSize, Map<String, String> env) {
        if (noCache) {
            if (cacheDir != null || cacheMaxSize != null) {
                throw new IllegalArgumentException("--no-cache cannot be combined with --cache-dir or --cache-max-size");
            }
            return java.util.Optional.empty();
        }
        long max = cacheMaxSize == null ? DEFAULT_CACHE_MAX_SIZE : parseSize(cacheMaxSize);
        Path dir = cacheDir != null ? cacheDir : VulnerabilityDatabase.defaultCacheDir(env).resolve("layers");
        return java.util.Optional.of(new Cache(dir, max));
    }

    /**
     * A size such as {@code 512MiB}, {@code 2G}, {@code 100MB} or {@code 1048576}.
     *
     * @throws IllegalArgumentException when the text is not a size
     */
    static long parseSize(String text) {
        Matcher m = SIZE.matcher(text.strip());
        if (!m.matches() || "I".equalsIgnoreCase(m.group(3)) || "IB".equalsIgnoreCase(m.group(3)) && m.group(2).isEmpty()) {
            throw new IllegalArgumentException("--cache-max-size: not a size: '" + text
                    + "' (e.g. 512MiB, 2G, 100MB or a number of bytes)");
        }
        String unit = m.group(2).toUpperCase(Locale.ROOT);
        boolean decimal = m.group(3).equalsIgnoreCase("B");
        int power = unit.isEmpty() ? 0 : "KMGT".indexOf(unit) + 1;
        try {
            long value = Long.parseLong(m.group(1));
            long base = decimal ? 1000 : 1024;
            for (int i = 0; i < power; i++) {
                value = Math.multiplyExact(value, base);
            }
            return value;
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("--cache-max-size: too large: '" + text + "'", e);
        }
    }

    /**
     * Opens the plugin directory (when given) and makes the builder discover through it.
     *
     * @return the loader to close after the scan, or null without a directory
     * @throws UsageException when the directory cannot be listed
     */
    static URLClassLoader openPlugins(Path directory, ImageScanner.Builder builder) throws UsageException {
        if (directory == null) {
            return null;
        }
        try {
            URLClassLoader loader = PluginLoader.open(directory);
            builder.classLoader(loader);
            return loader;
        } catch (IOException e) {
            throw new UsageException("cannot load plugins from " + directory + ": " + e.getMessage(), e);
        }
    }

    /**
     * Builds the scanner; analyzers with the same id (a plugin colliding with a built-in analyzer or
     * another plugin) are a usage error the user must resolve.
     */
    static ImageScanner build(ImageScanner.Builder builder) throws UsageException {
        try {
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }

    static void closePlugins(URLClassLoader loader) {
        if (loader != null) {
            try {
                loader.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
