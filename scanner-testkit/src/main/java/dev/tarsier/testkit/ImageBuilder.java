package dev.tarsier.testkit;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds a single-platform container image from {@link LayerBuilder layers} and writes it in
 * the formats real tools exchange: {@code docker save} archives (classic and Docker 25+),
 * OCI image layout directories and OCI archives.
 *
 * <p>The image config follows image-spec {@code config.md}: {@code os}, {@code architecture}
 * (and {@code variant}), {@code rootfs.diff_ids} = SHA-256 of each <em>uncompressed</em> layer
 * tar, and {@code history}, in which {@link #history(String, boolean) empty-layer entries} may
 * interleave with layer entries. When no history is given, one entry per layer is generated
 * ({@code "testkit layer N"}).
 *
 * <p>All output is deterministic: the same builder calls produce byte-identical files, so
 * digests can be asserted. Writers and accessors serialize the current state each time; they
 * throw {@link IllegalStateException} when the builder is inconsistent (history not matching
 * the layers, a truncation outside a blob) and {@link java.io.UncheckedIOException} when a file
 * cannot be written.
 *
 * <pre>{@code
 * ImageBuilder image = new ImageBuilder()
 *         .platform("linux", "arm64", "v8")
 *         .layer(new LayerBuilder().file("etc/alpine-release", "3.19.1\n"), Compression.GZIP)
 *         .history("ENV A=1", true)
 *         .history("ADD rootfs /", false)
 *         .tag("example/app:1.0");
 * image.writeOciLayout(dir);
 * }</pre>
 */
public final class ImageBuilder {

    /** OCI image manifest media type (image-spec manifest.md). */
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    /** OCI image index media type (image-spec image-index.md). */
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    /** OCI image config media type (image-spec config.md). */
    public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
    /** Docker image manifest v2 schema 2 media type (distribution manifest-v2-2.md). */
    public static final String DOCKER_MANIFEST =
            "application/vnd.docker.distribution.manifest.v2+json";
    /** Docker image config media type. */
    public static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
    /** Annotation naming a reference (tag) in an OCI layout's {@code index.json}. */
    public static final String REF_NAME = "org.opencontainers.image.ref.name";
    /** Annotation with the full image name that containerd and Docker 25+ add. */
    public static final String CONTAINERD_NAME = "io.containerd.image.name";

    /** The {@code created} timestamp of the config and every history entry. */
    static final String CREATED = "2024-01-01T00:00:00Z";

    /** Which family of media types the manifest and its descriptors use. */
    public enum MediaTypes {
        /** OCI image-spec media types (manifest, config, {@code layer.v1.tar[+gzip|+zstd]}). */
        OCI,
        /**
         * Docker v2 schema 2 media types, kept by Docker 25+ and containerd when they save
         * images pulled with them: {@value ImageBuilder#DOCKER_MANIFEST}, {@value ImageBuilder#DOCKER_CONFIG},
         * layers {@code application/vnd.docker.image.rootfs.diff.tar.gzip} (gzip) or
         * {@code application/vnd.docker.image.rootfs.diff.tar} (uncompressed). Docker has no
         * zstd layer type; zstd layers keep the OCI {@code +zstd} type.
         */
        DOCKER
    }

    private record LayerSpec(LayerBuilder layer, Compression compression) {
    }

    private record History(String createdBy, boolean emptyLayer) {
    }

    /** One layer as it will be written. */
    record BuiltLayer(byte[] tar, String diffId, byte[] blob, String digest, String mediaType) {
    }

    /** Everything derived from the builder, computed once per write. */
    record Built(List<BuiltLayer> layers, byte[] config, String configDigest, byte[] manifest,
            String manifestDigest, String manifestMediaType) {
    }

    private final List<LayerSpec> layers = new ArrayList<>();
    private final List<History> history = new ArrayList<>();
    private final List<String> tags = new ArrayList<>();
    private final Map<Integer, Integer> truncations = new HashMap<>();
    private String os = "linux";
    private String architecture = "amd64";
    private String variant;
    private MediaTypes mediaTypes = MediaTypes.OCI;

    /** Creates an empty linux/amd64 image without tags. */
    public ImageBuilder() {
    }

    /** Appends a layer (bottom first) stored with the given compression. */
    public ImageBuilder layer(LayerBuilder layer, Compression compression) {
        layers.add(new LayerSpec(Objects.requireNonNull(layer, "layer"),
                Objects.requireNonNull(compression, "compression")));
        return this;
    }

    /** Appends an uncompressed layer. */
    public ImageBuilder layer(LayerBuilder layer) {
        return layer(layer, Compression.NONE);
    }

    /**
     * Appends a history entry (config.md {@code history[]}). Entries with
     * {@code emptyLayer = true} produce no layer; the others pair with the layers in order, so
     * once any history is given, the number of non-empty entries must equal the number of
     * layers.
     */
    public ImageBuilder history(String createdBy, boolean emptyLayer) {
        history.add(new History(Objects.requireNonNull(createdBy, "createdBy"), emptyLayer));
        return this;
    }

    /** Sets the platform (config.md {@code os}, {@code architecture}); default linux/amd64. */
    public ImageBuilder platform(String os, String architecture) {
        return platform(os, architecture, null);
    }

    /** Sets the platform with a CPU variant (for example {@code arm64}/{@code v8}). */
    public ImageBuilder platform(String os, String architecture, String variant) {
        this.os = Objects.requireNonNull(os, "os");
        this.architecture = Objects.requireNonNull(architecture, "architecture");
        this.variant = variant;
        return this;
    }

    /** Selects the manifest media types (default {@link MediaTypes#OCI}). */
    public ImageBuilder mediaTypes(MediaTypes value) {
        this.mediaTypes = Objects.requireNonNull(value, "value");
        return this;
    }

    /**
     * Adds a tag such as {@code example/app:1.0} (a name without {@code :tag} means
     * {@code :latest}). Docker archives list it in {@code RepoTags}; OCI layouts annotate the
     * manifest with {@value #REF_NAME} = the tag part ({@code 1.0}), as skopeo and buildkit do.
     */
    public ImageBuilder tag(String reference) {
        Objects.requireNonNull(reference, "reference");
        tags.add(reference.lastIndexOf(':') > reference.lastIndexOf('/') ? reference
                : reference + ":latest");
        return this;
    }

    /**
     * Hostile option: stores only the first {@code keepBytes} bytes of layer {@code index}'s
     * blob (for a gzip layer, a gzip stream cut mid-way). The manifest still references the
     * layer, with the digest and size of the truncated blob, so a reader that verifies digests
     * accepts it and meets the damage only while decompressing; the config's diff_id is that of
     * the complete tar.
     */
    public ImageBuilder truncateLayer(int index, int keepBytes) {
        if (keepBytes < 0) {
            throw new IllegalArgumentException("keepBytes must be >= 0: " + keepBytes);
        }
        truncations.put(index, keepBytes);
        return this;
    }

    /** {@code sha256:...} of each uncompressed layer tar, bottom first (config.md diff_ids). */
    public List<String> diffIds() {
        return build().layers.stream().map(BuiltLayer::diffId).toList();
    }

    /** {@code sha256:...} of each layer blob as stored (compressed, possibly truncated). */
    public List<String> layerDigests() {
        return build().layers.stream().map(BuiltLayer::digest).toList();
    }

    /** The image config JSON (config.md). */
    public String configJson() {
        return new String(build().config, StandardCharsets.UTF_8);
    }

    /** {@code sha256:...} of the config JSON: the image ID docker reports. */
    public String configDigest() {
        return build().configDigest;
    }

    /** The image manifest JSON (image-spec manifest.md, or Docker v2 schema 2). */
    public String manifestJson() {
        return new String(build().manifest, StandardCharsets.UTF_8);
    }

    /** {@code sha256:...} of the image manifest JSON. */
    public String manifestDigest() {
        return build().manifestDigest;
    }

    /**
     * Writes a classic {@code docker save} archive (Docker &lt; 25, moby
     * {@code image/tarexport}): per layer a directory {@code <id>/} with {@code VERSION},
     * {@code json} and {@code layer.tar}; the config as {@code <config-hex>.json};
     * {@code manifest.json} = {@code [{"Config", "RepoTags", "Layers"}]}; and
     * {@code repositories} when tagged. Docker writes {@code layer.tar} uncompressed; a layer
     * added with another compression is stored compressed, as some hand-made archives are.
     * Layer ids are chained (sha256 of parent id and diff_id), so identical layers at
     * different positions stay distinct.
     */
    public void writeDockerArchive(Path file) {
        writeDockerArchive(file, Compression.NONE);
    }

    /** {@link #writeDockerArchive(Path)}, with the whole archive compressed ({@code docker save | gzip}). */
    public void writeDockerArchive(Path file, Compression outer) {
        ArchiveFiles.writeTar(file, dockerArchiveFiles(), outer);
    }

    /**
     * Writes a Docker 25+ {@code docker save} archive: an OCI image layout (image-layout.md:
     * {@code oci-layout}, {@code index.json} annotated with {@value #CONTAINERD_NAME} and
     * {@value #REF_NAME}, {@code blobs/sha256/*}) that also carries the legacy
     * {@code manifest.json} whose {@code Config} and {@code Layers} point into
     * {@code blobs/sha256/}, plus {@code repositories}. Layer blobs keep their compression (the
     * containerd image store saves layers as pulled, often gzip).
     */
    public void writeDockerArchiveOci(Path file) {
        writeDockerArchiveOci(file, Compression.NONE);
    }

    /** {@link #writeDockerArchiveOci(Path)}, with the whole archive compressed. */
    public void writeDockerArchiveOci(Path file, Compression outer) {
        Built b = build();
        Map<String, byte[]> files = new LinkedHashMap<>();
        putBlobs(files, b);
        List<Object> index = new ArrayList<>();
        for (String tag : tags) {
            index.add(manifestDescriptor(b, Json.object(CONTAINERD_NAME, fullName(tag),
                    REF_NAME, refName(tag))));
        }
        if (tags.isEmpty()) {
            index.add(manifestDescriptor(b, null));
        }
        files.put("index.json", ArchiveFiles.utf8(Json.write(indexJson(index))));
        List<Object> layerPaths = b.layers.stream()
                .map(l -> (Object) ("blobs/sha256/" + hex(l.digest))).toList();
        files.put("manifest.json", ArchiveFiles.utf8(Json.write(List.of(Json.object(
                "Config", "blobs/sha256/" + hex(b.configDigest),
                "RepoTags", tags.isEmpty() ? Json.NULL : List.copyOf(tags),
                "Layers", layerPaths)))));
        files.put("oci-layout", ociLayout());
        putRepositories(files, hex(b.layers.isEmpty() ? b.configDigest
                : b.layers.get(b.layers.size() - 1).digest));
        ArchiveFiles.writeTar(file, files, outer);
    }

    /**
     * Writes an OCI image layout directory (image-layout.md): {@code oci-layout},
     * {@code index.json} with one manifest descriptor per tag (annotated {@value #REF_NAME}; a
     * single unannotated one when untagged), and {@code blobs/sha256/<hex>} for the config,
     * the layers (media types {@code application/vnd.oci.image.layer.v1.tar}, {@code +gzip},
     * {@code +zstd}) and the manifest (manifest.md). Readable by {@code skopeo inspect
     * oci:DIR:TAG} and {@code umoci}.
     */
    public void writeOciLayout(Path dir) {
        ArchiveFiles.writeDirectory(dir, ociLayoutFiles());
    }

    /** Writes the {@link #writeOciLayout OCI layout} as one tar ({@code oci-archive:}). */
    public void writeOciArchive(Path file) {
        writeOciArchive(file, Compression.NONE);
    }

    /** {@link #writeOciArchive(Path)}, with the whole archive compressed. */
    public void writeOciArchive(Path file, Compression outer) {
        ArchiveFiles.writeTar(file, ociLayoutFiles(), outer);
    }

    private Map<String, byte[]> ociLayoutFiles() {
        Built b = build();
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("oci-layout", ociLayout());
        List<Object> index = new ArrayList<>();
        for (String tag : tags) {
            index.add(manifestDescriptor(b, Json.object(REF_NAME, refName(tag))));
        }
        if (tags.isEmpty()) {
            index.add(manifestDescriptor(b, null));
        }
        files.put("index.json", ArchiveFiles.utf8(Json.write(indexJson(index))));
        putBlobs(files, b);
        return files;
    }

    private Map<String, byte[]> dockerArchiveFiles() {
        Built b = build();
        Map<String, byte[]> files = new LinkedHashMap<>();
        List<Object> layerPaths = new ArrayList<>();
        String parent = null;
        for (BuiltLayer l : b.layers) {
            String id = Digests.sha256Hex(ArchiveFiles.utf8(
                    (parent == null ? "" : parent) + " " + l.diffId));
            files.put(id + "/VERSION", ArchiveFiles.utf8("1.0"));
            files.put(id + "/json", ArchiveFiles.utf8(Json.write(Json.object(
                    "id", id, "parent", parent, "created", CREATED, "os", os))));
            files.put(id + "/layer.tar", l.blob);
            layerPaths.add(id + "/layer.tar");
            parent = id;
        }
        String configName = hex(b.configDigest) + ".json";
        files.put(configName, b.config);
        files.put("manifest.json", ArchiveFiles.utf8(Json.write(List.of(Json.object(
                "Config", configName,
                "RepoTags", tags.isEmpty() ? Json.NULL : List.copyOf(tags),
                "Layers", layerPaths)))));
        putRepositories(files, parent == null ? hex(b.configDigest) : parent);
        return files;
    }

    /** Docker's {@code repositories}: {@code {"name": {"tag": "<top layer id>"}}}. */
    private void putRepositories(Map<String, byte[]> files, String topId) {
        if (tags.isEmpty()) {
            return;
        }
        Map<String, Map<String, Object>> repos = new LinkedHashMap<>();
        for (String tag : tags) {
            int colon = tag.lastIndexOf(':');
            repos.computeIfAbsent(tag.substring(0, colon), k -> new LinkedHashMap<>())
                    .put(tag.substring(colon + 1), topId);
        }
        files.put("repositories", ArchiveFiles.utf8(Json.write(repos)));
    }

    /** Puts config, layer and manifest blobs under {@code blobs/sha256/} (deduplicated). */
    static void putBlobs(Map<String, byte[]> files, Built b) {
        files.putIfAbsent("blobs/sha256/" + hex(b.configDigest), b.config);
        for (BuiltLayer l : b.layers) {
            files.putIfAbsent("blobs/sha256/" + hex(l.digest), l.blob);
        }
        files.putIfAbsent("blobs/sha256/" + hex(b.manifestDigest), b.manifest);
    }

    /** A manifest descriptor (descriptor.md) with optional annotations and platform. */
    static Map<String, Object> manifestDescriptor(Built b, Map<String, Object> annotations) {
        return Json.object("mediaType", b.manifestMediaType, "digest", b.manifestDigest,
                "size", (long) b.manifest.length, "annotations", annotations);
    }

    /** The platform object of image-index.md ({@code architecture}, {@code os}, variant). */
    Map<String, Object> platformJson() {
        return Json.object("architecture", architecture, "os", os, "variant", variant);
    }

    static Map<String, Object> indexJson(List<Object> manifests) {
        return Json.object("schemaVersion", 2, "mediaType", OCI_INDEX, "manifests", manifests);
    }

    /** image-layout.md: the {@code oci-layout} marker file. */
    static byte[] ociLayout() {
        return ArchiveFiles.utf8(Json.write(Json.object("imageLayoutVersion", "1.0.0")));
    }

    /** The {@value #REF_NAME} value for a reference: its tag part. */
    static String refName(String reference) {
        return reference.substring(reference.lastIndexOf(':') + 1);
    }

    /** Docker's normalized name: {@code alpine:3} becomes {@code docker.io/library/alpine:3}. */
    static String fullName(String reference) {
        int slash = reference.indexOf('/');
        if (slash < 0) {
            return "docker.io/library/" + reference;
        }
        String first = reference.substring(0, slash);
        boolean registry = first.contains(".") || first.contains(":") || first.equals("localhost");
        return registry ? reference : "docker.io/" + reference;
    }

    static String hex(String digest) {
        return digest.substring(digest.indexOf(':') + 1);
    }

    /** Serializes layers, config and manifest; validates history and truncations. */
    Built build() {
        List<BuiltLayer> built = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec spec = layers.get(i);
            byte[] tar = spec.layer.bytes();
            byte[] blob = spec.compression.compress(tar);
            Integer keep = truncations.get(i);
            if (keep != null) {
                if (keep >= blob.length) {
                    throw new IllegalStateException("layer " + i + " blob has " + blob.length
                            + " bytes, cannot truncate to " + keep);
                }
                blob = Arrays.copyOf(blob, keep);
            }
            built.add(new BuiltLayer(tar, Digests.sha256(tar), blob, Digests.sha256(blob),
                    layerMediaType(spec.compression)));
        }
        for (Integer index : truncations.keySet()) {
            if (index < 0 || index >= layers.size()) {
                throw new IllegalStateException("truncateLayer: no layer " + index);
            }
        }
        byte[] config = ArchiveFiles.utf8(Json.write(config(built)));
        String configDigest = Digests.sha256(config);
        List<Object> layerDescriptors = new ArrayList<>();
        for (BuiltLayer l : built) {
            layerDescriptors.add(Json.object("mediaType", l.mediaType, "digest", l.digest,
                    "size", (long) l.blob.length));
        }
        boolean docker = mediaTypes == MediaTypes.DOCKER;
        String manifestType = docker ? DOCKER_MANIFEST : OCI_MANIFEST;
        byte[] manifest = ArchiveFiles.utf8(Json.write(Json.object(
                "schemaVersion", 2,
                "mediaType", manifestType,
                "config", Json.object("mediaType", docker ? DOCKER_CONFIG : OCI_CONFIG,
                        "digest", configDigest, "size", (long) config.length),
                "layers", layerDescriptors)));
        return new Built(List.copyOf(built), config, configDigest, manifest,
                Digests.sha256(manifest), manifestType);
    }

    private String layerMediaType(Compression compression) {
        if (mediaTypes == MediaTypes.DOCKER) {
            switch (compression) {
                case NONE:
                    return "application/vnd.docker.image.rootfs.diff.tar";
                case GZIP:
                    return "application/vnd.docker.image.rootfs.diff.tar.gzip";
                default:
                    break;
            }
        }
        return compression.layerMediaType();
    }

    private Map<String, Object> config(List<BuiltLayer> built) {
        List<Object> entries = new ArrayList<>();
        if (history.isEmpty()) {
            for (int i = 0; i < built.size(); i++) {
                entries.add(Json.object("created", CREATED, "created_by", "testkit layer " + i));
            }
        } else {
            long nonEmpty = history.stream().filter(h -> !h.emptyLayer).count();
            if (nonEmpty != built.size()) {
                throw new IllegalStateException(nonEmpty + " non-empty history entries for "
                        + built.size() + " layers");
            }
            for (History h : history) {
                entries.add(Json.object("created", CREATED, "created_by", h.createdBy,
                        "empty_layer", h.emptyLayer ? Boolean.TRUE : null));
            }
        }
        return Json.object(
                "created", CREATED,
                "architecture", architecture,
                "variant", variant,
                "os", os,
                "config", Json.object("Env", List.of(
                        "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")),
                "rootfs", Json.object("type", "layers",
                        "diff_ids", built.stream().map(l -> (Object) l.diffId).toList()),
                "history", entries);
    }
}
