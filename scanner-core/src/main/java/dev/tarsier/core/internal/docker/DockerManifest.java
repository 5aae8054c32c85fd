package dev.tarsier.core.internal.docker;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tarsier.api.Diagnostic;
import dev.tarsier.api.Image;
import dev.tarsier.api.Layer;
import dev.tarsier.core.ImageAccessException;
import dev.tarsier.core.internal.source.BlobReader;
import dev.tarsier.core.internal.source.ImageConfig;
import dev.tarsier.core.internal.source.Json;
import dev.tarsier.core.internal.source.ResolvedImage;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the {@code manifest.json} of a {@code docker save} archive:
 * {@code [{"Config": "<path>", "RepoTags": ["name:tag"], "Layers": ["<path>", ...]}]}. Classic
 * archives name layers {@code <id>/layer.tar}; Docker 25+ archives point into the OCI
 * {@code blobs/sha256/} directory of the same tar.
 */
public final class DockerManifest {

    private DockerManifest() {
    }

    /**
     * Resolves the image in the archive.
     *
     * @param tag a tag or {@code name:tag} to choose among several images; empty takes the only one
     * @throws ImageAccessException when the manifest is missing or broken, or the tag is ambiguous or absent
     */
    public static ResolvedImage resolve(BlobReader blobs, String source, Optional<String> tag) throws ImageAccessException {
        JsonNode manifest = Json.required(blobs, "manifest.json", source);
        if (!manifest.isArray() || manifest.isEmpty()) {
            throw new ImageAccessException(source + ": manifest.json lists no image");
        }
        JsonNode chosen = null;
        List<String> allTags = new ArrayList<>();
        for (JsonNode entry : manifest) {
            for (JsonNode t : entry.path("RepoTags")) {
                allTags.add(t.asText());
                if (tag.isPresent() && (t.asText().equals(tag.get()) || t.asText().endsWith(":" + tag.get()))) {
                    chosen = entry;
                }
            }
        }
        if (tag.isPresent() && chosen == null) {
            throw new ImageAccessException(source + ": no image tagged '" + tag.get() + "' (tags: " + allTags + ")");
        }
        if (chosen == null) {
            if (manifest.size() > 1) {
                throw new ImageAccessException(source + ": archive holds " + manifest.size()
                        + " images; choose one with a tag (tags: " + allTags + ")");
            }
            chosen = manifest.get(0);
        }
        String configPath = chosen.path("Config").asText("");
        if (configPath.isEmpty()) {
            throw new ImageAccessException(source + ": manifest.json entry has no Config");
        }
        JsonNode configJson = Json.required(blobs, configPath, source);
        ImageConfig config = ImageConfig.parse(configJson);
        List<String> keys = new ArrayList<>();
        List<Optional<String>> digests = new ArrayList<>();
        for (JsonNode l : chosen.path("Layers")) {
            String key = l.asText();
            keys.add(key);
            digests.add(digestOfBlobPath(key));
        }
        List<Diagnostic> diagnostics = new ArrayList<>();
        List<Layer> layers = config.layers(keys.size(), digests, diagnostics);
        List<String> tags = new ArrayList<>();
        chosen.path("RepoTags").forEach(t -> tags.add(t.asText()));
        String digest = digestOfBlobPath(configPath).orElseGet(() -> "sha256:" + stripJson(configPath));
        Image image = new Image(source, digest, config.platform().map(Object::toString), tags, layers);
        return new ResolvedImage(image, keys, digests, diagnostics);
    }

    /** {@code blobs/sha256/<hex>} names carry their digest; classic {@code <id>/layer.tar} names do not. */
    private static Optional<String> digestOfBlobPath(String path) {
        if (path.startsWith("blobs/")) {
            String[] parts = path.split("/");
            if (parts.length == 3) {
                return Optional.of(parts[1] + ":" + parts[2]);
            }
        }
        return Optional.empty();
    }

    private static String stripJson(String configPath) {
        String name = configPath.substring(configPath.lastIndexOf('/') + 1);
        return name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
    }
}
