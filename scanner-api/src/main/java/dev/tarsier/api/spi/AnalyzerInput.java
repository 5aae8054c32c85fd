package dev.tarsier.api.spi;

import dev.tarsier.api.Location;

import java.io.InputStream;
import java.util.Optional;

/**
 * One regular file of one layer, offered to an analyzer.
 *
 * @since 0.1
 */
public interface AnalyzerInput {

    /** Normalised relative path of the file (no leading {@code /} or {@code ./}); never null. */
    String path();

    /** Size of the file in bytes. */
    long size();

    /** Unix permission bits of the file ({@code 0755} and so on). */
    int mode();

    /** Whether any execute bit is set in {@link #mode()}. */
    default boolean isExecutable() {
        return (mode() & 0111) != 0;
    }

    /** Index of the layer the file is in. */
    int layer();

    /** The file's location: this layer and this path. */
    default Location location() {
        return new Location(layer(), path());
    }

    /**
     * The content of the file: a stream of exactly {@link #size()} bytes, readable once. Closing it
     * is allowed and does not close the layer. Never null.
     */
    InputStream stream();

    /**
     * The content of the companion file {@code path() + suffix} of the same layer, when the
     * analyzer declares the suffix in {@link Analyzer#companionSuffixes()} and the layer has it.
     *
     * @since 0.2
     */
    default Optional<InputStream> companion(String suffix) {
        return Optional.empty();
    }
}
