package dev.tarsier.core.internal.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tarsier.core.ImageAccessException;
import dev.tarsier.core.internal.oci.OciIndex;
import dev.tarsier.core.internal.source.ImageSource;
import dev.tarsier.core.internal.source.Json;
import dev.tarsier.core.internal.source.Platform;
import dev.tarsier.core.internal.source.ResolvedImage;
import dev.tarsier.core.internal.source.ScannedImage;
import dev.tarsier.core.internal.source.SeekableLayers;
import dev.tarsier.core.internal.walk.LayerReader;
import dev.tarsier.core.internal.walk.LayerResult;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;

/**
 * An image in a registry. The manifest (or index) is fetched by tag or digest, resolved with the
 * same {@link OciIndex} path as a layout, and each layer blob streams from its HTTP response
 * straight into the walker, layers in parallel on the scanner's executor. Nothing touches the disk.
 * Layers whose analysis the scanner's {@link LayerCache} holds are not downloaded at all.
 *
 * <p>Digests: manifests fetched by digest and the config are verified before use. Layer blobs are
 * hashed while they stream into the walker (and read to their end, so the whole blob is checked).
 * A blob that does not match its manifest digest makes the whole image unreadable
 * ({@link ImageAccessException}), unlike a local archive where it is an ERROR diagnostic on the
 * layer: content from a remote registry that differs from what the manifest pins may have been
 * tampered with, and an inventory built partly from it would be a silent lie.
 */
public final class RegistrySource implements ImageSource {

    private final RegistryReference ref;
    private final String source;
    private final Platform platform;
    private final RegistryTransport transport;
    private final LayerCache cache;

    /**
     * @param location the reference after {@code registry:} ({@code HOST[:PORT]/REPO[:TAG|@DIGEST]})
     * @param source the reference as written, for messages and the report
     * @param cache layers already analysed by this scanner, and where this scan's are remembered
     * @throws ImageAccessException when the reference is not valid
     */
    public RegistrySource(String location, String source, Platform platform, RegistryTransport transport,
                          LayerCache cache) throws ImageAccessException {
        try {
            this.ref = RegistryReference.parse(location);
        } catch (IllegalArgumentException e) {
            throw new ImageAccessException(source + ": " + e.getMessage(), e);
        }
        this.source = source;
        this.platform = platform;
        this.transport = transport;
        this.cache = cache;
    }

