package dev.tarsier.core;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProxyEnvironmentTest {

    private static String via(ProxySelector selector, String uri) {
        Proxy p = selector.select(URI.create(uri)).get(0);
        return p.type() == Proxy.Type.DIRECT ? "direct" : ((InetSocketAddress) p.address()).getHostString() + ":"
                + ((InetSocketAddress) p.address()).getPort();
    }

    @Test
    void selector_noProxyVariables_isEmpty() {
        assertEquals(Optional.empty(), ProxyEnvironment.selector(Map.of("NO_PROXY", "example.com", "PATH", "/bin")));
    }

    @Test
    void select_usesTheVariableOfTheScheme_upperCaseFirst() {
        ProxySelector s = ProxyEnvironment.selector(Map.of("HTTPS_PROXY", "http://127.0.0.2:3128",
                "https_proxy", "http://127.0.0.3:1", "http_proxy", "127.0.0.4")).orElseThrow();
        assertEquals("127.0.0.2:3128", via(s, "https://ghcr.io/v2/"));
        assertEquals("127.0.0.4:80", via(s, "http://registry.internal:5000/v2/"));
        assertEquals("direct", via(s, "ftp://example.com/"));
    }

    @Test
    void select_noProxyEntries_domainsSubdomainsPortsAndStar() {
        ProxySelector s = ProxyEnvironment.selector(Map.of("HTTPS_PROXY", "127.0.0.2:3128",
                "NO_PROXY", "internal.example, .corp.example,registry.example:5000,10.1.2.3")).orElseThrow();
        assertEquals("direct", via(s, "https://internal.example/v2/"));
        assertEquals("direct", via(s, "https://harbor.internal.example/v2/"));
        assertEquals("direct", via(s, "https://corp.example/v2/"));
        assertEquals("direct", via(s, "https://a.b.corp.example/v2/"));
        assertEquals("127.0.0.2:3128", via(s, "https://notcorp.example/v2/"), "a suffix must end at a dot");
        assertEquals("direct", via(s, "https://registry.example:5000/v2/"));
        assertEquals("127.0.0.2:3128", via(s, "https://registry.example/v2/"), "another port is proxied");
        assertEquals("direct", via(s, "https://10.1.2.3/v2/"));
        assertEquals("127.0.0.2:3128", via(s, "https://ghcr.io/v2/"));
        ProxySelector all = ProxyEnvironment.selector(Map.of("HTTPS_PROXY", "127.0.0.2:3128", "no_proxy", "*")).orElseThrow();
        assertEquals("direct", via(all, "https://ghcr.io/v2/"));
    }

    @Test
    void select_localhostAndLoopback_areAlwaysDirect() {
        ProxySelector s = ProxyEnvironment.selector(Map.of("HTTPS_PROXY", "127.0.0.2:3128")).orElseThrow();
        for (String uri : List.of("https://localhost:5000/v2/", "https://127.0.0.1:5000/v2/", "https://[::1]:5000/v2/",
                "https://registry.localhost/v2/")) {
            assertEquals("direct", via(s, uri), uri);
        }
    }

    @Test
    void selector_unusableProxies_areRefusedWithTheReason() {
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> ProxyEnvironment.selector(Map.of("HTTPS_PROXY", "https://proxy:3129"))).getMessage()
                .contains("only http:// proxies"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> ProxyEnvironment.selector(Map.of("HTTPS_PROXY", "socks5://proxy:1080"))).getMessage()
                .contains("only http:// proxies"));
        IllegalArgumentException credentials = assertThrows(IllegalArgumentException.class,
                () -> ProxyEnvironment.selector(Map.of("HTTP_PROXY", "http://user:s3cret@proxy:3128")));
        assertTrue(credentials.getMessage().contains("require credentials"), credentials.getMessage());
        assertTrue(!credentials.getMessage().contains("s3cret"), "the password is not repeated");
    }
}
