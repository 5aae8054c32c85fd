package dev.tarsier.harbor;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import dev.tarsier.api.Diagnostic;
import dev.tarsier.api.Finding;
import dev.tarsier.api.Inventory;
import dev.tarsier.api.spi.Analyzer;
import dev.tarsier.core.ImageAccessException;
import dev.tarsier.core.ImageScanner;
import dev.tarsier.harbor.internal.DatabaseHolder;
import dev.tarsier.harbor.internal.HarborApi;
import dev.tarsier.harbor.internal.HarborReports;
import dev.tarsier.harbor.internal.ScanJobs;
import dev.tarsier.harbor.internal.ScanRequest;
import dev.tarsier.report.ReportWriter;
import dev.tarsier.vulndb.VulnerabilityDatabase;
import dev.tarsier.vulndb.VulnerabilityDatabaseException;
import dev.tarsier.vulndb.VulnerabilityMatchResult;
import dev.tarsier.vulndb.VulnerabilityMatcher;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Harbor scanner adapter: an HTTP server implementing Harbor's Pluggable Scanner API v1.1
 * ({@code goharbor/pluggable-scanner-spec}, {@code scanner-adapter-openapi-v1.1.yaml}) with the
 * SBOM capability of v1.2, on the JDK's HTTP server. Harbor registers it by URL and then, for
 * every artifact to scan, posts a scan request naming its registry, a short-lived authorization
 * and the artifact; the adapter queues the scan, pulls the image from that registry with that
 * authorization (sent to that registry only), matches it against the vulnerability database and
 * keeps the report until Harbor fetches it. See {@code docs/harbor.md}.
 *
 * <pre>{@code
 * try (HarborAdapter adapter = HarborAdapter.builder()
 *         .database(Path.of("/var/lib/tarsier/tarsier.db"))
 *         .persistentLayerCache(Path.of("/var/cache/tarsier/layers"), 4L << 30)
 *         .build()) {
 *     adapter.start(new InetSocketAddress("0.0.0.0", 8080));
 *     adapter.awaitShutdown();
 * }
 * }</pre>
 *
 * <p>All scans share one vulnerability database, reopened when its file is replaced (a scan keeps
 * the database it started with), one persistent layer cache and one pool of layer threads. At most
 * {@code maxConcurrentScans} scans run at once and {@code queueSize} wait; a request beyond those
 * is refused with 503. Finished reports are kept for {@code reportRetention} and at most
 * {@code maxReports}. Thread-safe.
 *
 * @since 0.4
 */
