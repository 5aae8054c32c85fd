package dev.tarsier.core.internal.registry;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An image in a registry: {@code HOST[:PORT]/REPO[:TAG|@DIGEST]}, or a Docker-style short name.
 *
 * <p>Parsing follows the grammar of the distribution project's {@code reference} package: the first
 * path component is a registry host only when it contains a {@code .} or a {@code :} or is
 * {@code localhost}; otherwise the whole name is a Docker Hub repository ({@code docker.io}), and a
 * one-component Docker Hub name lives under {@code library/} ({@code alpine:3.19} is
 * {@code docker.io/library/alpine:3.19}). Without tag or digest the tag is {@code latest}.
 *
 * @param registry the registry as named ({@code docker.io}, {@code 127.0.0.1:5000}), lower case
 * @param repository the repository path ({@code library/alpine})
 * @param tag the tag, when no digest was given
 * @param digest the manifest digest ({@code sha256:<hex>}), when given
 */
public record RegistryReference(String registry, String repository, Optional<String> tag, Optional<String> digest) {

    /** The Docker Hub registry name used in references. */
    public static final String DOCKER_HUB = "docker.io";
    /** The host serving Docker Hub's distribution API. */
    public static final String DOCKER_HUB_ENDPOINT = "registry-1.docker.io";

    // distribution/reference grammar: path-component, tag and digest rules
    private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
    private static final Pattern DIGEST = Pattern.compile("sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128}");
    private static final Pattern HOST = Pattern.compile("(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?"
            + "(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\\[[0-9a-fA-F:.]+\\])(?::[0-9]{1,5})?");

    public RegistryReference {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(digest, "digest");
        if (tag.isPresent() == digest.isPresent()) {
            throw new IllegalArgumentException("exactly one of tag and digest is required");
        }
    }

    /**
     * Parses {@code HOST[:PORT]/REPO[:TAG|@DIGEST]} or a Docker Hub short name.
     *
     * @throws IllegalArgumentException when the text is not a valid image reference
     */
    public static RegistryReference parse(String text) {
        Objects.requireNonNull(text, "text");
        String rest = text;
        Optional<String> digest = Optional.empty();
        int at = rest.indexOf('@');
        if (at >= 0) {
            String d = rest.substring(at + 1);
            if (!DIGEST.matcher(d).matches()) {
                throw new IllegalArgumentException("invalid digest in image reference '" + text + "'");
            }
            digest = Optional.of(d);
            rest = rest.substring(0, at);
        }
        Optional<String> tag = Optional.empty();
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            String t = rest.substring(colon + 1);
            if (!TAG.matcher(t).matches()) {
                throw new IllegalArgumentException("invalid tag in image reference '" + text + "'");
            }
            tag = Optional.of(t);
            rest = rest.substring(0, colon);
        }
        String registry = DOCKER_HUB;
        String repository = rest;
        int slash = rest.indexOf('/');
        if (slash > 0) {
            String first = rest.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                if (!HOST.matcher(first).matches()) {
                    throw new IllegalArgumentException("invalid registry host in image reference '" + text + "'");
                }
                registry = first.toLowerCase(Locale.ROOT);
                repository = rest.substring(slash + 1);
            }
        }
        if (repository.isEmpty()) {
            throw new IllegalArgumentException("image reference names no repository: '" + text + "'");
        }
        for (String component : repository.split("/", -1)) {
            if (!COMPONENT.matcher(component).matches()) {
                throw new IllegalArgumentException("invalid repository name in image reference '" + text
                        + "' (lower-case letters, digits and . _ - separators)");
            }
        }
        if (registry.equals(DOCKER_HUB) && repository.indexOf('/') < 0) {
            repository = "library/" + repository;
        }
        if (digest.isPresent()) {
            // a digest pins the content; a tag written beside it is informational only
            tag = Optional.empty();
        } else if (tag.isEmpty()) {
            tag = Optional.of("latest");
        }
        return new RegistryReference(registry, repository, tag, digest);
    }

    /** The host and port to connect to; Docker Hub's API is served by {@value #DOCKER_HUB_ENDPOINT}. */
    public String endpoint() {
        return registry.equals(DOCKER_HUB) || registry.equals("index.docker.io") ? DOCKER_HUB_ENDPOINT : registry;
    }

    /** The tag or digest, as used in the manifest URL. */
    public String manifestReference() {
        return digest.orElseGet(tag::orElseThrow);
    }

    @Override
    public String toString() {
        return registry + "/" + repository + digest.map(d -> "@" + d).orElseGet(() -> ":" + tag.orElseThrow());
    }
}
