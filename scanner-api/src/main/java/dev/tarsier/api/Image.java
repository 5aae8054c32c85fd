package dev.tarsier.api;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the image source tells about an image before any layer is read.
 *
 * @param source the reference the image was opened from, as the user wrote it (for example
 *     {@code oci:/tmp/layout:1.0}); never null
 * @param digest digest identifying the image: the manifest digest when the source has a manifest,
 *     otherwise the config digest, otherwise a digest computed from the layer diffIds; never null
 * @param platform {@code os/arch[/variant]} from the image config, when known
 * @param tags repository tags the source associates with the image; never null
 * @param layers the layers, bottom first, index equal to position; never null
 * @since 0.1
 */
public record Image(String source, String digest, Optional<String> platform, List<String> tags,
                    List<Layer> layers) {

    public Image {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(platform, "platform");
        tags = List.copyOf(tags);
        layers = List.copyOf(layers);
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i).index() != i) {
                throw new IllegalArgumentException("layer at position " + i + " has index "
                        + layers.get(i).index());
            }
        }
    }

    /**
     * Returns the layer with the given index.
     *
     * @throws IndexOutOfBoundsException if there is no such layer
     */
    public Layer layer(int index) {
        return layers.get(index);
    }
}
