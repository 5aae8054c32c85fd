package dev.tarsier.core.internal.source;

import dev.tarsier.core.ImageAccessException;
import dev.tarsier.core.internal.walk.LayerReader;
import dev.tarsier.core.internal.walk.LayerResult;

import java.io.Closeable;
import java.util.concurrent.ExecutorService;

/**
 * An opened image: knows its format and how to deliver every layer to the walker exactly once.
 * Seekable sources (uncompressed archives, layout directories, registries) read layers in parallel;
 * a compressed archive is read in one sequential pass.
 */
public interface ImageSource extends Closeable {

    /**
     * Reads the image and walks each of its layers once.
     *
     * @param reader the layer walker
     * @param executor where layer walks may run in parallel
     * @throws ImageAccessException when the image as a whole cannot be read
     * @throws InterruptedException when the scan was interrupted
     */
    ScannedImage read(LayerReader reader, ExecutorService executor) throws ImageAccessException, InterruptedException;

    /**
     * Reads the image's manifest and config without reading any layer, for scans that walk layers
     * one by one (elsewhere, later, or once for many images). Sources that can only deliver their
     * layers in one pass (a compressed archive, a root filesystem directory) refuse.
     *
     * @throws ImageAccessException when the image cannot be read, or not layer by layer
     * @throws InterruptedException when interrupted
     */
    default ResolvedImage resolve() throws ImageAccessException, InterruptedException {
        throw new ImageAccessException(getClass().getSimpleName() + " images cannot be read one layer at a time");
    }

    /**
     * Walks one layer of an image this source resolved (possibly in another process), as
     * {@link #read} walks each; attributed to index {@code layer}.
     *
     * @throws ImageAccessException when the layer cannot be read in a way that makes the image unreadable
     *     (a registry blob that differs from its digest)
     * @throws InterruptedException when interrupted
     */
    default LayerResult walk(ResolvedImage image, int layer, LayerReader reader)
            throws ImageAccessException, InterruptedException {
        throw new ImageAccessException(getClass().getSimpleName() + " images cannot be read one layer at a time");
    }
}
