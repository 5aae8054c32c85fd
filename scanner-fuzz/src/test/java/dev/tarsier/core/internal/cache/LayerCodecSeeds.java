package dev.tarsier.core.internal.cache;

import dev.tarsier.api.spi.Analyzer;
import dev.tarsier.core.internal.walk.LayerReader;
import dev.tarsier.core.internal.walk.LayerResult;
import dev.tarsier.core.internal.walk.SelectorIndex;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Optional;
import java.util.ServiceLoader;

/** Seeds for {@link LayerCodecFuzzTest}: the payload of the entry a real walk of a layer caches. */
public final class LayerCodecSeeds {

    private LayerCodecSeeds() {
    }

    /** Walks the layer tar with every discovered analyzer and returns the entry's payload (no envelope). */
    public static byte[] payload(byte[] layerTar) {
        SelectorIndex index = new SelectorIndex(ServiceLoader.load(Analyzer.class).stream().map(ServiceLoader.Provider::get).toList());
        try {
            LayerResult result = new LayerReader(index, 1 << 20).read(0, new ByteArrayInputStream(layerTar), Optional.empty());
            byte[] entry = LayerCodec.encode(LayerCodecFuzzTest.KEY, result);
            return Arrays.copyOfRange(entry, 16, entry.length - 4);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
