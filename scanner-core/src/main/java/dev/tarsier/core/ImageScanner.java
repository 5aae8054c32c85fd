package dev.tarsier.core;

import dev.tarsier.api.AnalyzerInfo;
import dev.tarsier.api.Diagnostic;
import dev.tarsier.api.Image;
import dev.tarsier.api.Inventory;
import dev.tarsier.api.spi.Analyzer;
import dev.tarsier.core.internal.apply.Applier;
import dev.tarsier.core.internal.cache.DiskLayerCache;
import dev.tarsier.core.internal.dir.RootfsSource;
import dev.tarsier.core.internal.discovery.AnalyzerDiscovery;
import dev.tarsier.core.internal.docker.ArchiveSource;
import dev.tarsier.core.internal.oci.OciLayoutSource;
import dev.tarsier.core.internal.registry.LayerCache;
import dev.tarsier.core.internal.registry.RegistryListing;
import dev.tarsier.core.internal.registry.RegistrySource;
import dev.tarsier.core.internal.registry.RegistryTransport;
import dev.tarsier.core.internal.source.ImageSource;
import dev.tarsier.core.internal.source.Platform;
import dev.tarsier.core.internal.source.ScannedImage;
import dev.tarsier.core.internal.walk.LayerReader;
import dev.tarsier.core.internal.walk.LayerResult;
import dev.tarsier.core.internal.walk.LayerStore;
import dev.tarsier.core.internal.walk.SelectorIndex;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The library entry point: opens images, walks every layer once with the analyzers, folds the
 * layers and returns the {@link Inventory}.
 *
 * <pre>{@code
 * try (ImageScanner scanner = ImageScanner.builder().build()) {
 *     Inventory inventory = scanner.inventory(ImageReference.parse("oci:/images/app:1.0"));
 * }
 * }</pre>
 *
 * <p>Immutable and thread-safe: one scanner can scan many images concurrently. Layers are walked in
 * parallel on a bounded pool (by default one thread per available processor) that the scanner
 * creates and shuts down in {@link #close()}, or on an injected executor that the caller owns.
 * Interrupting the calling thread stops the scan.
 *
 * @since 0.1
 */
public final class ImageScanner implements AutoCloseable {

    /** Default largest file buffered in memory when several analyzers want it: 32 MiB. */
    public static final long DEFAULT_SHARED_BUFFER = 32L << 20;
    /** Registry layers in flight at least, by default (docker pulls 3 layers at once by default). */
    private static final int DEFAULT_REGISTRY_CONNECTIONS = 4;

    private final List<Analyzer> analyzers;
    private final List<AnalyzerInfo> analyzerInfo;
    private final List<Diagnostic> discoveryDiagnostics;
    private final SelectorIndex index;
    private final ExecutorService executor;
    private final boolean ownsExecutor;
    private final Platform platform;
    private final long sharedBuffer;
    private final ScanListener listener;
    private final RegistryTransport registry;
    private final LayerCache layerCache;
    private final LayerStore layerStore;
    private final int registryConnections;
    private final String fingerprint;
    private ExecutorService registryExecutor;

    private ImageScanner(Builder b) {
        if (b.analyzers != null) {
            this.analyzers = AnalyzerDiscovery.validated(b.analyzers);
            this.discoveryDiagnostics = List.of();
        } else {
            AnalyzerDiscovery.Result found = AnalyzerDiscovery.discover(
                    b.classLoader != null ? b.classLoader : ImageScanner.class.getClassLoader());
            this.analyzers = found.analyzers();
            this.discoveryDiagnostics = found.diagnostics();
        }
        this.analyzerInfo = analyzers.stream().map(AnalyzerDiscovery::info).toList();
        this.index = new SelectorIndex(analyzers);
        this.platform = b.platform;
        this.sharedBuffer = b.sharedBuffer;
        this.listener = b.listener;
        this.registry = new RegistryTransport(b.registrySettings());
        this.layerCache = b.layerCache == 0 ? LayerCache.NONE : new LayerCache(b.layerCache);
        this.fingerprint = DiskLayerCache.fingerprint(analyzerInfo, sharedBuffer);
        this.layerStore = b.persistentCacheDir == null ? LayerStore.NONE
                : new DiskLayerCache(b.persistentCacheDir, b.persistentCacheBytes, fingerprint);
        this.registryConnections = b.registryConnections > 0 ? b.registryConnections
                : Math.max(DEFAULT_REGISTRY_CONNECTIONS, b.parallelism);
        if (b.executor != null) {
            this.executor = b.executor;
            this.ownsExecutor = false;
        } else {
            this.executor = Executors.newFixedThreadPool(b.parallelism, new LayerThreads());
            this.ownsExecutor = true;
        }
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The analyzers in use, sorted by id; never null. */
    public List<Analyzer> analyzers() {
        return analyzers;
    }

    /**
     * The analyzers in use, sorted by id, with their versions and origins (built-in or the plugin
     * jar); every inventory lists the same.
     *
     * @return never null
     * @since 0.4
     */
    public List<AnalyzerInfo> analyzerInfo() {
        return analyzerInfo;
    }

    /**
     * Problems met while discovering analyzers (a plugin jar that cannot be read, a provider that
     * cannot be loaded), each naming the jar and the cause; every inventory repeats them.
     *
     * @return never null
     * @since 0.4
     */
    public List<Diagnostic> discoveryDiagnostics() {
        return discoveryDiagnostics;
    }

    /**
     * Scans an image and returns its inventory.
     *
     * @throws ImageAccessException when the image cannot be opened at all
     * @throws InterruptedException when the calling thread is interrupted
     */
    public Inventory inventory(ImageReference reference) throws ImageAccessException, InterruptedException {
        Objects.requireNonNull(reference, "reference");
        try (ImageSource source = open(reference)) {
            boolean remote = reference.transport() == ImageReference.Transport.REGISTRY;
            ScannedImage scanned = source.read(reader(), remote ? registryExecutor() : executor);
            return fold(scanned.image(), scanned.layers(), scanned.diagnostics());
        } catch (IOException e) {
            throw new ImageAccessException(reference + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads an image's manifest and config, and none of its layers: the first of the three steps
     * that scan an image layer by layer, each layer possibly elsewhere and once for many images.
     * {@code assemble(plan, [analyzeLayer(plan, 0), ..., analyzeLayer(plan, n - 1)])} with
     * {@code plan = resolve(reference)} gives the inventory that {@link #inventory(ImageReference)}
     * gives.
     *
     * <pre>{@code
     * ImagePlan plan = scanner.resolve(ImageReference.parse("registry:registry.example/app:1.0"));
     * List<LayerAnalysis> layers = new ArrayList<>();
     * for (int i = 0; i < plan.layerCount(); i++) {
     *     layers.add(scanner.analyzeLayer(plan, i));   // or a cached analysis of the same diffID
     * }
     * Inventory inventory = scanner.assemble(plan, layers);
     * }</pre>
     *
     * <p>Registry images, OCI layouts and uncompressed archives can be read this way; compressed
     * archives and root filesystem directories, which deliver their layers in one pass, cannot.
     *
     * @return never null
     * @throws ImageAccessException when the image cannot be opened, or not layer by layer
     * @throws InterruptedException when the calling thread is interrupted
     * @since 0.4
     */
    public ImagePlan resolve(ImageReference reference) throws ImageAccessException, InterruptedException {
        Objects.requireNonNull(reference, "reference");
        try (ImageSource source = open(reference)) {
            return new ImagePlan(reference.text(), source.resolve());
        } catch (IOException e) {
            throw new ImageAccessException(reference + ": " + e.getMessage(), e);
        }
    }

    /**
     * Walks one layer of a resolved image with this scanner's analyzers, as
     * {@link #inventory(ImageReference)} walks each: on the calling thread, with this scanner's
     * persistent and in-memory layer caches and registry options. The plan may come from another
     * scanner or process; the image is opened again from {@link ImagePlan#reference()}. Bad content
     * in the layer becomes diagnostics in the analysis, as in a scan.
     *
     * @param plan the image, from {@link #resolve}
     * @param layer the layer's index, from 0 (bottom)
     * @return the analysis, valid for any image with a layer of the same diffID; never null
     * @throws IndexOutOfBoundsException when the plan has no such layer
     * @throws ImageAccessException when the image can no longer be opened, or the layer's blob
     *     differs from its digest in a registry
     * @throws InterruptedException when the calling thread is interrupted
     * @since 0.4
     */
    public LayerAnalysis analyzeLayer(ImagePlan plan, int layer) throws ImageAccessException, InterruptedException {
        Objects.requireNonNull(plan, "plan");
        Objects.checkIndex(layer, plan.layerCount());
        try (ImageSource source = open(ImageReference.parse(plan.reference()))) {
            LayerResult result = source.walk(plan.resolved(), layer, reader());
            return new LayerAnalysis(plan.image().layer(layer).diffId(), fingerprint, result);
        } catch (IOException e) {
            throw new ImageAccessException(plan.reference() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Folds the analyses of an image's layers bottom up (whiteouts, opaque directories,
     * replaced package databases) into its inventory, as {@link #inventory(ImageReference)} does.
     *
     * @param plan the image, from {@link #resolve}
     * @param layers one analysis per layer of the plan, in layer order; each must be of the layer's
     *     diffID, and made by a scanner with the same analyzers and options as this one
     * @return never null
     * @throws IllegalArgumentException when the analyses do not fit the plan or this scanner
     * @since 0.4
     */
    public Inventory assemble(ImagePlan plan, List<LayerAnalysis> layers) {
        Objects.requireNonNull(plan, "plan");
        List<LayerAnalysis> given = List.copyOf(layers);
        if (given.size() != plan.layerCount()) {
            throw new IllegalArgumentException(given.size() + " layer analyses for " + plan.layerCount() + " layers of "
                    + plan.reference());
        }
        List<LayerResult> results = new ArrayList<>(given.size());
        for (int i = 0; i < given.size(); i++) {
            LayerAnalysis a = given.get(i);
            String diffId = plan.image().layer(i).diffId();
            if (!a.diffId().equals(diffId)) {
                throw new IllegalArgumentException("layer " + i + " of " + plan.reference() + " is " + diffId
                        + ", the analysis is of " + a.diffId());
            }
            if (!a.fingerprint().equals(fingerprint)) {
                throw new IllegalArgumentException("the analysis of " + a.diffId()
                        + " was made with other analyzers or options than this scanner's");
            }
            results.add(a.result().withLayer(i));
        }
        return fold(plan.image(), results, plan.diagnostics());
    }

    /**
     * Lists the repositories of a registry ({@code GET /v2/_catalog}, followed page by page), with
     * this scanner's registry options and credentials: to scan everything a registry holds.
     * Registries serve the catalog to authorised users only, if at all (Docker Hub does not).
     *
     * @param registry {@code HOST[:PORT]}
     * @return the repository names, in the registry's order; never null
     * @throws IllegalArgumentException when {@code registry} is not a registry host
     * @throws ImageAccessException when the registry cannot be reached or refuses the listing
     * @throws InterruptedException when the calling thread is interrupted
     * @since 0.4
     */
    public List<String> repositories(String registry) throws ImageAccessException, InterruptedException {
        Objects.requireNonNull(registry, "registry");
        try {
            return RegistryListing.repositories(registry, this.registry);
        } catch (IOException e) {
            throw new ImageAccessException(registry + ": " + e.getMessage(), e);
        }
    }

    /**
     * Lists the tags of a repository ({@code GET /v2/<name>/tags/list}, followed page by page), with
     * this scanner's registry options and credentials.
     *
     * @param repository {@code HOST[:PORT]/NAME}
     * @return the tags, in the registry's order; never null
     * @throws IllegalArgumentException when {@code repository} is not a repository reference
     * @throws ImageAccessException when the registry cannot be reached or the repository is unknown
     * @throws InterruptedException when the calling thread is interrupted
     * @since 0.4
     */
    public List<String> tags(String repository) throws ImageAccessException, InterruptedException {
        Objects.requireNonNull(repository, "repository");
        try {
            return RegistryListing.tags(repository, registry);
        } catch (IOException e) {
            throw new ImageAccessException(repository + ": " + e.getMessage(), e);
        }
    }

    private LayerReader reader() {
        return new LayerReader(index, sharedBuffer, listener::layerWalked, layerStore);
    }

    /** The inventory of an image from its walked layers: what every scan ends with. */
    private Inventory fold(Image image, List<LayerResult> layers, List<Diagnostic> sourceDiagnostics) {
        List<Diagnostic> diagnostics = new ArrayList<>(discoveryDiagnostics);
        diagnostics.addAll(sourceDiagnostics);
        return Applier.apply(image, layers, diagnostics).withAnalyzers(analyzerInfo);
    }

    /** Parses the reference and scans the image; see {@link #inventory(ImageReference)}. */
    public Inventory inventory(String reference) throws ImageAccessException, InterruptedException {
        return inventory(ImageReference.parse(reference));
    }

    private ImageSource open(ImageReference ref) throws ImageAccessException {
        String text = ref.text();
        if (ref.transport() == ImageReference.Transport.REGISTRY) {
            return new RegistrySource(ref.location(), text, platform, registry, layerCache);
        }
        Path path;
        try {
            path = ref.path();
        } catch (InvalidPathException e) {
            throw new ImageAccessException(text + ": not a valid path: " + e.getMessage(), e);
        }
        return switch (ref.transport()) {
            case DOCKER_ARCHIVE -> new ArchiveSource(path, text, ref.tag(), platform, ArchiveSource.Preference.DOCKER);
            case OCI_ARCHIVE -> new ArchiveSource(path, text, ref.tag(), platform, ArchiveSource.Preference.OCI);
            case OCI_LAYOUT -> new OciLayoutSource(path, text, ref.tag(), platform);
            case DIRECTORY -> new RootfsSource(path, text);
            case REGISTRY -> throw new IllegalStateException("handled above");
            case AUTO -> {
                if (Files.isDirectory(path)) {
                    yield OciLayoutSource.isLayout(path)
                            ? new OciLayoutSource(path, text, ref.tag(), platform)
                            : new RootfsSource(path, text);
                }
                if (!Files.exists(path)) {
                    throw new ImageAccessException(text + ": no such file or directory");
                }
                yield new ArchiveSource(path, text, ref.tag(), platform, ArchiveSource.Preference.DOCKER);
            }
        };
    }

    /**
     * The pool registry layers are walked on: the caller's executor when one was given, else a
     * pool of its own, made at the first registry scan, with more threads than the local one
     * (downloads wait on the network as much as on the CPU).
     */
    private synchronized ExecutorService registryExecutor() {
        if (!ownsExecutor) {
            return executor;
        }
        if (registryExecutor == null) {
            registryExecutor = Executors.newFixedThreadPool(registryConnections, new LayerThreads());
        }
        return registryExecutor;
    }

    /** Shuts down the layer pools the scanner created and the registry request threads. */
    @Override
    public void close() {
        registry.close();
        if (ownsExecutor) {
            executor.shutdownNow();
            synchronized (this) {
                if (registryExecutor != null) {
                    registryExecutor.shutdownNow();
                }
            }
        }
    }

    /**
     * Configures an {@link ImageScanner}. Each option may be set once. Not thread-safe. The
     * registry options are {@link RegistryOptions}'.
     */
    public static final class Builder extends RegistryOptions<Builder> {
        private List<Analyzer> analyzers;
        private ClassLoader classLoader;
        private ExecutorService executor;
        private int parallelism = Runtime.getRuntime().availableProcessors();
        private Platform platform = Platform.DEFAULT;
        private long sharedBuffer = DEFAULT_SHARED_BUFFER;
        private ScanListener listener = ScanListener.NONE;
        private int layerCache;
        private Path persistentCacheDir;
        private long persistentCacheBytes;
        private int registryConnections;

        private Builder() {
        }

        @Override
        Builder self() {
            return this;
        }

        /** Uses exactly these analyzers instead of discovering them with ServiceLoader. */
        public Builder analyzers(List<? extends Analyzer> value) {
            once("analyzers");
            this.analyzers = List.copyOf(value);
            return this;
        }

        /** Discovers analyzers through this class loader (default: the scanner's own). */
        public Builder classLoader(ClassLoader value) {
            once("classLoader");
            this.classLoader = Objects.requireNonNull(value, "classLoader");
            return this;
        }

        /** Walks layers on this executor, which the caller owns and shuts down. */
        public Builder executor(ExecutorService value) {
            once("executor");
            this.executor = Objects.requireNonNull(value, "executor");
            return this;
        }

        /**
         * Number of layers walked at once by the scanner's own pool (default: available
         * processors); registry images use {@link #registryConnections} instead.
         */
        public Builder parallelism(int value) {
            once("parallelism");
            if (value < 1) {
                throw new IllegalArgumentException("parallelism must be >= 1: " + value);
            }
            this.parallelism = value;
            return this;
        }

        /**
         * The platform chosen from multi-platform indexes, {@code os/arch[/variant]} (default
         * {@code linux/amd64}).
         *
         * @throws IllegalArgumentException when the text is not a platform
         */
        public Builder platform(String value) {
            once("platform");
            this.platform = Platform.parse(value);
            return this;
        }

        /** Largest file buffered in memory when several analyzers want the same file (default 32 MiB). */
        public Builder sharedBufferSize(long bytes) {
            once("sharedBufferSize");
            if (bytes < 0 || bytes > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("shared buffer size out of range: " + bytes);
            }
            this.sharedBuffer = bytes;
            return this;
        }

        /**
         * Number of registry layers downloaded and walked at once (default: the larger of 4 and
         * {@link #parallelism}). A download waits on the network as much as on the CPU, so a
         * registry scan keeps more layers in flight than there are cores; each may buffer up to
         * {@link #sharedBufferSize} like any walk. Not used when an {@link #executor} is given: the
         * caller's pool sizes every scan.
         *
         * @since 0.3
         */
        public Builder registryConnections(int value) {
            once("registryConnections");
            if (value < 1) {
                throw new IllegalArgumentException("registryConnections must be >= 1: " + value);
            }
            this.registryConnections = value;
            return this;
        }

        /**
         * Remembers the analysis of up to {@code maxLayers} registry layers, by blob digest, for
         * the later scans of this scanner: an image whose layers were seen before (another tag, a
         * rebuild on the same base image) is then read without downloading them again. Blobs are
         * content-addressed and verified while they stream, and the analyzers of a scanner never
         * change, so a remembered result is what reading the layer again would give; layers that
         * had an ERROR (a broken download) are not remembered. Default 0: off. Memory grows with
         * the packages and selected files of the layers kept, not with their size.
         *
         * @since 0.3
         */
        public Builder layerCache(int maxLayers) {
            once("layerCache");
            if (maxLayers < 0) {
                throw new IllegalArgumentException("layerCache must be >= 0: " + maxLayers);
            }
            this.layerCache = maxLayers;
            return this;
        }

        /**
         * Keeps the analysis of every layer with a known diffID in {@code directory}, for later
         * scans by any scanner or process using the same directory: a layer found there is not read
         * at all (a registry layer is not downloaded). Entries are keyed by the layer's diffID with
         * the analyzers' ids, versions and origins and the options that change a walk's result,
         * stored only when the layer's uncompressed content matched its diffID and the walk had no
         * ERROR, written atomically (several processes may share the directory, no lock is held),
         * checksummed (a damaged entry is a miss with an INFO diagnostic) and bounded: when the
         * entries take more than {@code maxBytes}, the least recently used are deleted. Layers of
         * root filesystem directories and of compressed archives (read in one sequential pass) are
         * not cached. Default: off.
         *
         * @param directory where the entries are kept (created when needed), e.g.
         *     {@code ~/.cache/tarsier/layers}
         * @param maxBytes the most the entries may take together; 0 disables the cache
         * @throws IllegalArgumentException when {@code maxBytes} is negative
         * @since 0.4
         */
        public Builder persistentLayerCache(Path directory, long maxBytes) {
            once("persistentLayerCache");
            Objects.requireNonNull(directory, "directory");
            if (maxBytes < 0) {
                throw new IllegalArgumentException("persistent layer cache size must be >= 0: " + maxBytes);
            }
            this.persistentCacheDir = directory;
            this.persistentCacheBytes = maxBytes;
            return this;
        }

        /** Receives progress (layers walked); the default ignores it. */
        public Builder listener(ScanListener value) {
            once("listener");
            this.listener = Objects.requireNonNull(value, "listener");
            return this;
        }

        /**
         * Builds the scanner (discovering analyzers now, unless an explicit list was given).
         *
         * @throws IllegalArgumentException when two analyzers have the same id (the message names
         *     the plugin jar involved, if any), or an analyzer has no id or selector
         */
        public ImageScanner build() {
            return new ImageScanner(this);
        }
    }

    private static final class LayerThreads implements ThreadFactory {
        private static final AtomicInteger POOLS = new AtomicInteger();
        private final int pool = POOLS.incrementAndGet();
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "tarsier-layers-" + pool + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    }
}
