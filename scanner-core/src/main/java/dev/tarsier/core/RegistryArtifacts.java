package dev.tarsier.core;

import dev.tarsier.core.internal.registry.ArtifactTransfer;
import dev.tarsier.core.internal.registry.RegistryException;
import dev.tarsier.core.internal.registry.RegistryReference;
import dev.tarsier.core.internal.registry.RegistryTransport;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Pushes a single file to a registry as an OCI artifact, and pulls it back: how a compiled
 * vulnerability database built once is handed to every CI job, through mirrors and air gaps.
 * Registries are reached exactly as for image scans ({@link RegistryOptions}: TLS and extra CAs,
 * insecure hosts, Docker's credentials and helpers, proxies, retries).
 *
 * <pre>{@code
 * try (RegistryArtifacts artifacts = RegistryArtifacts.builder().build()) {
 *     artifacts.push("registry:ghcr.io/team/tarsier-db:2",
 *             new RegistryArtifacts.ArtifactFile(db, DB_TYPE, DB_LAYER_TYPE, Map.of()));
 *     artifacts.pull("ghcr.io/team/tarsier-db:2", DB_TYPE, DB_LAYER_TYPE, download);
 * }
 * }</pre>
 *
 * <p>The artifact is an OCI 1.1 image manifest ({@value #MANIFEST_MEDIA_TYPE}) whose
 * {@code artifactType} is the caller's, whose config is the empty descriptor
 * ({@value #EMPTY_MEDIA_TYPE}, the two bytes {@code {}}) and whose one layer is the file, with
 * the caller's media type and the annotation {@value #TITLE} (the file name); the manifest carries
 * the caller's annotations and {@value #CREATED} (see the OCI image specification, "Guidelines
 * for Artifact Usage"). The media types are parameters: this library knows nothing of the
 * database format.
 *
 * <p>Immutable and thread-safe. Owns the registry connections and request threads, released by
 * {@link #close()}.
 *
 * @since 0.4
 */
public final class RegistryArtifacts implements AutoCloseable {

    /** The media type of the manifest written and accepted: the OCI image manifest. */
    public static final String MANIFEST_MEDIA_TYPE = "application/vnd.oci.image.manifest.v1+json";
    /** The media type of the empty config descriptor (OCI image specification 1.1). */
    public static final String EMPTY_MEDIA_TYPE = "application/vnd.oci.empty.v1+json";
    /** The layer annotation naming the file. */
    public static final String TITLE = "org.opencontainers.image.title";
    /** The manifest annotation holding when it was pushed (RFC 3339), unless the caller gave one. */
    public static final String CREATED = "org.opencontainers.image.created";

    /** RFC 6838 section 4.2: {@code type/subtype}, restricted-name characters, an optional {@code +suffix}. */
    private static final Pattern MEDIA_TYPE = Pattern.compile(
            "[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}");

    private final RegistryTransport transport;

    private RegistryArtifacts(Builder b) {
        this.transport = new RegistryTransport(b.registrySettings());
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A file to push as an artifact.
     *
     * @param path a regular file; streamed, never read into memory; never null
     * @param artifactType the manifest's {@code artifactType}, such as
     *        {@code application/vnd.example.db.v1}; never null
     * @param layerMediaType the media type of the file's layer; never null
     * @param annotations annotations of the manifest (a {@value #CREATED} given here replaces the
     *        push time); never null
     * @since 0.4
     */
    public record ArtifactFile(Path path, String artifactType, String layerMediaType, Map<String, String> annotations) {

        /** @throws IllegalArgumentException when a media type is not {@code type/subtype} */
        public ArtifactFile {
            Objects.requireNonNull(path, "path");
            requireMediaType(artifactType, "artifactType");
            requireMediaType(layerMediaType, "layerMediaType");
            annotations = Map.copyOf(annotations);
        }
    }

    /**
     * What a push left in the registry.
     *
     * @param reference the reference pushed to, normalised ({@code docker.io/library/db:1}); never null
     * @param manifestDigest the digest of the manifest now tagged; never null
     * @param blobDigest the digest of the file's layer; never null
     * @param size the file's size in bytes
     * @param blobUploaded false when the registry had the layer already and it was not sent again
     * @since 0.4
     */
    public record Pushed(String reference, String manifestDigest, String blobDigest, long size, boolean blobUploaded) {

        /** Checks that no component is null. */
        public Pushed {
            Objects.requireNonNull(reference, "reference");
            Objects.requireNonNull(manifestDigest, "manifestDigest");
            Objects.requireNonNull(blobDigest, "blobDigest");
        }
    }

    /**
     * What a pull wrote, as the manifest described it.
     *
     * @param reference the reference pulled, normalised; never null
     * @param manifestDigest the digest of the manifest read; never null
     * @param blobDigest the digest of the layer written, verified; never null
     * @param size the number of bytes written, verified
     * @param annotations the manifest's annotations; never null
     * @param layerAnnotations the layer's annotations (such as {@value #TITLE}); never null
     * @since 0.4
     */
    public record Pulled(String reference, String manifestDigest, String blobDigest, long size,
                         Map<String, String> annotations, Map<String, String> layerAnnotations) {

        /** Checks that no component is null and copies the maps. */
        public Pulled {
            Objects.requireNonNull(reference, "reference");
            Objects.requireNonNull(manifestDigest, "manifestDigest");
            Objects.requireNonNull(blobDigest, "blobDigest");
            annotations = Map.copyOf(annotations);
            layerAnnotations = Map.copyOf(layerAnnotations);
        }
    }

    /**
     * Pushes a file as an artifact under a tag. Blobs the repository already holds (checked with
     * {@code HEAD}) are not uploaded again; the file is hashed, then streamed with a fixed length.
     * Authenticates for {@code repository:<name>:pull,push}.
     *
     * @param reference {@code [registry:]HOST[:PORT]/REPO:TAG}, or a Docker Hub name; the tag is required
     * @return the digests written; never null
     * @throws IllegalArgumentException when the reference is invalid or has no tag
     * @throws ImageAccessException when the registry cannot be reached or refuses the push (one line
     *         naming registry, repository, the step and the HTTP status)
     * @throws IOException when the file cannot be read
     * @throws InterruptedException when the calling thread is interrupted
     */
    public Pushed push(String reference, ArtifactFile file) throws ImageAccessException, IOException, InterruptedException {
        Objects.requireNonNull(file, "file");
        RegistryReference target = ArtifactTransfer.reference(reference);
        if (target.tag().isEmpty()) {
            throw new IllegalArgumentException("an artifact is pushed to a tag, not a digest: '" + reference + "'");
        }
        try {
            return ArtifactTransfer.push(transport, target, file);
        } catch (RegistryException e) {
            throw new ImageAccessException(e.getMessage(), e);
        } catch (InterruptedIOException e) {
            throw interrupted(e);
        }
    }

    /**
     * Pulls an artifact's file to {@code destination}, verifying its digest and size while it
     * streams; a connection broken part-way is resumed with a {@code Range} request. The manifest
     * must be an OCI image manifest whose {@code artifactType} (or, without one, config media type)
     * is {@code expectedArtifactType}, with exactly one layer of {@code layerMediaType}. On any
     * failure {@code destination} is deleted; on success it holds exactly the layer's bytes. The
     * caller checks the content itself and moves it into place.
     *
     * @param reference {@code [registry:]HOST[:PORT]/REPO[:TAG|@DIGEST]}, or a Docker Hub name
     * @param destination the file to write (created or replaced); its directory must exist
     * @return what was written; never null
     * @throws IllegalArgumentException when the reference or a media type is invalid
     * @throws ImageAccessException when the registry cannot be reached or refuses access, the
     *         manifest is not the expected artifact, or the content does not match its digest or size
     * @throws IOException when the destination cannot be written
     * @throws InterruptedException when the calling thread is interrupted
     */
    public Pulled pull(String reference, String expectedArtifactType, String layerMediaType, Path destination)
            throws ImageAccessException, IOException, InterruptedException {
        return pull(reference, expectedArtifactType, List.of(layerMediaType), destination);
    }

    /**
     * Like {@link #pull(String, String, String, Path)}, accepting a layer of any of
     * {@code layerMediaTypes}, such as the versions of a file format the caller can read; the
     * manifest must still hold exactly one layer of those types. The returned
     * {@link Pulled#layerAnnotations()} and the written bytes are that layer's.
     *
     * @param layerMediaTypes the acceptable media types of the file's layer; not empty
     * @throws IllegalArgumentException when the reference or a media type is invalid, or none is given
     * @since 0.4
     */
    public Pulled pull(String reference, String expectedArtifactType, List<String> layerMediaTypes, Path destination)
            throws ImageAccessException, IOException, InterruptedException {
        requireMediaType(expectedArtifactType, "expectedArtifactType");
        Objects.requireNonNull(layerMediaTypes, "layerMediaTypes");
        if (layerMediaTypes.isEmpty()) {
            throw new IllegalArgumentException("layerMediaTypes is empty");
        }
        layerMediaTypes.forEach(t -> requireMediaType(t, "layerMediaType"));
        Objects.requireNonNull(destination, "destination");
        RegistryReference target = ArtifactTransfer.reference(reference);
        try {
            return ArtifactTransfer.pull(transport, target, expectedArtifactType, List.copyOf(layerMediaTypes), destination);
        } catch (RegistryException e) {
            throw new ImageAccessException(e.getMessage(), e);
        } catch (InterruptedIOException e) {
            throw interrupted(e);
        }
    }

    /** Releases the request threads; connections close with them. */
    @Override
    public void close() {
        transport.close();
    }

    /** A transfer stopped by the caller's interruption, reported as such rather than as an I/O failure. */
    private static InterruptedException interrupted(InterruptedIOException e) {
        InterruptedException stop = new InterruptedException(e.getMessage());
        stop.initCause(e);
        return stop;
    }

    private static void requireMediaType(String value, String name) {
        Objects.requireNonNull(value, name);
        if (!MEDIA_TYPE.matcher(value).matches()) {
            throw new IllegalArgumentException(name + " is not a media type (type/subtype): '" + value + "'");
        }
    }

    /**
     * Configures {@link RegistryArtifacts}: the registry options of {@link RegistryOptions}. Not
     * thread-safe.
     *
     * @since 0.4
     */
    public static final class Builder extends RegistryOptions<Builder> {

        private Builder() {
        }

        @Override
        Builder self() {
            return this;
        }

        /** Builds the client. */
        public RegistryArtifacts build() {
            return new RegistryArtifacts(this);
        }
    }
}
