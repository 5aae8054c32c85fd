package dev.tarsier.core.internal.registry;

import dev.tarsier.api.Diagnostic;
import dev.tarsier.core.internal.walk.LayerResult;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The analysis of registry layers already read by one scanner, keyed by blob digest, least recently
 * used first out. A layer blob is content-addressed and its digest was verified while it streamed,
 * and a scanner's analyzers never change, so a later image with the same layer (another tag, a
 * rebuilt image on the same base) gets the same result without downloading it again. Only clean
 * results are kept: a layer with an ERROR diagnostic (a broken download, a corrupt archive) is
 * read again next time. Thread-safe.
 */
public final class LayerCache {

    /** No caching. */
    public static final LayerCache NONE = new LayerCache(0);

    private final int capacity;
    private final Map<String, LayerResult> entries;

    /** @param capacity layers kept at most; 0 keeps none */
    public LayerCache(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must be >= 0: " + capacity);
        }
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, LayerResult> eldest) {
                return size() > LayerCache.this.capacity;
            }
        };
    }

    /** The result remembered for this blob digest. */
    public synchronized Optional<LayerResult> get(String digest) {
        return capacity == 0 ? Optional.empty() : Optional.ofNullable(entries.get(digest));
    }

    /** Remembers a layer's result unless it carries an ERROR diagnostic. */
    public synchronized void put(String digest, LayerResult result) {
        if (capacity == 0 || result.diagnostics().stream().anyMatch(d -> d.severity() == Diagnostic.Severity.ERROR)) {
            return;
        }
        entries.put(digest, result);
    }

    /** Layers remembered now. */
    public synchronized int size() {
        return entries.size();
    }
}
