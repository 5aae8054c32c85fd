package dev.tarsier.core.internal.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.Test;

import java.net.Authenticator;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** The blocking stack of {@link RegistryTransport}: it sends nothing of its own. */
class RegistryTransportTest {

    private final RegistryTransport transport = new RegistryTransport(RegistrySettings.DEFAULT);

    @Test
    void blocking_401WithBasicChallenge_isReturnedAsIsWithoutTheJvmDefaultAuthenticator() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        List<Optional<String>> authorizations = new CopyOnWriteArrayList<>();
        server.createContext("/", exchange -> {
            authorizations.add(Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization")));
            exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"registry\"");
            exchange.sendResponseHeaders(401, -1);
            exchange.close();
        });
        server.start();
        Authenticator previous = Authenticator.getDefault();
        // an application-wide authenticator that would hand out a password to anyone who asks
        Authenticator.setDefault(new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                return new PasswordAuthentication("app-user", "app-secret".toCharArray());
            }
        });
        try {
            URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v2/repo/manifests/1.0");
            Reply reply = transport.blocking(uri, "GET", Map.of("Accept", "application/json"), RequestBody.NONE, Duration.ofSeconds(10), true);
            reply.body().close();

            assertEquals(401, reply.statusCode());
            assertEquals(Optional.of("Basic realm=\"registry\""), reply.headers().firstValue("www-authenticate"));
            assertEquals(List.of(Optional.empty()), authorizations, "one request, and no credentials of the JVM's own");
        } finally {
            Authenticator.setDefault(previous);
            server.stop(0);
        }
    }
}
