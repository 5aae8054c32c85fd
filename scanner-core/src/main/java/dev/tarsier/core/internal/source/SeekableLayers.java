package dev.tarsier.core.internal.source;

import dev.tarsier.api.Diagnostic;
import dev.tarsier.core.internal.walk.LayerReader;
import dev.tarsier.core.internal.walk.LayerResult;
import dev.tarsier.core.internal.walk.LayerWalk;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
        List<String> keys = resolved.layerKeys();
        Map<String, Future<LayerResult>> byKey = new HashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            String key = keys.get(i);
            if (byKey.containsKey(key)) {
                continue;
            }
            int layer = i;
            Optional<String> digest = resolved.layerDigests().get(i);
            byKey.put(key, executor.submit(() -> walk(layer, key, digest, opener, reader)));
        }
        List<LayerResult> results = new ArrayList<>(keys.size());
        try {
            for (int i = 0; i < keys.size(); i++) {
                results.add(byKey.get(keys.get(i)).get().withLayer(i));
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("layer walk failed unexpectedly", e.getCause());
        } catch (InterruptedException e) {
            byKey.values().forEach(f -> f.cancel(true));
            throw e;
        }
        return new ScannedImage(resolved.image(), results, resolved.diagnostics());
    }

    private static LayerResult walk(int layer, String key, Optional<String> digest, Opener opener, LayerReader reader)
            throws IOException {
        InputStream in;
        try {
            in = opener.open(key);
        } catch (IOException e) {
            LayerWalk walk = reader.newWalk(layer);
            walk.diagnostic(Diagnostic.Severity.ERROR, Diagnostic.SCANNER, null,
                    "cannot open layer blob " + key + ": " + e.getMessage());
            return walk.finish();
        }
        return reader.read(layer, key, in, digest);
    }
}
