package dev.tarsier.core.internal.source;

import java.io.IOException;
import java.util.Optional;

/** Reads small metadata files (JSON documents) of an image by their path in the layout. */
@FunctionalInterface
public interface BlobReader {

    /** Largest metadata document read into memory: 16 MiB. */
    int MAX_METADATA = 16 << 20;

    /**
     * Reads the file at {@code path} (for example {@code index.json} or {@code blobs/sha256/<hex>}).
     *
     * @return the bytes, or empty when there is no such file
     * @throws IOException when it exists but cannot be read, or exceeds {@link #MAX_METADATA}
     */
    Optional<byte[]> read(String path) throws IOException;
}
