package dev.tarsier.core.internal.oci;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tarsier.api.Diagnostic;
import dev.tarsier.api.Image;
import dev.tarsier.api.Layer;
import dev.tarsier.core.ImageAccessException;
import dev.tarsier.core.internal.source.BlobReader;
import dev.tarsier.core.internal.source.ImageConfig;
import dev.tarsier.core.internal.source.Json;
import dev.tarsier.core.internal.source.Platform;
import dev.tarsier.core.internal.source.ResolvedImage;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Resolves an image in an OCI image layout (image-spec image-layout.md): {@code index.json} →
 * (tag selection by {@code org.opencontainers.image.ref.name}) → image index(es), where a platform
 * is chosen (image-index.md) → image manifest (manifest.md) → config (config.md). The same
 * resolution from a root descriptor serves registries, whose manifests and blobs are fetched over
 * HTTP through {@link Documents}.
 */
public final class OciIndex {

    /** Annotation naming a manifest's tag in {@code index.json}. */
    public static final String REF_NAME = "org.opencontainers.image.ref.name";
    private static final String CONTAINERD_NAME = "io.containerd.image.name";
    private static final Set<String> INDEX_TYPES = Set.of(
            "application/vnd.oci.image.index.v1+json",
            "application/vnd.docker.distribution.manifest.list.v2+json");
    private static final int MAX_INDEX_DEPTH = 4;

    private OciIndex() {
    }

    /** A manifest descriptor with the platform it was declared for, if any. */
    private record Candidate(String digest, Optional<Platform> platform) {
    }

    /**
     * Where the resolver reads documents: a layout reads manifests and configs from {@code blobs/},
     * a registry from its {@code manifests/} and {@code blobs/} endpoints.
     */
    public interface Documents {
        /** The image index or image manifest with this digest. */
        JsonNode manifest(String digest) throws ImageAccessException;

        /** The image config with this digest. */
        JsonNode config(String digest) throws ImageAccessException;

        /** The key under which {@link dev.tarsier.core.internal.source.SeekableLayers} opens this layer blob. */
        String layerKey(String digest) throws ImageAccessException;
    }

    /**
     * Resolves the image of an OCI image layout.
     *
     * @param tag tag to select; empty takes the only image (or the one for {@code platform})
     * @param platform platform to choose in multi-platform indexes
     */
    public static ResolvedImage resolve(BlobReader blobs, String source, Optional<String> tag, Platform platform)
            throws ImageAccessException {
        JsonNode index = Json.required(blobs, "index.json", source);
        List<JsonNode> roots = new ArrayList<>();
        List<String> tags = new ArrayList<>();
        for (JsonNode d : index.path("manifests")) {
            String ref = refName(d);
            if (!ref.isEmpty()) {
                tags.add(ref);
            }
            if (tag.isEmpty() || ref.equals(tag.get()) || ref.endsWith(":" + tag.get())) {
                roots.add(d);
            }
        }
        if (roots.isEmpty()) {
            throw new ImageAccessException(tag.isPresent()
                    ? source + ": no manifest tagged '" + tag.get() + "' in index.json (tags: " + tags + ")"
                    : source + ": index.json lists no manifest");
        }
        List<String> imageTags = new ArrayList<>();
        for (JsonNode d : roots) {
            if (!refName(d).isEmpty()) {
                imageTags.add(refName(d));
            }
        }
        Documents documents = new Documents() {
            @Override
            public JsonNode manifest(String digest) throws ImageAccessException {
                return Json.required(blobs, Json.blobPath(digest, source), source);
            }

            @Override
            public JsonNode config(String digest) throws ImageAccessException {
                return manifest(digest);
            }

            @Override
            public String layerKey(String digest) throws ImageAccessException {
                return Json.blobPath(digest, source);
            }
        };
        return resolve(documents, source, roots, imageTags, platform);
    }

    /**
     * The image manifest chosen for the platform, before its config is read: a registry starts
     * streaming the layers while the config is still on its way.
     *
     * @param layerKeys where each layer blob is opened in the source ({@link Documents#layerKey})
     * @param layerDigests each layer's digest, as the manifest lists it
     */
    public record Selection(String digest, Optional<Platform> platform, String configDigest, List<String> layerKeys,
                            List<Optional<String>> layerDigests) {

        public Selection {
            layerKeys = List.copyOf(layerKeys);
            layerDigests = List.copyOf(layerDigests);
        }
    }

    /**
     * Resolves an image from root descriptors (each an image index or manifest, OCI or Docker v2
     * schema 2): walks nested indexes, chooses the manifest for {@code platform}, reads its config.
     *
     * @param roots descriptors ({@code mediaType}, {@code digest}, optional {@code platform})
     * @param imageTags tags reported for the image
     */
    public static ResolvedImage resolve(Documents documents, String source, List<JsonNode> roots, List<String> imageTags,
                                        Platform platform) throws ImageAccessException {
        Selection selection = select(documents, source, roots, platform);
        return complete(selection, documents.config(selection.configDigest()), source, imageTags);
    }

