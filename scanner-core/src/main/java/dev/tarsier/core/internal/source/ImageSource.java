package dev.tarsier.core.internal.source;

import dev.tarsier.core.ImageAccessException;
import dev.tarsier.core.internal.walk.LayerReader;

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
}
