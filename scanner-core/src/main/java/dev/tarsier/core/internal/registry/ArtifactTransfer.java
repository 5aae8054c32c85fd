package dev.tarsier.core.internal.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tarsier.core.ImageReference;
import dev.tarsier.core.RegistryArtifacts;
import dev.tarsier.core.RegistryArtifacts.ArtifactFile;
import dev.tarsier.core.RegistryArtifacts.Pulled;
import dev.tarsier.core.RegistryArtifacts.Pushed;
import dev.tarsier.core.internal.source.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A single file as an OCI artifact in a registry: the push (blobs, then the manifest) and the pull
 * (manifest checks, then the layer streamed to a file and verified), on a {@link RegistryClient}.
 * The manifest shape is the OCI image specification 1.1's "Guidelines for Artifact Usage": an
 * image manifest with {@code artifactType}, the empty config and the file as its one layer.
 */
public final class ArtifactTransfer {

    /** The empty config's content: a JSON object with nothing in it (image-spec "Empty Descriptor"). */
    private static final byte[] EMPTY_CONFIG = "{}".getBytes(StandardCharsets.UTF_8);
    private static final String EMPTY_DIGEST = "sha256:" + RegistryClient.sha256(EMPTY_CONFIG);
    private static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    private static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    private static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    private static final int BUFFER = 64 << 10;

    private ArtifactTransfer() {
    }

    /**
     * Parses a reference with or without the {@code registry:} prefix.
     *
     * @throws IllegalArgumentException when it is not a valid registry reference
     */
    public static RegistryReference reference(String text) {
        Objects.requireNonNull(text, "reference");
        String prefix = ImageReference.Transport.REGISTRY.prefix();
        return RegistryReference.parse(text.startsWith(prefix) ? text.substring(prefix.length()) : text);
    }

    /**
     * Uploads the empty config and the file (each only when the repository lacks it), then puts
     * the manifest under the reference's tag.
     *
     * @throws RegistryException when the registry refuses a step
     * @throws IOException when the file cannot be read
     */
    public static Pushed push(RegistryTransport transport, RegistryReference ref, ArtifactFile file)
            throws IOException, InterruptedException {
        if (!Files.isRegularFile(file.path())) {
            throw new IOException(file.path() + ": not a regular file");
        }
        long size = Files.size(file.path());
        String digest = digestOf(file.path());
        RegistryClient client = RegistryClient.connect(ref, transport, credentials(transport, ref),
                RegistryClient.Access.PUSH);
        if (!client.hasBlob(EMPTY_DIGEST)) {
            client.uploadBlob(EMPTY_DIGEST, RequestBody.of(EMPTY_CONFIG));
        }
        boolean upload = !client.hasBlob(digest);
        if (upload) {
            client.uploadBlob(digest, RequestBody.of(file.path(), size));
        }
        byte[] manifest = manifest(file, digest, size, Instant.now());
        String tag = ref.tag().orElseThrow();
        String manifestDigest = client.putManifest(tag, RegistryArtifacts.MANIFEST_MEDIA_TYPE, manifest);
        return new Pushed(ref.toString(), manifestDigest, digest, size, upload);
    }

