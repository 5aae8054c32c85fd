package dev.tarsier.core.internal.source;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tarsier.api.Diagnostic;
import dev.tarsier.api.Layer;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The parts of an image config (OCI image-spec config.md; Docker's image JSON) a scan needs:
 * {@code rootfs.diff_ids}, {@code history} and the platform.
 */
public record ImageConfig(List<String> diffIds, List<String> createdBy, Optional<Platform> platform) {

    /**
     * Parses a config document. {@code history} entries with {@code empty_layer: true} produced no
     * layer (ENV, LABEL, CMD...) and are skipped when pairing history with layers.
     */
    public static ImageConfig parse(JsonNode config) {
        List<String> diffIds = new ArrayList<>();
        for (JsonNode d : config.path("rootfs").path("diff_ids")) {
            diffIds.add(d.asText());
        }
        List<String> createdBy = new ArrayList<>();
        for (JsonNode h : config.path("history")) {
            if (!h.path("empty_layer").asBoolean(false)) {
                createdBy.add(h.path("created_by").asText(""));
            }
        }
        Optional<Platform> platform = Optional.empty();
        if (config.hasNonNull("os") && config.hasNonNull("architecture")) {
            platform = Optional.of(new Platform(config.get("os").asText(), config.get("architecture").asText(),
                    config.path("variant").asText("")));
        }
        return new ImageConfig(diffIds, createdBy, platform);
    }

    /**
     * Builds the layer list, pairing the i-th non-empty history entry with the i-th layer.
     *
     * @param layerCount number of layers in the manifest
     * @param blobDigests blob digest per layer when known
     * @param diagnostics receives a note when history and layers disagree in number
     */
    public List<Layer> layers(int layerCount, List<Optional<String>> blobDigests, List<Diagnostic> diagnostics) {
        if (diffIds.size() != layerCount) {
            diagnostics.add(new Diagnostic(Diagnostic.Severity.WARNING, Diagnostic.SCANNER,
                    OptionalInt.empty(), Optional.empty(),
                    "image config lists " + diffIds.size() + " diff_ids but the manifest has " + layerCount + " layers"));
        }
        if (!createdBy.isEmpty() && createdBy.size() != layerCount) {
            diagnostics.add(new Diagnostic(Diagnostic.Severity.INFO, Diagnostic.SCANNER,
                    OptionalInt.empty(), Optional.empty(),
                    "image history has " + createdBy.size() + " non-empty entries for " + layerCount
                            + " layers; layer commands may be incomplete"));
        }
        List<Layer> layers = new ArrayList<>(layerCount);
        for (int i = 0; i < layerCount; i++) {
            String diffId = i < diffIds.size() ? diffIds.get(i) : blobDigests.get(i).orElse("unknown:" + i);
            Optional<String> command = i < createdBy.size() && !createdBy.get(i).isEmpty()
                    ? Optional.of(createdBy.get(i)) : Optional.empty();
            layers.add(new Layer(i, diffId, blobDigests.get(i), command));
        }
        return layers;
    }
}
