package dev.tarsier.cli;

import dev.tarsier.core.PluginLoader;
import dev.tarsier.core.ProxyEnvironment;
import dev.tarsier.harbor.HarborAdapter;
import dev.tarsier.vulndb.VulnerabilityDatabase;
import dev.tarsier.vulndb.VulnerabilityDatabaseException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code tarsier serve --listen HOST:PORT}: the Harbor scanner adapter (Harbor's Pluggable Scanner
 * API v1.1), until SIGTERM or SIGINT.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve Harbor's Pluggable Scanner API v1.1 (a Harbor scanner adapter) until SIGTERM/SIGINT.",
        footer = {"", "Examples:", "  tarsier db update && tarsier serve --listen 0.0.0.0:8080",
                "  tarsier serve --listen 0.0.0.0:8080 --db /data/tarsier.db --cache-dir /data/layers --max-concurrent-scans 4",
                "", "Register it in Harbor: Interrogation Services > Scanners > New Scanner, endpoint http://HOST:8080.",
                "See docs/harbor.md."})
final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:8080",
            description = "address to serve on; 0.0.0.0:PORT for every interface (default ${DEFAULT-VALUE})")
    String listen;

    @Option(names = "--db", paramLabel = "DB",
            description = "compiled vulnerability database, reopened whenever 'tarsier db update' replaces it "
                    + "(default: $TARSIER_CACHE_DIR/db/tarsier.db)")
    Path db;

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "layer cache shared by all scans (default $TARSIER_CACHE_DIR/layers, else "
                    + "$XDG_CACHE_HOME/tarsier/layers, else ~/.cache/tarsier/layers)")
    Path cacheDir;

    @Option(names = "--no-cache", description = "neither read nor write the layer cache")
    boolean noCache;

    @Option(names = "--cache-max-size", paramLabel = "SIZE", description = "most the layer cache may take on disk (default 512MiB)")
    String cacheMaxSize;

    @Option(names = "--max-concurrent-scans", paramLabel = "N", defaultValue = "2",
            description = "scans running at once (default ${DEFAULT-VALUE})")
    int maxConcurrentScans;

    @Option(names = "--queue-size", paramLabel = "N", defaultValue = "64",
            description = "scan requests waiting beyond those; more are refused with 503 (default ${DEFAULT-VALUE})")
    int queueSize;

    @Option(names = "--report-retention", paramLabel = "AGE", defaultValue = "1h", converter = ScanCommand.AgeConverter.class,
            description = "how long a finished report is kept for Harbor to fetch: 1h, 2d (default ${DEFAULT-VALUE})")
    Duration reportRetention;

    @Option(names = "--max-reports", paramLabel = "N", defaultValue = "1000",
            description = "finished reports kept at most, oldest dropped first (default ${DEFAULT-VALUE})")
    int maxReports;

    @Option(names = "--insecure-registry", paramLabel = "HOST[:PORT]",
            description = "registry reachable over plain HTTP or unverified TLS (repeatable); a registry URL "
                    + "Harbor sends as http:// is treated so too")
    List<String> insecureRegistries = new ArrayList<>();

    @Option(names = "--registry-ca", paramLabel = "FILE", description = "PEM file of extra CA certificates trusted for registries")
    Path registryCa;

    @Option(names = "--api-key-file", paramLabel = "FILE",
            description = "require the key in FILE of every API call (Authorization: Bearer KEY or "
                    + "X-ScannerAdapter-API-Key: KEY); register the scanner in Harbor with that access credential")
    Path apiKeyFile;

    @Option(names = "--plugins", paramLabel = "DIR",
            description = "directory of extra analyzer jars, discovered with ServiceLoader like the built-in ones")
    Path plugins;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Map<String, String> env = System.getenv();
        Path database = db != null ? db : VulnerabilityDatabase.defaultPath(env);
        if (!Files.exists(database)) {
            err.println("tarsier: no vulnerability database at " + database
                    + (db == null ? "; run 'tarsier db update' first (or give --db)" : ""));
            return Main.USAGE;
        }
        InetSocketAddress address;
        HarborAdapter.Builder builder = HarborAdapter.builder().database(database);
        try {
            address = address(listen);
            ImageOptions.cache(noCache, cacheDir, cacheMaxSize, env).ifPresent(c -> builder.persistentLayerCache(c.dir(), c.maxBytes()));
            builder.maxConcurrentScans(maxConcurrentScans).queueSize(queueSize).reportRetention(reportRetention, maxReports)
                    .insecureRegistries(insecureRegistries);
            if (registryCa != null) {
                builder.registryCaFile(registryCa);
            }
            ProxyEnvironment.selector(env).ifPresent(builder::registryProxy);
            if (apiKeyFile != null) {
                builder.apiKey(apiKey(apiKeyFile));
            }
        } catch (IllegalArgumentException e) {
            throw new ImageOptions.UsageException(e.getMessage(), e);
        }
        URLClassLoader pluginLoader = null;
        if (plugins != null) {
            try {
                pluginLoader = PluginLoader.open(plugins);
            } catch (IOException e) {
                throw new ImageOptions.UsageException("cannot load plugins from " + plugins + ": " + e.getMessage(), e);
            }
            builder.classLoader(pluginLoader);
        }
        // the JDK server waits forever for a slow client's request by default: bound it (seconds)
        System.setProperty("sun.net.httpserver.maxReqTime", System.getProperty("sun.net.httpserver.maxReqTime", "60"));
        System.setProperty("sun.net.httpserver.maxRspTime", System.getProperty("sun.net.httpserver.maxRspTime", "120"));
        try (HarborAdapter adapter = build(builder, database)) {
            try {
                adapter.start(address);
            } catch (IOException e) {
                err.println("tarsier: cannot listen on " + listen + ": " + e.getMessage());
                return Main.USAGE;
            }
            // SIGTERM/SIGINT: running and queued scans finish (up to 30 s), then the server stops
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                err.println("tarsier: stopping");
                err.flush();
                adapter.close();
                err.println("tarsier: stopped");
                err.flush();
            }, "tarsier-serve-shutdown"));
            InetSocketAddress bound = adapter.address();
            err.println("tarsier: Harbor scanner adapter listening on http://" + bound.getHostString() + ":" + bound.getPort()
                    + " (database " + database + ")");
            err.flush();
            adapter.awaitShutdown();
            return Main.OK;
        } finally {
            ImageOptions.closePlugins(pluginLoader);
        }
    }

    private static HarborAdapter build(HarborAdapter.Builder builder, Path database) throws ImageOptions.UsageException {
        try {
            return builder.build();
        } catch (VulnerabilityDatabaseException e) {
            throw new ImageOptions.UsageException("cannot use vulnerability database " + database + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new ImageOptions.UsageException(e.getMessage(), e);
        }
    }

    /** The key in the file, without surrounding white space. */
    private static String apiKey(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read --api-key-file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * {@code HOST:PORT}, {@code [IPv6]:PORT} or {@code :PORT} (every interface).
     *
     * @throws IllegalArgumentException when it is none of those
     */
    static InetSocketAddress address(String text) {
        int colon = text.lastIndexOf(':');
        if (colon < 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("--listen must be HOST:PORT: '" + text + "'");
        }
        String host = text.substring(0, colon);
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--listen port is not a number: '" + text + "'");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--listen port out of range: " + port);
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        InetSocketAddress address = host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("--listen host cannot be resolved: '" + host + "'");
        }
        return address;
    }
}
