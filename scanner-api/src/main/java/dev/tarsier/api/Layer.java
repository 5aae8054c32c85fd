package dev.tarsier.api;

import java.util.Objects;
import java.util.Optional;

/**
 * One layer of an image, bottom layer first.
 *
 * @param index position in the image's layer list, starting at 0 for the base layer
 * @param diffId digest of the uncompressed layer tar ({@code sha256:...}); for a root filesystem
 *     source, a synthetic id; never null
 * @param digest digest of the layer blob as stored (possibly compressed), when the source has one
 * @param createdBy the history command that produced this layer (for example a Dockerfile
 *     instruction), when the image config records it
 * @since 0.1
 */
public record Layer(int index, String diffId, Optional<String> digest, Optional<String> createdBy) {

    public Layer {
        if (index < 0) {
            throw new IllegalArgumentException("layer index must be >= 0: " + index);
        }
        Objects.requireNonNull(diffId, "diffId");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(createdBy, "createdBy");
    }
}
