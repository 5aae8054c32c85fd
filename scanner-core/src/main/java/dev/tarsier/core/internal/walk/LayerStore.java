package dev.tarsier.core.internal.walk;

import java.util.Optional;

/**
 * Where the analysis of layers outlives a scan: looked up by diffID before a layer is opened, and
 * given each layer walked whose content was verified against its diffID. Implementations must be
 * thread-safe (layers are walked in parallel) and must never throw: a store that cannot read or
 * write is a miss.
 */
public interface LayerStore {

    /** Stores nothing and finds nothing. */
    LayerStore NONE = new LayerStore() {
        @Override
        public Lookup lookup(String diffId) {
            return Lookup.MISS;
        }

        @Override
        public void store(String diffId, LayerResult result) {
        }

        @Override
        public boolean enabled() {
            return false;
        }
    };

    /**
     * The outcome of a lookup: a result, or a miss, possibly with the reason a stored entry could
     * not be used (corrupt, truncated, another format version), which the scan reports.
     */
    record Lookup(Optional<LayerResult> result, Optional<String> problem) {
        public static final Lookup MISS = new Lookup(Optional.empty(), Optional.empty());

        public static Lookup hit(LayerResult result) {
            return new Lookup(Optional.of(result), Optional.empty());
        }

        public static Lookup unusable(String problem) {
            return new Lookup(Optional.empty(), Optional.of(problem));
        }
    }

    /** The stored analysis of the layer with this diffID ({@code sha256:<hex>}). */
    Lookup lookup(String diffId);

    /** Stores the analysis of the layer with this diffID; the content was verified against it. */
    void store(String diffId, LayerResult result);

    /** Whether lookups can ever hit (sources skip preparatory work otherwise). */
    default boolean enabled() {
        return true;
    }
}
