package dev.tarsier.core.internal.source;

import dev.tarsier.api.Diagnostic;
import dev.tarsier.api.Image;

import java.util.List;
import java.util.Optional;

/**
 * An image whose manifest and config were read: the image model plus, per layer, where its blob is
 * in the source ({@code layerKeys}: an archive member or layout path) and its digest when known.
 */
public record ResolvedImage(Image image, List<String> layerKeys, List<Optional<String>> layerDigests,
                            List<Diagnostic> diagnostics) {

    public ResolvedImage {
        layerKeys = List.copyOf(layerKeys);
        layerDigests = List.copyOf(layerDigests);
        diagnostics = List.copyOf(diagnostics);
    }
}
