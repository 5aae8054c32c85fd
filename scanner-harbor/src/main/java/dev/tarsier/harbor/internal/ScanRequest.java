package dev.tarsier.harbor.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A validated {@code ScanRequest} (pluggable scanner API v1.1, with v1.2's
 * {@code enabled_capabilities}): where the registry is, how to authenticate to it, and which
 * artifact to scan. {@link #toString()} never shows the authorization.
 *
 * @param registryUrl the registry's base URL ({@code http} or {@code https}, no path)
 * @param authorization the {@code Authorization} value Harbor passes for the registry, if any
 * @param artifact the artifact as Harbor named it (echoed in reports)
 * @param capabilities the capabilities asked for ({@code vulnerability}, {@code sbom}); all when
 *     the request names none
 */
public record ScanRequest(URI registryUrl, Optional<String> authorization, Artifact artifact, Set<String> capabilities) {

    /** Capability types this adapter knows. */
    public static final Set<String> CAPABILITIES = Set.of("vulnerability", "sbom");

    private static final Pattern REPOSITORY = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*");
    private static final Pattern DIGEST = Pattern.compile("sha256:[a-f0-9]{64}");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

    /**
     * The artifact of a request.
     *
     * @param repository the repository in the registry ({@code library/mongo})
     * @param digest the manifest digest, if given
     * @param tag the tag, if given
     * @param mimeType the artifact's manifest media type, if given
     */
    public record Artifact(String repository, Optional<String> digest, Optional<String> tag, Optional<String> mimeType) {
        public Artifact {
            Objects.requireNonNull(repository, "repository");
            Objects.requireNonNull(digest, "digest");
            Objects.requireNonNull(tag, "tag");
            Objects.requireNonNull(mimeType, "mimeType");
        }
    }

    /** A request the adapter refuses: 400 (not JSON, or wrong JSON types) or 422 (an invalid field). */
    public static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;
        private final int status;

        Invalid(int status, String message) {
            super(message);
            this.status = status;
        }

        /** The HTTP status to answer with. */
        public int status() {
            return status;
        }
    }

    public ScanRequest {
        Objects.requireNonNull(registryUrl, "registryUrl");
        Objects.requireNonNull(authorization, "authorization");
        Objects.requireNonNull(artifact, "artifact");
        capabilities = Set.copyOf(capabilities);
    }

    /** The registry as named in image references: {@code host} or {@code host:port}. */
    public String registryHost() {
        return registryUrl.getPort() < 0 ? registryUrl.getHost() : registryUrl.getHost() + ":" + registryUrl.getPort();
    }

    /** Whether the registry is reached over plain HTTP, as its URL says. */
    public boolean plainHttp() {
        return registryUrl.getScheme().equals("http");
    }

    /** The image reference to scan: by digest when Harbor gave one, else by tag. */
    public String imageReference() {
        String ref = artifact.digest().map(d -> "@" + d).orElseGet(() -> ":" + artifact.tag().orElseThrow());
        return "registry:" + registryHost() + "/" + artifact.repository() + ref;
    }

    /**
     * Parses and validates a request body.
     *
     * @throws Invalid with 400 when the body is not a JSON object or a field has the wrong JSON type,
     *     422 when a required field is missing or a value is not acceptable
     */
    public static ScanRequest parse(byte[] body, ObjectMapper mapper) throws Invalid {
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw new Invalid(400, "malformed JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new Invalid(400, "unreadable request body");
        }
        if (root == null || !root.isObject()) {
            throw new Invalid(400, "the scan request must be a JSON object");
        }
        JsonNode registry = object(root, "registry");
        JsonNode artifact = object(root, "artifact");
        if (registry == null) {
            throw new Invalid(422, "registry is required");
        }
        if (artifact == null) {
            throw new Invalid(422, "artifact is required");
        }
        String url = text(registry, "registry.url", "url").orElseThrow(() -> new Invalid(422, "registry.url is required"));
        URI uri = registryUri(url);
        Optional<String> authorization = text(registry, "registry.authorization", "authorization").filter(a -> !a.isBlank());
        if (authorization.isPresent()) {
            String scheme = authorization.get().strip().split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
            if (!scheme.equals("basic") && !scheme.equals("bearer") || authorization.get().strip().indexOf(' ') < 0) {
                throw new Invalid(422, "registry.authorization must be 'Basic <credentials>' or 'Bearer <token>'");
            }
        }
        String repository = text(artifact, "artifact.repository", "repository")
                .orElseThrow(() -> new Invalid(422, "artifact.repository is required"));
        if (!REPOSITORY.matcher(repository).matches()) {
            throw new Invalid(422, "artifact.repository is not a repository name: '" + shorten(repository) + "'");
        }
        Optional<String> digest = text(artifact, "artifact.digest", "digest").filter(d -> !d.isEmpty());
        if (digest.isPresent() && !DIGEST.matcher(digest.get()).matches()) {
            throw new Invalid(422, "artifact.digest must be sha256:<64 hex digits>: '" + shorten(digest.get()) + "'");
        }
        Optional<String> tag = text(artifact, "artifact.tag", "tag").filter(t -> !t.isEmpty());
        if (tag.isPresent() && !TAG.matcher(tag.get()).matches()) {
            throw new Invalid(422, "artifact.tag is not a tag: '" + shorten(tag.get()) + "'");
        }
        if (digest.isEmpty() && tag.isEmpty()) {
            throw new Invalid(422, "artifact.digest (or artifact.tag) is required");
        }
        Optional<String> mimeType = text(artifact, "artifact.mime_type", "mime_type").filter(m -> !m.isEmpty());
        if (mimeType.isPresent() && !MediaTypes.CONSUMES.contains(mimeType.get())) {
            throw new Invalid(422, "unsupported artifact.mime_type '" + shorten(mimeType.get()) + "'; supported: "
                    + String.join(", ", MediaTypes.CONSUMES));
        }
        return new ScanRequest(uri, authorization, new Artifact(repository, digest, tag, mimeType), capabilities(root));
    }

    private static Set<String> capabilities(JsonNode root) throws Invalid {
        JsonNode enabled = root.get("enabled_capabilities");
        if (enabled == null || enabled.isNull()) {
            return CAPABILITIES;
        }
        if (!enabled.isArray()) {
            throw new Invalid(400, "enabled_capabilities must be an array");
        }
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode c : enabled) {
            if (!c.isObject()) {
                throw new Invalid(400, "enabled_capabilities items must be objects");
            }
            String type = text(c, "enabled_capabilities[].type", "type")
                    .orElseThrow(() -> new Invalid(422, "enabled_capabilities[].type is required"));
            if (!CAPABILITIES.contains(type)) {
                throw new Invalid(422, "unsupported capability type '" + shorten(type) + "'; supported: sbom, vulnerability");
            }
            JsonNode media = c.path("parameters").path("sbom_media_types");
            if (media.isArray()) {
                for (JsonNode m : media) {
                    if (!m.isTextual() || !m.asText().equals(MediaTypes.CYCLONEDX) && !m.asText().equals(MediaTypes.SPDX)) {
                        throw new Invalid(422, "unsupported sbom_media_types entry " + shorten(m.toString()));
                    }
                }
            }
            out.add(type);
        }
        if (out.isEmpty()) {
            throw new Invalid(422, "enabled_capabilities names no capability");
        }
        return out;
    }

    private static URI registryUri(String url) throws Invalid {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new Invalid(422, "registry.url is not a URL: '" + shorten(url) + "'");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new Invalid(422, "registry.url must be an http(s) URL with a host: '" + shorten(url) + "'");
        }
        if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null
                || uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/")) {
            throw new Invalid(422, "registry.url must be the registry's base URL (scheme, host and port only)");
        }
        try {
            return new URI(scheme, null, uri.getHost(), uri.getPort(), null, null, null);
        } catch (URISyntaxException e) {
            throw new Invalid(422, "registry.url is not a URL: '" + shorten(url) + "'");
        }
    }

    private static JsonNode object(JsonNode parent, String field) throws Invalid {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isObject()) {
            throw new Invalid(400, field + " must be a JSON object");
        }
        return n;
    }

    private static Optional<String> text(JsonNode parent, String name, String field) throws Invalid {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) {
            return Optional.empty();
        }
        if (!n.isTextual()) {
            throw new Invalid(400, name + " must be a string");
        }
        return Optional.of(n.asText());
    }

    private static String shorten(String s) {
        String oneLine = s.replaceAll("[\\p{Cntrl}]", "?");
        return oneLine.length() > 100 ? oneLine.substring(0, 100) + "..." : oneLine;
    }

    @Override
    public String toString() {
        return "ScanRequest[" + registryUrl + ", " + artifact + (authorization.isPresent() ? ", authorization=<redacted>" : "")
                + "]";
    }
}
