package dev.tarsier.testkit;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes a multi-platform image: one {@link ImageBuilder} per platform (each with its own
 * layers and config), tied together by an OCI image index (image-spec image-index.md) whose
 * manifest descriptors carry a {@code platform} object.
 *
 * <p>Two shapes, both met in practice:
 * <ul>
 *   <li>{@link Shape#NESTED} (default): {@code index.json} holds one descriptor per tag of
 *       media type {@value ImageBuilder#OCI_INDEX}, annotated with
 *       {@value ImageBuilder#REF_NAME}, pointing to an image-index blob that lists the
 *       platform manifests; this is what buildkit's OCI exporter and
 *       {@code skopeo copy --all} write.</li>
 *   <li>{@link Shape#FLAT}: {@code index.json} lists the platform manifests directly, each
 *       with its {@code platform} and, when tagged, the same {@value ImageBuilder#REF_NAME},
 *       so a reader has to select by tag and then by platform.</li>
 * </ul>
 * The tags and platforms of the per-platform builders are used as given; their own tags are
 * ignored.
 */
public final class MultiPlatformImageBuilder {

    /** Where the platform manifests are listed. */
    public enum Shape {
        /** {@code index.json} → image index blob → platform manifests. */
        NESTED,
        /** {@code index.json} → platform manifests. */
        FLAT
    }

    private final List<ImageBuilder> images = new ArrayList<>();
    private final List<String> tags = new ArrayList<>();
    private Shape shape = Shape.NESTED;

    /** Creates an empty multi-platform image. */
    public MultiPlatformImageBuilder() {
    }

    /** Adds the image for one platform (set with {@link ImageBuilder#platform}). */
    public MultiPlatformImageBuilder image(ImageBuilder image) {
        images.add(Objects.requireNonNull(image, "image"));
        return this;
    }

    /** Adds a tag; as for {@link ImageBuilder#tag}, only its tag part is the ref name. */
    public MultiPlatformImageBuilder tag(String reference) {
        Objects.requireNonNull(reference, "reference");
        tags.add(reference.lastIndexOf(':') > reference.lastIndexOf('/') ? reference
                : reference + ":latest");
        return this;
    }

    /** Selects the index shape (default {@link Shape#NESTED}). */
    public MultiPlatformImageBuilder shape(Shape value) {
        this.shape = Objects.requireNonNull(value, "value");
        return this;
    }

    /** The image index listing the platform manifests (the nested blob, or index.json when flat). */
    public String platformIndexJson() {
        List<ImageBuilder.Built> built = images.stream().map(ImageBuilder::build).toList();
        return Json.write(platformIndex(built, null));
    }

    /** {@code sha256:...} of the nested image index blob. */
    public String platformIndexDigest() {
        return Digests.sha256(platformIndexJson().getBytes(StandardCharsets.UTF_8));
    }

    /** Writes an OCI image layout directory (image-layout.md) in the selected shape. */
    public void writeOciLayout(Path dir) {
        ArchiveFiles.writeDirectory(dir, files());
    }

    /** Writes the OCI layout as one tar ({@code oci-archive:}). */
    public void writeOciArchive(Path file) {
        writeOciArchive(file, Compression.NONE);
    }

    /** {@link #writeOciArchive(Path)}, with the whole archive compressed. */
    public void writeOciArchive(Path file, Compression outer) {
        ArchiveFiles.writeTar(file, files(), outer);
    }

    private Map<String, byte[]> files() {
        if (images.isEmpty()) {
            throw new IllegalStateException("no platform images added");
        }
        List<ImageBuilder.Built> built = images.stream().map(ImageBuilder::build).toList();
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("oci-layout", ImageBuilder.ociLayout());
        byte[] index;
        Map<String, byte[]> extra = new LinkedHashMap<>();
        if (shape == Shape.FLAT) {
            if (tags.size() > 1) {
                throw new IllegalStateException("a flat index carries at most one tag");
            }
            index = ArchiveFiles.utf8(Json.write(platformIndex(built,
                    tags.isEmpty() ? null : ImageBuilder.refName(tags.get(0)))));
        } else {
            byte[] nested = ArchiveFiles.utf8(Json.write(platformIndex(built, null)));
            String digest = Digests.sha256(nested);
            extra.put("blobs/sha256/" + ImageBuilder.hex(digest), nested);
            List<Object> descriptors = new ArrayList<>();
            for (String tag : tags) {
                descriptors.add(indexDescriptor(digest, nested.length,
                        Json.object(ImageBuilder.REF_NAME, ImageBuilder.refName(tag))));
            }
            if (tags.isEmpty()) {
                descriptors.add(indexDescriptor(digest, nested.length, null));
            }
            index = ArchiveFiles.utf8(Json.write(ImageBuilder.indexJson(descriptors)));
        }
        files.put("index.json", index);
        for (ImageBuilder.Built b : built) {
            ImageBuilder.putBlobs(files, b);
        }
        files.putAll(extra);
        return files;
    }

    private Map<String, Object> platformIndex(List<ImageBuilder.Built> built, String refName) {
        List<Object> manifests = new ArrayList<>();
        for (int i = 0; i < built.size(); i++) {
            ImageBuilder.Built b = built.get(i);
            manifests.add(Json.object("mediaType", b.manifestMediaType(),
                    "digest", b.manifestDigest(), "size", (long) b.manifest().length,
                    "platform", images.get(i).platformJson(),
                    "annotations", refName == null ? null
                            : Json.object(ImageBuilder.REF_NAME, refName)));
        }
        return ImageBuilder.indexJson(manifests);
    }

    private static Map<String, Object> indexDescriptor(String digest, int size,
            Map<String, Object> annotations) {
        return Json.object("mediaType", ImageBuilder.OCI_INDEX, "digest", digest,
                "size", (long) size, "annotations", annotations);
    }
}
