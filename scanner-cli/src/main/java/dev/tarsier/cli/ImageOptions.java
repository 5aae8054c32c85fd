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

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