    /**
     * The first half of {@link #resolve}: walks nested indexes and reads the manifest chosen for
     * {@code platform}, without reading its config.
     */
    public static Selection select(Documents documents, String source, List<JsonNode> roots, Platform platform)
            throws ImageAccessException {
        List<Candidate> candidates = new ArrayList<>();
        for (JsonNode d : roots) {
            collect(documents, source, d, candidates, 0);
        }
        Candidate chosen = choose(candidates, platform, source);
        JsonNode manifest = documents.manifest(chosen.digest());
        if (manifest.path("schemaVersion").asInt(0) == 1) {
            throw new ImageAccessException(source + ": Docker image manifest schema 1 is not supported");
        }
        String configDigest = manifest.path("config").path("digest").asText("");
        if (configDigest.isEmpty()) {
            throw new ImageAccessException(source + ": manifest " + chosen.digest() + " has no config");
        }
        List<String> keys = new ArrayList<>();
        List<Optional<String>> digests = new ArrayList<>();
        for (JsonNode l : manifest.path("layers")) {
            String digest = l.path("digest").asText("");
            keys.add(documents.layerKey(digest));
            digests.add(Optional.of(digest));
        }
        return new Selection(chosen.digest(), chosen.platform(), configDigest, keys, digests);
    }

    /** The second half of {@link #resolve}: the image model from the selected manifest and its config. */
    public static ResolvedImage complete(Selection selection, JsonNode configDocument, String source,
                                         List<String> imageTags) {
        ImageConfig config = ImageConfig.parse(configDocument);
        List<Diagnostic> diagnostics = new ArrayList<>();
        List<Layer> layers = config.layers(selection.layerKeys().size(), selection.layerDigests(), diagnostics);
        Image image = new Image(source, selection.digest(),
                config.platform().or(selection::platform).map(Object::toString), imageTags, layers);
        return new ResolvedImage(image, selection.layerKeys(), selection.layerDigests(), diagnostics);
    }

    private static String refName(JsonNode descriptor) {
        JsonNode annotations = descriptor.path("annotations");
        String ref = annotations.path(REF_NAME).asText("");
        return ref.isEmpty() ? annotations.path(CONTAINERD_NAME).asText("") : ref;
    }

    private static void collect(Documents documents, String source, JsonNode descriptor, List<Candidate> out, int depth)
            throws ImageAccessException {
        String digest = descriptor.path("digest").asText("");
        if (digest.isEmpty()) {
            throw new ImageAccessException(source + ": descriptor without digest in image index");
        }
        String mediaType = descriptor.path("mediaType").asText("");
        JsonNode doc = null;
        if (mediaType.isEmpty()) {
            doc = documents.manifest(digest);
            mediaType = doc.path("mediaType").asText(doc.has("manifests") ? INDEX_TYPES.iterator().next() : "");
        }
        if (INDEX_TYPES.contains(mediaType)) {
            if (depth >= MAX_INDEX_DEPTH) {
                throw new ImageAccessException(source + ": image indexes nested deeper than " + MAX_INDEX_DEPTH);
            }
            if (doc == null) {
                doc = documents.manifest(digest);
            }
            for (JsonNode child : doc.path("manifests")) {
                collect(documents, source, child, out, depth + 1);
            }
            return;
        }
        JsonNode p = descriptor.path("platform");
        Optional<Platform> platform = p.hasNonNull("os") && p.hasNonNull("architecture")
                ? Optional.of(new Platform(p.get("os").asText(), p.get("architecture").asText(), p.path("variant").asText("")))
                : Optional.empty();
        if (platform.isPresent() && platform.get().os().equals("unknown")) {
            return; // buildkit attestation manifests are not images
        }
        out.add(new Candidate(digest, platform));
    }

    private static Candidate choose(List<Candidate> candidates, Platform platform, String source)
            throws ImageAccessException {
        if (candidates.isEmpty()) {
            throw new ImageAccessException(source + ": the index holds no image manifest");
        }
        if (candidates.size() == 1) {
            return candidates.get(0);
        }
        List<Candidate> matching = new ArrayList<>();
        for (Candidate c : candidates) {
            if (c.platform().map(platform::accepts).orElse(false)) {
                matching.add(c);
            }
        }
        if (matching.isEmpty()) {
            List<String> offered = candidates.stream()
                    .map(c -> c.platform().map(Object::toString).orElse("?")).toList();
            throw new ImageAccessException(source + ": no image for platform " + platform + " (offered: " + offered + ")");
        }
        if (matching.stream().map(Candidate::digest).distinct().count() > 1) {
            throw new ImageAccessException(source + ": several images match platform " + platform
                    + "; choose one with a tag");
        }
        return matching.get(0);
    }
}
