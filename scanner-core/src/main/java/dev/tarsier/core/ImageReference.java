package dev.tarsier.core;

import dev.tarsier.core.internal.registry.RegistryReference;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where an image comes from, as written on a command line:
 * {@code docker-archive:PATH[:TAG]}, {@code oci:PATH[:TAG]}, {@code oci-archive:PATH[:TAG]},
 * {@code dir:PATH}, {@code registry:HOST[:PORT]/REPO[:TAG|@DIGEST]} (or a Docker Hub name such as
 * {@code registry:alpine:3.19}), or a bare {@code PATH} whose format is detected from its content. A
 * registry is used only with the {@code registry:} prefix: a bare text is always a path.
 *
 * @param transport how to read the image; never null
 * @param location the path, or for {@link Transport#REGISTRY} the reference after the prefix; never null
 * @param tag the tag to choose within a multi-image archive or layout, if given; for a registry the
 *        tag pulled ({@code latest} when neither tag nor digest is given; empty with a digest)
 * @param text the reference as written; never null
 * @since 0.1
 */
public record ImageReference(Transport transport, String location, Optional<String> tag, String text) {

    /** How an image is read. */
    public enum Transport {
        /** A bare path: an OCI layout or a root filesystem when a directory, an archive when a file. */
        AUTO("", true),
        /** {@code docker save} output, plain or gzip-compressed, classic or Docker 25+ layout. */
        DOCKER_ARCHIVE("docker-archive:", true),
        /** An OCI image layout directory. */
        OCI_LAYOUT("oci:", true),
        /** A tar of an OCI image layout, plain or compressed. */
        OCI_ARCHIVE("oci-archive:", true),
        /** A root filesystem directory, scanned as one pseudo-layer. */
        DIRECTORY("dir:", false),
        /**
         * An image in a registry, read over the OCI distribution API.
         *
         * @since 0.2
         */
        REGISTRY("registry:", false);

        private final String prefix;
        private final boolean tagged;

        Transport(String prefix, boolean tagged) {
            this.prefix = prefix;
            this.tagged = tagged;
        }

        /** The prefix that selects this transport ({@code oci:}); empty for {@link #AUTO}. */
        public String prefix() {
            return prefix;
        }
    }

    public ImageReference {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(text, "text");
        if (location.isEmpty()) {
            throw new IllegalArgumentException("image reference without a path: '" + text + "'");
        }
    }

    /**
     * Parses a reference.
     *
     * <p>For {@code PATH:TAG} forms the text after the last {@code :} is a tag only when it contains
     * no {@code /} and the whole text is not itself an existing path, so paths containing colons
     * still work.
     *
     * <p>A {@code registry:} reference is checked against the distribution reference grammar here.
     *
     * @throws IllegalArgumentException when the reference is empty, names no path, or is an invalid
     *         registry reference
     */
    public static ImageReference parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isBlank()) {
            throw new IllegalArgumentException("empty image reference");
        }
        if (text.startsWith(Transport.REGISTRY.prefix)) {
            String rest = text.substring(Transport.REGISTRY.prefix.length());
            if (rest.isEmpty()) {
                throw new IllegalArgumentException("image reference without a repository: '" + text + "'");
            }
            RegistryReference parsed = RegistryReference.parse(rest);
            return new ImageReference(Transport.REGISTRY, rest, parsed.tag(), text);
        }
        for (Transport t : Transport.values()) {
            if (t != Transport.AUTO && text.startsWith(t.prefix)) {
                return split(t, text.substring(t.prefix.length()), text);
            }
        }
        return split(Transport.AUTO, text, text);
    }

    private static ImageReference split(Transport transport, String rest, String text) {
        int colon = rest.lastIndexOf(':');
        if (transport.tagged && colon > 0 && colon < rest.length() - 1) {
            String tag = rest.substring(colon + 1);
            if (tag.indexOf('/') < 0 && !Files.exists(Path.of(rest))) {
                return new ImageReference(transport, rest.substring(0, colon), Optional.of(tag), text);
            }
        }
        return new ImageReference(transport, rest, Optional.empty(), text);
    }

    /** The location as a file-system path (meaningless for {@link Transport#REGISTRY}). */
    public Path path() {
        return Path.of(location);
    }

    @Override
    public String toString() {
        return text;
    }
}
