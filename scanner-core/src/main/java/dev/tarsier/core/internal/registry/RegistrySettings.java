package dev.tarsier.core.internal.registry;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How registries are reached.
 *
 * @param caFile extra trusted certificates (PEM), added to the JDK's default trust store
 * @param insecureHosts {@code host[:port]} names that may be reached over plain HTTP or TLS without
 *        verification; every other host gets verified TLS
 * @param dockerConfigDir directory holding {@code config.json}; empty means {@code $DOCKER_CONFIG},
 *        then {@code ~/.docker}
 * @param helperPath directories searched for {@code docker-credential-<name>} helpers; empty means
 *        the directories of {@code PATH}
 * @param maxAttempts attempts per request on 429, 5xx and connection failures (at least 1)
 * @param backoff delay before the first retry, doubled for each further one
 * @param proxies where requests go through an HTTP proxy; empty means the JVM's default selector
 *        ({@code -Dhttps.proxyHost} and the other {@code java.net} proxy properties)
 * @param authorizations a fixed {@code Authorization} value by lower-case {@code host[:port]}, used
 *        for that registry instead of Docker's credentials (see {@link Credentials#fromAuthorization})
 */
public record RegistrySettings(Optional<Path> caFile, Set<String> insecureHosts, Optional<Path> dockerConfigDir,
                               List<Path> helperPath, int maxAttempts, Duration backoff, Optional<ProxySelector> proxies,
                               Map<String, Credentials> authorizations) {

    /** Verified TLS, Docker's config from the environment, 4 attempts starting at 500 ms, the JVM's proxies. */
    public static final RegistrySettings DEFAULT = new RegistrySettings(Optional.empty(), Set.of(), Optional.empty(),
            List.of(), 4, Duration.ofMillis(500), Optional.empty(), Map.of());

    public RegistrySettings {
        Objects.requireNonNull(caFile, "caFile");
        insecureHosts = insecureHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        Objects.requireNonNull(dockerConfigDir, "dockerConfigDir");
        helperPath = List.copyOf(helperPath);
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1: " + maxAttempts);
        }
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(proxies, "proxies");
        authorizations = authorizations.entrySet().stream().collect(Collectors.toUnmodifiableMap(
                e -> e.getKey().toLowerCase(Locale.ROOT), Map.Entry::getValue));
    }

    /** Whether {@code hostPort} was named insecure (as {@code host:port}, or as {@code host} alone). */
    public boolean insecure(String hostPort) {
        String h = hostPort.toLowerCase(Locale.ROOT);
        if (insecureHosts.contains(h)) {
            return true;
        }
        int colon = h.lastIndexOf(':');
        return colon > 0 && h.indexOf(']') < colon && insecureHosts.contains(h.substring(0, colon));
    }

    /** These settings with another extra CA file. */
    public RegistrySettings withCaFile(Path file) {
        return new RegistrySettings(Optional.of(file), insecureHosts, dockerConfigDir, helperPath, maxAttempts, backoff,
                proxies, authorizations);
    }

    /** These settings with other insecure hosts. */
    public RegistrySettings withInsecureHosts(Set<String> hosts) {
        return new RegistrySettings(caFile, hosts, dockerConfigDir, helperPath, maxAttempts, backoff, proxies, authorizations);
    }

    /** These settings with another Docker config directory. */
    public RegistrySettings withDockerConfigDir(Path dir) {
        return new RegistrySettings(caFile, insecureHosts, Optional.of(dir), helperPath, maxAttempts, backoff, proxies, authorizations);
    }

    /** These settings with other credential-helper directories. */
    public RegistrySettings withHelperPath(List<Path> dirs) {
        return new RegistrySettings(caFile, insecureHosts, dockerConfigDir, dirs, maxAttempts, backoff, proxies, authorizations);
    }

    /** These settings with another retry policy. */
    public RegistrySettings withRetries(int attempts, Duration firstDelay) {
        return new RegistrySettings(caFile, insecureHosts, dockerConfigDir, helperPath, attempts, firstDelay, proxies, authorizations);
    }

    /** These settings with another proxy selector. */
    public RegistrySettings withProxies(ProxySelector selector) {
        return new RegistrySettings(caFile, insecureHosts, dockerConfigDir, helperPath, maxAttempts, backoff,
                Optional.of(selector), authorizations);
    }

    /** These settings with a fixed authorization for one registry ({@code host[:port]}). */
    public RegistrySettings withAuthorization(String registry, Credentials credentials) {
        Map<String, Credentials> all = new java.util.HashMap<>(authorizations);
        all.put(registry, credentials);
        return new RegistrySettings(caFile, insecureHosts, dockerConfigDir, helperPath, maxAttempts, backoff, proxies, all);
    }

    /** The fixed authorization for a registry as named in references, if one was given. */
    public Optional<Credentials> authorization(String registry) {
        return Optional.ofNullable(authorizations.get(registry.toLowerCase(Locale.ROOT)));
    }

    /**
     * The HTTP proxy for a request to {@code uri}, if any: the first HTTP proxy the selector offers
     * (SOCKS proxies are not used; a DIRECT answer means none).
     */
    public Optional<InetSocketAddress> proxyFor(URI uri) {
        ProxySelector selector = proxies.orElseGet(ProxySelector::getDefault);
        if (selector == null) {
            return Optional.empty();
        }
        for (Proxy p : selector.select(uri)) {
            if (p.type() == Proxy.Type.DIRECT) {
                return Optional.empty();
            }
            if (p.type() == Proxy.Type.HTTP && p.address() instanceof InetSocketAddress address) {
                return Optional.of(address);
            }
        }
        return Optional.empty();
    }
}
