package dev.tarsier.core;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * HTTP proxies named by environment variables, the way curl, Docker and Go programs read them:
 * {@code HTTPS_PROXY} for {@code https} requests, {@code HTTP_PROXY} for {@code http} ones (upper
 * case first, then lower case), and {@code NO_PROXY}, a comma-separated list of hosts reached
 * directly: {@code *} for all, a domain name ({@code example.com} or {@code .example.com}, which
 * also covers its subdomains), an IP address, each optionally with {@code :port}. {@code localhost}
 * and loopback addresses are always reached directly. For {@link ImageScanner.Builder#registryProxy}.
 *
 * <p>A proxy is {@code http://host:port} or {@code host:port} (port 80 when absent). Proxies spoken
 * to over TLS ({@code https://}), SOCKS proxies and proxies that need credentials are refused with
 * an {@link IllegalArgumentException} rather than silently bypassed.
 *
 * @since 0.3
 */
public final class ProxyEnvironment extends ProxySelector {

    private final Optional<InetSocketAddress> https;
    private final Optional<InetSocketAddress> http;
    private final List<String> noProxy;

    private ProxyEnvironment(Optional<InetSocketAddress> https, Optional<InetSocketAddress> http, List<String> noProxy) {
        this.https = https;
        this.http = http;
        this.noProxy = noProxy;
    }

    /**
     * The selector for these variables, or empty when they name no proxy.
     *
     * @param env environment variables, {@link System#getenv()} in a program
     * @throws IllegalArgumentException when a proxy variable cannot be used (see class comment)
     */
    public static Optional<ProxySelector> selector(Map<String, String> env) {
        Optional<InetSocketAddress> https = proxy(env, "HTTPS_PROXY");
        Optional<InetSocketAddress> http = proxy(env, "HTTP_PROXY");
        if (https.isEmpty() && http.isEmpty()) {
            return Optional.empty();
        }
        List<String> noProxy = new ArrayList<>();
        for (String entry : variable(env, "NO_PROXY").orElse("").split("[,\\s]+")) {
            if (!entry.isBlank()) {
                noProxy.add(entry.strip().toLowerCase(Locale.ROOT));
            }
        }
        return Optional.of(new ProxyEnvironment(https, http, List.copyOf(noProxy)));
    }

    private static Optional<String> variable(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            value = env.get(name.toLowerCase(Locale.ROOT));
        }
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    private static Optional<InetSocketAddress> proxy(Map<String, String> env, String name) {
        Optional<String> value = variable(env, name);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        String text = value.get();
        URI uri;
        try {
            uri = URI.create(text.contains("://") ? text : "http://" + text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " is not a proxy URL: " + e.getMessage(), e);
        }
        if (!"http".equalsIgnoreCase(uri.getScheme())) {
            throw new IllegalArgumentException(name + ": only http:// proxies are supported, not " + uri.getScheme() + "://");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException(name + ": proxies that require credentials are not supported");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException(name + " names no proxy host");
        }
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
        return Optional.of(InetSocketAddress.createUnresolved(host, uri.getPort() >= 0 ? uri.getPort() : 80));
    }

    @Override
    public List<Proxy> select(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        Optional<InetSocketAddress> proxy = switch (scheme) {
            case "https" -> https;
            case "http" -> http;
            default -> Optional.empty();
        };
        if (proxy.isEmpty() || uri.getHost() == null || direct(uri)) {
            return List.of(Proxy.NO_PROXY);
        }
        // resolved now (the JVM caches names), as sockets cannot connect to an unresolved address
        return List.of(new Proxy(Proxy.Type.HTTP, new InetSocketAddress(proxy.get().getHostString(), proxy.get().getPort())));
    }

    private boolean direct(URI uri) {
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.equals("localhost") || host.endsWith(".localhost") || loopbackLiteral(host)) {
            return true;
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        for (String entry : noProxy) {
            if (entry.equals("*")) {
                return true;
            }
            String name = entry;
            int colon = entry.lastIndexOf(':');
            if (colon > 0 && entry.indexOf(']') < colon && entry.substring(colon + 1).matches("\\d+")) {
                if (Integer.parseInt(entry.substring(colon + 1)) != port) {
                    continue;
                }
                name = entry.substring(0, colon);
            }
            name = name.startsWith("[") && name.endsWith("]") ? name.substring(1, name.length() - 1) : name;
            String domain = name.startsWith(".") ? name.substring(1) : name;
            if (host.equals(domain) || host.endsWith("." + domain)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the host is a loopback IP literal (never resolved: a name is not looked up here). */
    private static boolean loopbackLiteral(String host) {
        if (!host.matches("[0-9.]+|[0-9a-f:]*:[0-9a-f:.]*")) {
            return false;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void connectFailed(URI uri, SocketAddress address, IOException failure) {
        // nothing to learn: the variables name one proxy per scheme
    }

    @Override
    public String toString() {
        return "ProxyEnvironment[https=" + https.map(Object::toString).orElse("none") + ", http="
                + http.map(Object::toString).orElse("none") + ", noProxy=" + noProxy + "]";
    }
}
