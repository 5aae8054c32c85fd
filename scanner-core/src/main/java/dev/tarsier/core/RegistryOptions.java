package dev.tarsier.core;

import dev.tarsier.core.internal.registry.Credentials;
import dev.tarsier.core.internal.registry.RegistrySettings;

import java.net.ProxySelector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How registries are reached, configured the same way for every builder that talks to one
 * ({@link ImageScanner.Builder}, {@link RegistryArtifacts.Builder}): trusted CAs, insecure hosts,
 * Docker's credentials, retries, proxies. See {@code docs/registry.md}. Each option may be set once.
 * Not thread-safe.
 *
 * @param <B> the builder type, returned by every option for chaining
 * @since 0.4
 */
public abstract sealed class RegistryOptions<B extends RegistryOptions<B>>
        permits ImageScanner.Builder, RegistryArtifacts.Builder {

    private RegistrySettings registry = RegistrySettings.DEFAULT;
    private final Set<String> set = new HashSet<>();

    RegistryOptions() {
    }

    /** This builder, typed as the subclass. */
    abstract B self();

    /** Fails when {@code option} was set before: an option set twice is a caller's mistake. */
    final void once(String option) {
        if (!set.add(option)) {
            throw new IllegalStateException(option + " already set");
        }
    }

    /** The registry settings configured so far. */
    final RegistrySettings registrySettings() {
        return registry;
    }

    /**
     * Trusts the certificates of this PEM (or DER) file, besides the JDK's default authorities,
     * for registries reached over TLS.
     *
     * @throws IllegalArgumentException when the file does not exist
     * @since 0.2
     */
    public B registryCaFile(Path file) {
        once("registryCaFile");
        Objects.requireNonNull(file, "file");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("registry CA file not found: " + file);
        }
        this.registry = registry.withCaFile(file);
        return self();
    }

    /**
     * Registries ({@code host} or {@code host:port}) that may be reached over plain HTTP or over
     * TLS without certificate verification. Every other registry gets verified TLS.
     *
     * @throws IllegalArgumentException when a name is blank or has a path
     * @since 0.2
     */
    public B insecureRegistries(Collection<String> hosts) {
        once("insecureRegistries");
        for (String h : hosts) {
            if (h == null || h.isBlank() || h.contains("/")) {
                throw new IllegalArgumentException("insecure registry must be HOST[:PORT]: '" + h + "'");
            }
        }
        this.registry = registry.withInsecureHosts(Set.copyOf(hosts));
        return self();
    }

    /**
     * Reads registry credentials from {@code config.json} in this directory instead of
     * {@code $DOCKER_CONFIG} or {@code ~/.docker}.
     *
     * @since 0.2
     */
    public B dockerConfigDir(Path dir) {
        once("dockerConfigDir");
        this.registry = registry.withDockerConfigDir(Objects.requireNonNull(dir, "dir"));
        return self();
    }

    /**
     * Looks for {@code docker-credential-<name>} helpers in these directories instead of those
     * of {@code PATH}.
     *
     * @since 0.2
     */
    public B credentialHelperPath(List<Path> dirs) {
        once("credentialHelperPath");
        this.registry = registry.withHelperPath(dirs);
        return self();
    }

    /**
     * Retry policy for registry requests answered with 429 or 5xx or failing to connect: at most
     * {@code attempts} tries, waiting {@code firstDelay} and doubling (default 4, 500 ms).
     *
     * @throws IllegalArgumentException when {@code attempts} is below 1
     * @since 0.2
     */
    public B registryRetries(int attempts, Duration firstDelay) {
        once("registryRetries");
        this.registry = registry.withRetries(attempts, Objects.requireNonNull(firstDelay, "firstDelay"));
        return self();
    }

    /**
     * Sends registry requests through the HTTP proxies this selector names (an {@code https}
     * registry through a {@code CONNECT} tunnel); by default the JVM's selector
     * ({@code -Dhttps.proxyHost}, {@code -Dhttp.nonProxyHosts}...). {@link ProxyEnvironment}
     * reads {@code HTTPS_PROXY}/{@code NO_PROXY}. SOCKS proxies are not used.
     *
     * @since 0.3
     */
    public B registryProxy(ProxySelector selector) {
        once("registryProxy");
        this.registry = registry.withProxies(Objects.requireNonNull(selector, "selector"));
        return self();
    }

    /**
     * Authenticates to one registry with this fixed HTTP {@code Authorization} value instead of
     * Docker's credentials, as a registry that calls a scanner passes it (Harbor's pluggable scanner
     * API gives a robot account's {@code Basic} credentials or a {@code Bearer} token):
     * <ul>
     * <li>{@code Basic base64(user:password)}: used like a password from Docker's configuration,
     * sent to the registry when it challenges with Basic, or to the token service its
     * {@code Bearer realm} names in exchange for a short-lived token;</li>
     * <li>{@code Bearer token}: sent as is to the registry when it challenges, never to a token
     * service.</li>
     * </ul>
     * Either goes to {@code registry}'s own origin only: never to another registry, nor to a host a
     * blob is redirected to. The value appears in no message.
     *
     * @param registry the registry as named in references: {@code host} or {@code host:port}
     * @param authorization the header value, {@code Basic ...} or {@code Bearer ...}
     * @throws IllegalArgumentException when the registry name is blank or has a path, or the value
     *     is neither Basic nor Bearer or is malformed
     * @since 0.4
     */
    public B registryAuthorization(String registry, String authorization) {
        once("registryAuthorization");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(authorization, "authorization");
        if (registry.isBlank() || registry.contains("/")) {
            throw new IllegalArgumentException("registry must be HOST[:PORT]: '" + registry + "'");
        }
        this.registry = this.registry.withAuthorization(registry, Credentials.fromAuthorization(authorization));
        return self();
    }
}