    /**
     * The manifest's bytes: keys in a fixed order and annotations sorted, so that the same file,
     * types, annotations and time give the same digest.
     */
    static byte[] manifest(ArtifactFile file, String digest, long size, Instant now) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("schemaVersion", 2);
        root.put("mediaType", RegistryArtifacts.MANIFEST_MEDIA_TYPE);
        root.put("artifactType", file.artifactType());
        descriptor(root.putObject("config"), RegistryArtifacts.EMPTY_MEDIA_TYPE, EMPTY_DIGEST, EMPTY_CONFIG.length);
        ObjectNode layer = root.putArray("layers").addObject();
        descriptor(layer, file.layerMediaType(), digest, size);
        layer.putObject("annotations").put(RegistryArtifacts.TITLE, String.valueOf(file.path().getFileName()));
        Map<String, String> annotations = new TreeMap<>(file.annotations());
        annotations.putIfAbsent(RegistryArtifacts.CREATED, now.truncatedTo(ChronoUnit.SECONDS).toString());
        ObjectNode notes = root.putObject("annotations");
        annotations.forEach(notes::put);
        try {
            return Json.MAPPER.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers always serialises", e);
        }
    }

    private static void descriptor(ObjectNode node, String mediaType, String digest, long size) {
        node.put("mediaType", mediaType);
        node.put("digest", digest);
        node.put("size", size);
    }

    /**
     * Reads the manifest, checks it is the artifact asked for, and streams its layer to
     * {@code destination} (deleted again on any failure).
     *
     * @throws RegistryException when the registry refuses, the manifest is not the expected
     *         artifact, or the layer does not match its digest or size
     * @throws IOException when the destination cannot be written
     */
    public static Pulled pull(RegistryTransport transport, RegistryReference ref, String artifactType,
                              List<String> layerMediaTypes, Path destination) throws IOException, InterruptedException {
        RegistryClient client = RegistryClient.connect(ref, transport, credentials(transport, ref));
        RegistryClient.Manifest manifest = client.manifest(ref.manifestReference());
        JsonNode doc;
        try {
            doc = Json.MAPPER.readTree(manifest.bytes());
        } catch (IOException e) {
            throw new RegistryException(ref + ": the manifest is not valid JSON", 0);
        }
        JsonNode layer = layer(ref, doc, manifest.contentType(), artifactType, layerMediaTypes);
        String digest = layer.path("digest").asText("");
        long size = layer.path("size").asLong(-1);
        if (!digest.matches("sha256:[a-f0-9]{64}") || size < 0 || !layer.path("size").canConvertToExactIntegral()) {
            throw new RegistryException(ref + ": the " + layer.path("mediaType").asText() + " layer has no sha256 digest and size", 0);
        }
        boolean written = false;
        try {
            download(client, ref, digest, size, destination);
            written = true;
        } finally {
            if (!written) {
                Files.deleteIfExists(destination);
            }
        }
        return new Pulled(ref.toString(), manifest.digest(), digest, size, strings(doc.path("annotations")),
                strings(layer.path("annotations")));
    }

    /**
     * The one layer of one of {@code layerMediaTypes} in an OCI image manifest of {@code artifactType}
     * (image-spec 1.1: without {@code artifactType}, the config's media type is the artifact's type).
     */
    private static JsonNode layer(RegistryReference ref, JsonNode doc, String contentType, String artifactType,
                                  List<String> layerMediaTypes) throws RegistryException {
        String mediaType = doc.path("mediaType").asText(contentType.split(";", 2)[0].strip());
        if (mediaType.equals(OCI_INDEX) || mediaType.equals(DOCKER_LIST) || doc.has("manifests")) {
            throw new RegistryException(ref + ": is an image index (a multi-platform image), not a " + artifactType
                    + " artifact", 0);
        }
        if (mediaType.equals(DOCKER_MANIFEST)) {
            throw new RegistryException(ref + ": is a Docker image, not a " + artifactType + " artifact", 0);
        }
        if (!mediaType.equals(RegistryArtifacts.MANIFEST_MEDIA_TYPE)) {
            throw new RegistryException(ref + ": has manifest media type '" + mediaType + "', not an OCI image manifest", 0);
        }
        String type = doc.path("artifactType").asText(doc.path("config").path("mediaType").asText(""));
        if (!type.equals(artifactType)) {
            throw new RegistryException(ref + ": is not a " + artifactType + " artifact (its artifact type is '" + type
                    + "')", 0);
        }
        List<JsonNode> matching = new ArrayList<>();
        for (JsonNode l : doc.path("layers")) {
            if (layerMediaTypes.contains(l.path("mediaType").asText(""))) {
                matching.add(l);
            }
        }
        if (matching.size() != 1) {
            throw new RegistryException(ref + ": has " + matching.size() + " layers of media type "
                    + String.join(" or ", layerMediaTypes) + ", expected exactly one", 0);
        }
        return matching.get(0);
    }

    /**
     * Streams a blob to a file, hashing it on the way, and stops reading one byte past the
     * manifest's size, so that a registry sending endless data cannot fill the disk.
     */
    private static void download(RegistryClient client, RegistryReference ref, String digest, long size, Path destination)
            throws IOException {
        MessageDigest sha = sha256();
        long total = 0;
        try (InputStream in = client.openBlob(digest); OutputStream out = Files.newOutputStream(destination)) {
            byte[] buffer = new byte[BUFFER];
            int n;
            while ((n = in.read(buffer, 0, (int) Math.min(buffer.length, size - total + 1))) > 0) {
                total += n;
                if (total > size) {
                    throw new RegistryException(ref + ": blob " + digest + " is longer than the " + size
                            + " bytes the manifest gives", 0);
                }
                sha.update(buffer, 0, n);
                out.write(buffer, 0, n);
            }
        }
        if (total != size) {
            throw new RegistryException(ref + ": blob " + digest + " ended after " + total + " of " + size + " bytes", 0);
        }
        String actual = "sha256:" + HexFormat.of().formatHex(sha.digest());
        if (!actual.equals(digest)) {
            throw new RegistryException(ref + ": blob digest mismatch: expected " + digest + ", got " + actual
                    + " (the registry served content that differs from the manifest)", 0);
        }
    }

    private static Optional<Credentials> credentials(RegistryTransport transport, RegistryReference ref) {
        return DockerCredentials.forRegistry(transport.settings(), ref.registry());
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> out = new TreeMap<>();
        object.fields().forEachRemaining(e -> {
            if (e.getValue().isTextual()) {
                out.put(e.getKey(), e.getValue().asText());
            }
        });
        return out;
    }

    private static String digestOf(Path file) throws IOException {
        MessageDigest sha = sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[BUFFER];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                sha.update(buffer, 0, n);
            }
        }
        return "sha256:" + HexFormat.of().formatHex(sha.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
