package dev.tarsier.core;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Listing a registry through a token-authenticated server that pages its answers as the
 * distribution spec describes ({@code Link: <...>; rel="next"}).
 */
class RegistryListingTest {

    @TempDir
    Path tmp;
    private HttpServer server;
    private final List<String> scopes = new CopyOnWriteArrayList<>();
    /** Answers by path and query ({@code /v2/_catalog?last=b}): status, Link header or null, body. */
    private final Map<String, String[]> pages = new ConcurrentHashMap<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String host() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String query = ex.getRequestURI().getRawQuery();
        if (path.equals("/token")) {
            String scope = URLDecoder.decode(query.replaceAll(".*scope=([^&]*).*", "$1"), StandardCharsets.UTF_8);
            scopes.add(scope);
            reply(ex, 200, null, "{\"token\":\"t-" + scope.hashCode() + "\"}");
            return;
        }
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth == null || !auth.startsWith("Bearer t-")) {
            ex.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"http://" + host() + "/token\",service=\"test\"");
            reply(ex, 401, null, "{\"errors\":[{\"code\":\"UNAUTHORIZED\"}]}");
            return;
        }
        if (path.equals("/v2/")) {
            reply(ex, 200, null, "{}");
            return;
        }
        String[] page = pages.get(path + (query == null ? "" : "?" + query));
        if (page == null) {
            reply(ex, 404, null, "{\"errors\":[{\"code\":\"NAME_UNKNOWN\",\"message\":\"repository name not known\"}]}");
            return;
        }
        reply(ex, Integer.parseInt(page[0]), page[1], page[2]);
    }

    private static void reply(HttpExchange ex, int status, String link, String body) throws IOException {
        if (link != null) {
            ex.getResponseHeaders().add("Link", link);
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    private ImageScanner scanner() throws IOException {
        return ImageScanner.builder().analyzers(TestAnalyzers.all()).insecureRegistries(List.of(host()))
                .dockerConfigDir(Files.createDirectories(tmp.resolve("docker"))).build();
    }

    @Test
    void repositoriesAndTags_followEveryPage_withTheCatalogAndPullScopes() throws Exception {
        pages.put("/v2/_catalog", new String[] {"200", "</v2/_catalog?last=b&n=2>; rel=\"next\"",
            "{\"repositories\":[\"a\",\"b\"]}"});
        pages.put("/v2/_catalog?last=b&n=2", new String[] {"200", "<http://" + host() + "/v2/_catalog?last=d&n=2>; rel=\"next\"",
            "{\"repositories\":[\"c\",\"team/d\"]}"});
        pages.put("/v2/_catalog?last=d&n=2", new String[] {"200", null, "{\"repositories\":[\"e\"]}"});
        pages.put("/v2/team/d/tags/list", new String[] {"200", "</v2/team/d/tags/list?last=1.0&n=1>; rel=\"next\"",
            "{\"name\":\"team/d\",\"tags\":[\"1.0\"]}"});
        pages.put("/v2/team/d/tags/list?last=1.0&n=1", new String[] {"200", null, "{\"name\":\"team/d\",\"tags\":null}"});
        try (ImageScanner scanner = scanner()) {
            assertEquals(List.of("a", "b", "c", "team/d", "e"), scanner.repositories(host()));
            assertEquals(List.of("1.0"), scanner.tags(host() + "/team/d"));
        }
        assertTrue(scopes.contains("registry:catalog:*"), scopes.toString());
        assertTrue(scopes.contains("repository:team/d:pull"), scopes.toString());
    }

    @Test
    void listing_refusesPagesOnAnotherHost_bodiesThatAreNotListings_andUnknownRepositories() throws Exception {
        pages.put("/v2/_catalog", new String[] {"200", "<http://elsewhere.example/v2/_catalog?last=a>; rel=\"next\"",
            "{\"repositories\":[\"a\"]}"});
        pages.put("/v2/x/tags/list", new String[] {"200", null, "not json"});
        pages.put("/v2/y/tags/list", new String[] {"200", null, "{\"tags\":\"1.0\"}"});
        try (ImageScanner scanner = scanner()) {
            ImageAccessException elsewhere = assertThrows(ImageAccessException.class, () -> scanner.repositories(host()));
            assertTrue(elsewhere.getMessage().contains("on another host: elsewhere.example"), elsewhere.getMessage());
            ImageAccessException notJson = assertThrows(ImageAccessException.class, () -> scanner.tags(host() + "/x"));
            assertTrue(notJson.getMessage().contains("is not JSON"), notJson.getMessage());
            ImageAccessException notList = assertThrows(ImageAccessException.class, () -> scanner.tags(host() + "/y"));
            assertTrue(notList.getMessage().contains("has no list of tags"), notList.getMessage());
            ImageAccessException unknown = assertThrows(ImageAccessException.class, () -> scanner.tags(host() + "/z"));
            assertTrue(unknown.getMessage().contains("404") && unknown.getMessage().contains("NAME_UNKNOWN"),
                    unknown.getMessage());
        }
    }
}
