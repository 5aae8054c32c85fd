package dev.tarsier.core.internal.source;

import dev.tarsier.api.Diagnostic;
import dev.tarsier.api.Image;
import dev.tarsier.core.internal.walk.LayerResult;

import java.util.List;

/** An image with the result of walking each of its layers, in layer order. */
public record ScannedImage(Image image, List<LayerResult> layers, List<Diagnostic> diagnostics) {

    public ScannedImage {
        layers = List.copyOf(layers);
        diagnostics = List.copyOf(diagnostics);
        if (layers.size() != image.layers().size()) {
            throw new IllegalArgumentException(layers.size() + " layer results for " + image.layers().size() + " layers");
        }
    }
}