    /** Connects, fetches the manifest (and index) and selects the platform's image manifest. */
    private Session session() throws ImageAccessException, InterruptedException {
        RegistryClient client;
        RegistryClient.Manifest root;
        try {
            client = connect();
            root = client.manifest(ref.manifestReference());
        } catch (IOException e) {
            throw new ImageAccessException(source + ": " + e.getMessage(), e);
        }
        Map<String, JsonNode> manifests = new ConcurrentHashMap<>();
        JsonNode rootDoc = Json.parse(root.bytes(), "manifest " + ref.manifestReference(), source);
        manifests.put(root.digest(), rootDoc);
        ObjectNode descriptor = Json.MAPPER.createObjectNode();
        descriptor.put("digest", root.digest());
        descriptor.put("mediaType", mediaType(rootDoc, root.contentType()));
        RegistryClient fetcher = client;
        OciIndex.Documents documents = new OciIndex.Documents() {
            @Override
            public JsonNode manifest(String digest) throws ImageAccessException {
                JsonNode cached = manifests.get(digest);
                if (cached != null) {
                    return cached;
                }
                try {
                    JsonNode doc = Json.parse(fetcher.manifest(digest).bytes(), "manifest " + digest, source);
                    manifests.put(digest, doc);
                    return doc;
                } catch (IOException e) {
                    throw new ImageAccessException(source + ": " + e.getMessage(), e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ImageAccessException(source + ": interrupted", e);
                }
            }

            @Override
            public JsonNode config(String digest) throws ImageAccessException {
                try {
                    return Json.parse(fetcher.smallBlob(digest), "config " + digest, source);
                } catch (IOException e) {
                    throw new ImageAccessException(source + ": " + e.getMessage(), e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ImageAccessException(source + ": interrupted", e);
                }
            }

            @Override
            public String layerKey(String digest) {
                return digest;
            }
        };
        OciIndex.Selection selection;
        try {
            selection = OciIndex.select(documents, source, List.of(descriptor), platform);
        } catch (ImageAccessException e) {
            throw interruption(e);
        }
        return new Session(client, documents, selection);
    }

    /** A registry conversation about one image: the client and the selected manifest's documents. */
    private record Session(RegistryClient client, OciIndex.Documents documents, OciIndex.Selection selection) {
    }

    @Override
    public ScannedImage read(LayerReader reader, ExecutorService executor) throws ImageAccessException, InterruptedException {
        Session session = session();
        RegistryClient client = session.client();
        OciIndex.Documents documents = session.documents();
        OciIndex.Selection selection = session.selection();
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        // This source verifies layer digests itself (see class comment), so the walker need not hash again.
        List<Optional<String>> unverified = selection.layerDigests().stream()
                .map(d -> Optional.<String>empty()).toList();
        Map<String, LayerResult> known = new HashMap<>();
        for (String digest : selection.layerKeys()) {
            cache.get(digest).ifPresent(r -> known.put(digest, r));
        }
        Map<String, String> mismatches = new ConcurrentHashMap<>();
        SeekableLayers.Opener opener = digest -> new VerifyingStream(client.openBlob(digest), digest,
                actual -> mismatches.put(digest, actual));
        List<String> tags = tags();
        ResolvedImage resolved;
        SeekableLayers.Walks walks;
        if (reader.store().enabled() && known.size() < selection.layerKeys().size()) {
            // the persistent store is keyed by diffID, which only the config tells: read it first, so
            // that cached layers are never requested (one round trip before the first layer byte)
            try {
                resolved = OciIndex.complete(selection, documents.config(selection.configDigest()), source, tags);
            } catch (ImageAccessException e) {
                throw interruption(e);
            }
            List<Optional<String>> diffIds = resolved.image().layers().stream()
                    .map(l -> Optional.of(l.diffId())).toList();
            walks = SeekableLayers.start(selection.layerKeys(), unverified, diffIds, known, opener, reader, executor);
        } else {
            // the layers start streaming now and the config is fetched meanwhile on this thread, which
            // would otherwise only wait: one round trip less before the first layer byte.
            walks = SeekableLayers.start(selection.layerKeys(), unverified, List.of(), known, opener, reader, executor);
            try {
                resolved = OciIndex.complete(selection, documents.config(selection.configDigest()), source, tags);
            } catch (ImageAccessException e) {
                walks.cancel();
                throw interruption(e);
            } catch (RuntimeException e) {
                walks.cancel();
                throw e;
            }
        }
        List<LayerResult> layers = walks.await();
        checkDigests(mismatches);
        for (int i = 0; i < layers.size(); i++) {
            cache.put(selection.layerKeys().get(i), layers.get(i));
        }
        return new ScannedImage(resolved.image(), layers, resolved.diagnostics());
    }

    @Override
    public ResolvedImage resolve() throws ImageAccessException, InterruptedException {
        Session session = session();
        try {
            return OciIndex.complete(session.selection(), session.documents().config(session.selection().configDigest()),
                    source, tags());
        } catch (ImageAccessException e) {
            throw interruption(e);
        }
    }

    /**
     * Walks one layer as {@link #read} does (the scanner's {@link LayerCache} first, the blob
     * verified while it streams); a blob that differs from its digest makes the image unreadable.
     */
    @Override
    public LayerResult walk(ResolvedImage image, int layer, LayerReader reader)
            throws ImageAccessException, InterruptedException {
        String digest = image.layerKeys().get(layer);
        Optional<LayerResult> known = cache.get(digest);
        if (known.isPresent()) {
            return known.get().withLayer(layer);
        }
        RegistryClient client;
        try {
            client = connect();
        } catch (IOException e) {
            throw new ImageAccessException(source + ": " + e.getMessage(), e);
        }
        Map<String, String> mismatches = new ConcurrentHashMap<>();
        SeekableLayers.Opener opener = key -> new VerifyingStream(client.openBlob(key), key,
                actual -> mismatches.put(key, actual));
        LayerResult result;
        try {
            result = SeekableLayers.walk(layer, digest, Optional.empty(),
                    Optional.of(image.image().layer(layer).diffId()), opener, reader);
        } catch (InterruptedIOException e) {
            throw (InterruptedException) new InterruptedException(e.getMessage()).initCause(e);
        } catch (IOException e) {
            throw new ImageAccessException(source + ": " + e.getMessage(), e);
        }
        checkDigests(mismatches);
        cache.put(digest, result);
        return result;
    }

    private RegistryClient connect() throws IOException, InterruptedException {
        Optional<Credentials> credentials = DockerCredentials.forRegistry(transport.settings(), ref.registry());
        return RegistryClient.connect(ref, transport, credentials);
    }

    private List<String> tags() {
        return ref.tag().map(List::of).orElse(List.of());
    }

    private void checkDigests(Map<String, String> mismatches) throws ImageAccessException {
        if (!mismatches.isEmpty()) {
            Map.Entry<String, String> first = new TreeMap<>(mismatches).firstEntry();
            throw new ImageAccessException(source + ": layer blob digest mismatch: expected " + first.getKey() + ", got "
                    + first.getValue() + " (the registry served content that differs from the manifest)");
        }
    }

    /**
     * The interruption behind a document fetch that {@link OciIndex.Documents} had to report as an
     * {@link ImageAccessException}, rethrown as such (the caller was interrupted, the image is not
     * unreadable); any other exception as it is.
     */
    private static ImageAccessException interruption(ImageAccessException e) throws InterruptedException {
        if (e.getCause() instanceof InterruptedException interrupted) {
            Thread.interrupted(); // the flag was set again for the documents' callers; this one throws instead
            throw interrupted;
        }
        return e;
    }

    /**
     * The document's own {@code mediaType} (required in OCI and Docker v2 schema 2 manifests),
     * else the response's {@code Content-Type}; an untyped document with {@code manifests} is an index.
     */
    private static String mediaType(JsonNode doc, String contentType) {
        String declared = doc.path("mediaType").asText("");
        if (!declared.isEmpty()) {
            return declared;
        }
        String header = contentType.split(";", 2)[0].strip();
        if (RegistryClient.MANIFEST_TYPES.contains(header)) {
            return header;
        }
        return doc.has("manifests") ? RegistryClient.MANIFEST_TYPES.get(0) : RegistryClient.MANIFEST_TYPES.get(1);
    }

    @Override
    public void close() {
        // the HTTP client holds no resource that outlives its last request
    }
}