public final class HarborAdapter implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger("dev.tarsier.harbor");

    /** The registry and cache options each scan's scanner gets, copied from the builder. */
    private record ScanOptions(List<String> insecureRegistries, Path registryCaFile, ProxySelector proxies,
                               Path cacheDir, long cacheBytes, Path dockerConfigDir, int httpThreads,
                               Duration shutdownGrace) {
    }

    private final ScanOptions config;
    private final DatabaseHolder database;
    private final List<Analyzer> analyzers;
    private final List<Diagnostic> discoveryDiagnostics;
    private final ExecutorService layerPool;
    private final ScanJobs jobs;
    private final HarborApi api;
    private final Object lock = new Object();
    private HttpServer server;
    private ExecutorService httpThreads;
    private boolean closing;
    private boolean closed;

    private HarborAdapter(Builder b, DatabaseHolder database, List<Analyzer> analyzers,
                          List<Diagnostic> discoveryDiagnostics) {
        this.config = new ScanOptions(List.copyOf(b.insecureRegistries), b.registryCaFile, b.proxies, b.cacheDir,
                b.cacheBytes, b.dockerConfigDir, b.httpThreads, b.shutdownGrace);
        this.database = database;
        this.analyzers = analyzers;
        this.discoveryDiagnostics = List.copyOf(discoveryDiagnostics);
        this.layerPool = Executors.newFixedThreadPool(b.parallelism, new Threads("tarsier-harbor-layer-"));
        this.jobs = new ScanJobs(this::scan, b.maxConcurrentScans, b.queueSize, b.reportRetention, b.maxReports,
                Clock.systemUTC());
        ObjectMapper mapper = new ObjectMapper();
        HarborReports reports = new HarborReports(mapper, new HarborReports.Scanner(b.scannerName, b.scannerVendor,
                ReportWriter.toolVersion()));
        this.api = new HarborApi(mapper, jobs, reports, () -> database.current().info().builtAt(), b.refreshAfter,
                Optional.ofNullable(b.apiKey));
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts serving the API on this address (port 0 picks a free port; see {@link #address()}).
     *
     * @throws IOException when the address cannot be bound
     * @throws IllegalStateException when already started or closed
     */
    public void start(InetSocketAddress address) throws IOException {
        synchronized (lock) {
            if (server != null || closing) {
                throw new IllegalStateException(closing ? "adapter closed" : "adapter already started");
            }
            HttpServer s = HttpServer.create(address, 64);
            httpThreads = Executors.newFixedThreadPool(config.httpThreads(), new Threads("tarsier-harbor-http-"));
            s.setExecutor(httpThreads);
            s.createContext("/", api);
            s.start();
            server = s;
            LOG.log(System.Logger.Level.INFO, "Harbor scanner adapter listening on " + s.getAddress());
        }
    }

    /**
     * The address served, with the port actually bound.
     *
     * @throws IllegalStateException when not started
     */
    public InetSocketAddress address() {
        synchronized (lock) {
            if (server == null) {
                throw new IllegalStateException("adapter not started");
            }
            return server.getAddress();
        }
    }

    /** Blocks until {@link #close()} has run (from another thread or a shutdown hook). */
    public void awaitShutdown() throws InterruptedException {
        synchronized (lock) {
            while (!closed) {
                lock.wait();
            }
        }
    }

    /**
     * Stops gracefully: no new connections, running and queued scans finish for up to the
     * {@linkplain Builder#shutdownGrace grace period}, then the server and the pools stop.
     */
    @Override
    public void close() {
        HttpServer s;
        synchronized (lock) {
            if (closing) {
                // another thread (a shutdown hook, say) is closing: wait for it, as a caller expects
                // the adapter stopped when close() returns
                while (!closed) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                return;
            }
            closing = true;
            s = server;
        }
        try {
            jobs.shutdown(config.shutdownGrace());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            jobs.close();
            if (s != null) {
                // answers to report polls already in flight get a second to complete
                s.stop(1);
                httpThreads.shutdownNow();
            }
            layerPool.shutdownNow();
            synchronized (lock) {
                closed = true;
                lock.notifyAll();
            }
            LOG.log(System.Logger.Level.INFO, "Harbor scanner adapter stopped");
        }
    }

    /** One scan: the image from Harbor's registry with Harbor's authorization, matched against the current DB. */
    private ScanJobs.Result scan(ScanRequest request) throws ImageAccessException, InterruptedException,
            VulnerabilityDatabaseException {
        ImageScanner.Builder b = ImageScanner.builder().analyzers(analyzers).executor(layerPool);
        Set<String> insecure = new HashSet<>(config.insecureRegistries());
        if (request.plainHttp()) {
            // Harbor named a plain-HTTP registry URL (an in-cluster core service): that is where it is
            insecure.add(request.registryHost());
        }
        if (!insecure.isEmpty()) {
            b.insecureRegistries(insecure);
        }
        if (config.registryCaFile() != null) {
            b.registryCaFile(config.registryCaFile());
        }
        if (config.proxies() != null) {
            b.registryProxy(config.proxies());
        }
        if (config.cacheDir() != null) {
            b.persistentLayerCache(config.cacheDir(), config.cacheBytes());
        }
        if (config.dockerConfigDir() != null) {
            b.dockerConfigDir(config.dockerConfigDir());
        }
        request.authorization().ifPresent(a -> b.registryAuthorization(request.registryHost(), a));
        Inventory inventory;
        try (ImageScanner scanner = b.build()) {
            inventory = scanner.inventory(request.imageReference());
        }
        VulnerabilityDatabase db = database.current();
        VulnerabilityMatchResult matched = new VulnerabilityMatcher(db).match(inventory);
        // each scan's scanner gets the analyzers found once, so it repeats the problems met finding them
        List<Diagnostic> diagnostics = new ArrayList<>(discoveryDiagnostics);
        diagnostics.addAll(inventory.diagnostics());
        diagnostics.addAll(matched.diagnostics());
        List<Finding> findings = matched.findings();
        return new ScanJobs.Result(Instant.now(), inventory.withDiagnostics(diagnostics), findings);
    }

    private static final class Threads implements ThreadFactory {
        private final String prefix;
        private final AtomicInteger count = new AtomicInteger();

        Threads(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, prefix + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    }

    /**
     * Configures a {@link HarborAdapter}. Only {@link #database} is required; each option may be set
     * once. Not thread-safe.
     *
     * @since 0.4
     */
    public static final class Builder {
        private Path database;
        private List<Analyzer> analyzerList;
        private ClassLoader classLoader;
        private Path cacheDir;
        private long cacheBytes;
        private Collection<String> insecureRegistries = List.of();
        private Path registryCaFile;
        private ProxySelector proxies;
        private Path dockerConfigDir;
        private int maxConcurrentScans = 2;
        private int queueSize = 64;
        private int parallelism = Math.max(2, Runtime.getRuntime().availableProcessors());
        private int httpThreads = 4;
        private Duration reportRetention = Duration.ofHours(1);
        private int maxReports = 1000;
        private Duration refreshAfter = Duration.ofSeconds(5);
        private Duration shutdownGrace = Duration.ofSeconds(30);
        private String scannerName = "Tarsier";
        private String scannerVendor = "Tarsier";
        private String apiKey;
        private final Set<String> set = new HashSet<>();

        private Builder() {
        }

        /** Fails when {@code option} was set before: an option set twice is a caller's mistake. */
        private void once(String option) {
            if (!set.add(option)) {
                throw new IllegalStateException(option + " already set");
            }
        }

        /** The compiled vulnerability database file; reopened whenever the file is replaced. Required. */
        public Builder database(Path file) {
            once("database");
            this.database = Objects.requireNonNull(file, "file");
            return this;
        }

        /** Uses these analyzers instead of discovering them (see {@link ImageScanner.Builder#analyzers}). */
        public Builder analyzers(List<? extends Analyzer> value) {
            once("analyzers");
            this.analyzerList = List.copyOf(value);
            return this;
        }

        /** Discovers analyzers through this class loader (a plugin directory's, see {@code PluginLoader}). */
        public Builder classLoader(ClassLoader value) {
            once("classLoader");
            this.classLoader = Objects.requireNonNull(value, "value");
            return this;
        }

        /**
         * The persistent layer cache shared by all scans (see
         * {@link ImageScanner.Builder#persistentLayerCache}); default: none.
         */
        public Builder persistentLayerCache(Path directory, long maxBytes) {
            once("persistentLayerCache");
            if (maxBytes < 0) {
                throw new IllegalArgumentException("persistent layer cache size must be >= 0: " + maxBytes);
            }
            this.cacheDir = Objects.requireNonNull(directory, "directory");
            this.cacheBytes = maxBytes;
            return this;
        }

        /**
         * Registries ({@code host[:port]}) reachable over plain HTTP or unverified TLS; a registry
         * URL Harbor gives with {@code http://} is treated so too.
         *
         * @throws IllegalArgumentException when a name is blank or has a path
         */
        public Builder insecureRegistries(Collection<String> hosts) {
            once("insecureRegistries");
            // checked now, as each scan's scanner would check them
            ImageScanner.builder().insecureRegistries(hosts);
            this.insecureRegistries = List.copyOf(hosts);
            return this;
        }

        /**
         * Extra CA certificates (PEM) trusted for registries.
         *
         * @throws IllegalArgumentException when the file does not exist
         */
        public Builder registryCaFile(Path file) {
            once("registryCaFile");
            ImageScanner.builder().registryCaFile(file);
            this.registryCaFile = file;
            return this;
        }

        /** The HTTP proxies registries are reached through (see {@code ProxyEnvironment}). */
        public Builder registryProxy(ProxySelector selector) {
            once("registryProxy");
            this.proxies = Objects.requireNonNull(selector, "selector");
            return this;
        }

        /**
         * Where Docker's {@code config.json} is read for registries Harbor passes no authorization
         * for; default {@code $DOCKER_CONFIG}, then {@code ~/.docker}.
         */
        public Builder dockerConfigDir(Path dir) {
            once("dockerConfigDir");
            this.dockerConfigDir = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /**
         * Requires this key of every API call, as {@code Authorization: Bearer <key>} or
         * {@code X-ScannerAdapter-API-Key: <key>}: register the scanner in Harbor with
         * authorization "Bearer" or "APIKey" and the key as access credential. Default: none (keep
         * the adapter on a network only Harbor reaches).
         *
         * @throws IllegalArgumentException when the key is blank or has control characters
         */
        public Builder apiKey(String key) {
            once("apiKey");
            Objects.requireNonNull(key, "key");
            if (key.isBlank() || key.chars().anyMatch(ch -> ch < ' ' || ch == 0x7f) || !key.equals(key.strip())) {
                throw new IllegalArgumentException("API key must be non-blank text without control characters or outer spaces");
            }
            this.apiKey = key;
            return this;
        }

        /** Scans running at once (default 2). */
        public Builder maxConcurrentScans(int value) {
            once("maxConcurrentScans");
            this.maxConcurrentScans = positive(value, "maxConcurrentScans");
            return this;
        }

        /** Scan requests waiting for a free slot before further ones are refused with 503 (default 64). */
        public Builder queueSize(int value) {
            once("queueSize");
            this.queueSize = positive(value, "queueSize");
            return this;
        }

        /** Layer threads shared by all scans (default: the processors, at least 2). */
        public Builder parallelism(int value) {
            once("parallelism");
            this.parallelism = positive(value, "parallelism");
            return this;
        }

        /** How long and how many finished reports are kept for Harbor to fetch (default 1 h, 1000). */
        public Builder reportRetention(Duration time, int maxCount) {
            once("reportRetention");
            if (time.isNegative() || time.isZero()) {
                throw new IllegalArgumentException("report retention must be positive: " + time);
            }
            this.reportRetention = time;
            this.maxReports = positive(maxCount, "maxReports");
            return this;
        }

        /** The {@code Refresh-After} of a report not ready yet, in whole seconds (default 5 s). */
        public Builder refreshAfter(Duration value) {
            once("refreshAfter");
            if (value.toSeconds() < 1) {
                throw new IllegalArgumentException("refreshAfter must be at least 1 second: " + value);
            }
            this.refreshAfter = value;
            return this;
        }

        /** How long {@link HarborAdapter#close()} lets running and queued scans finish (default 30 s). */
        public Builder shutdownGrace(Duration value) {
            once("shutdownGrace");
            if (value.isNegative()) {
                throw new IllegalArgumentException("shutdownGrace must not be negative: " + value);
            }
            this.shutdownGrace = value;
            return this;
        }

        private static int positive(int value, String name) {
            if (value < 1) {
                throw new IllegalArgumentException(name + " must be >= 1: " + value);
            }
            return value;
        }

        /**
         * Opens the database and discovers the analyzers; the server starts with
         * {@link HarborAdapter#start}.
         *
         * @throws VulnerabilityDatabaseException when the database cannot be opened
         * @throws IllegalStateException when no database was given
         * @throws IllegalArgumentException when analyzers collide (duplicate ids)
         */
        public HarborAdapter build() throws VulnerabilityDatabaseException {
            if (database == null) {
                throw new IllegalStateException("database is required");
            }
            if (!Files.exists(database)) {
                throw new VulnerabilityDatabaseException(database + ": no such file", null);
            }
            DatabaseHolder holder = new DatabaseHolder(database);
            List<Analyzer> found = analyzerList;
            List<Diagnostic> problems = List.of();
            if (found == null) {
                ImageScanner.Builder discovery = ImageScanner.builder().parallelism(1);
                if (classLoader != null) {
                    discovery.classLoader(classLoader);
                }
                try (ImageScanner s = discovery.build()) {
                    found = s.analyzers();
                    problems = s.discoveryDiagnostics();
                    problems.forEach(d -> LOG.log(System.Logger.Level.WARNING, d.message()));
                }
            }
            return new HarborAdapter(this, holder, found, problems);
        }
    }
}
