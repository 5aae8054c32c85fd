package dev.tarsier.core.internal.source;

import dev.tarsier.api.Diagnostic;
import dev.tarsier.core.internal.walk.LayerReader;
import dev.tarsier.core.internal.walk.LayerResult;
import dev.tarsier.core.internal.walk.LayerWalk;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Walks the layers of a source that can open each layer blob independently, in parallel on the
 * given executor. A blob used by several layers is walked once.
 */
public final class SeekableLayers {

    /** Opens one layer blob by its key in the source. */
    @FunctionalInterface
    public interface Opener {
        InputStream open(String key) throws IOException;
    }

    private SeekableLayers() {
    }

    /** Walks every layer of the resolved image and returns the scanned image. */
    public static ScannedImage read(ResolvedImage resolved, Opener opener, LayerReader reader, ExecutorService executor)
            throws InterruptedException {
        List<Optional<String>> diffIds = resolved.image().layers().stream().map(l -> Optional.of(l.diffId())).toList();
        List<LayerResult> results = start(resolved.layerKeys(), resolved.layerDigests(), diffIds, Map.of(), opener,
                reader, executor).await();
        return new ScannedImage(resolved.image(), results, resolved.diagnostics());
    }

    /**
     * Starts walking the layers on the executor and returns at once, so that the caller can fetch
     * what else the image needs (a registry's config) while the layers stream.
     *
     * @param keys where each layer's blob is, in image order
     * @param digests each layer's digest when the walker should verify it
     * @param diffIds each layer's diffID when known: the reader's {@link dev.tarsier.core.internal.walk.LayerStore}
     *     is asked for it before the blob is opened (a hit never opens it), and given the walk's result
     * @param known results already known by key (a cache): those blobs are not opened
     */
    public static Walks start(List<String> keys, List<Optional<String>> digests, List<Optional<String>> diffIds,
                              Map<String, LayerResult> known, Opener opener, LayerReader reader,
                              ExecutorService executor) {
        Map<String, Future<LayerResult>> byKey = new HashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            String key = keys.get(i);
            if (byKey.containsKey(key)) {
                continue;
            }
            if (known.containsKey(key)) {
                byKey.put(key, CompletableFuture.completedFuture(known.get(key)));
                continue;
            }
            int layer = i;
            Optional<String> digest = digests.get(i);
            Optional<String> diffId = i < diffIds.size() ? diffIds.get(i) : Optional.empty();
            byKey.put(key, executor.submit(() -> walk(layer, key, digest, diffId, opener, reader)));
        }
        return new Walks(List.copyOf(keys), byKey);
    }

    /** Layer walks under way. */
    public static final class Walks {

        private final List<String> keys;
        private final Map<String, Future<LayerResult>> byKey;

        private Walks(List<String> keys, Map<String, Future<LayerResult>> byKey) {
            this.keys = keys;
            this.byKey = byKey;
        }

        /** Waits for every layer and returns the results in image order; cancels them all when interrupted. */
        public List<LayerResult> await() throws InterruptedException {
            List<LayerResult> results = new ArrayList<>(keys.size());
            try {
                for (int i = 0; i < keys.size(); i++) {
                    results.add(byKey.get(keys.get(i)).get().withLayer(i));
                }
            } catch (ExecutionException e) {
                throw new IllegalStateException("layer walk failed unexpectedly", e.getCause());
            } catch (InterruptedException e) {
                cancel();
                throw e;
            }
            return results;
        }

        /** Stops the walks (interrupting the layer threads) when the image turns out unreadable. */
        public void cancel() {
            byKey.values().forEach(f -> f.cancel(true));
        }
    }

    /** Walks one layer of the resolved image, as {@link #read} walks each of them. */
    public static LayerResult walk(ResolvedImage resolved, int layer, Opener opener, LayerReader reader)
            throws IOException, InterruptedException {
        try {
            return walk(layer, resolved.layerKeys().get(layer), resolved.layerDigests().get(layer),
                    Optional.of(resolved.image().layer(layer).diffId()), opener, reader);
        } catch (InterruptedIOException e) {
            throw (InterruptedException) new InterruptedException(e.getMessage()).initCause(e);
        }
    }

    /**
     * Walks one layer: the reader's store is asked for its diffID first (a hit never opens the blob),
     * and a blob that cannot be opened becomes a layer with an ERROR diagnostic.
     *
     * @param layer the layer index the result is attributed to
     * @param key where the layer's blob is in the source
     * @param digest the blob's digest when the walker should verify it
     * @param diffId the layer's diffID when known
     */
    public static LayerResult walk(int layer, String key, Optional<String> digest, Optional<String> diffId,
                                   Opener opener, LayerReader reader) throws IOException {
        LayerReader.Cached cached = reader.cached(layer, diffId);
        if (cached.result().isPresent()) {
            return cached.result().get();
        }
        LayerResult result = open(layer, key, digest, diffId, opener, reader);
        return cached.problem().map(result::withDiagnostic).orElse(result);
    }

    private static LayerResult open(int layer, String key, Optional<String> digest, Optional<String> diffId,
                                    Opener opener, LayerReader reader) throws IOException {
        InputStream in;
        try {
            in = opener.open(key);
        } catch (IOException e) {
            LayerWalk walk = reader.newWalk(layer);
            walk.diagnostic(Diagnostic.Severity.ERROR, Diagnostic.SCANNER, null,
                    "cannot open layer blob " + key + ": " + e.getMessage());
            return walk.finish();
        }
        return reader.read(layer, key, in, digest, diffId);
    }
}
