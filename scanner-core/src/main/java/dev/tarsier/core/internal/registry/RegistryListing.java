package dev.tarsier.core.internal.registry;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * What a registry holds: its repositories ({@code GET /v2/_catalog}, an extension most registries
 * serve to authorised users) and a repository's tags ({@code GET /v2/<name>/tags/list}), with the
 * same authentication, TLS and retries as pulls.
 */
public final class RegistryListing {

    private RegistryListing() {
    }

    /**
     * The repositories of the registry at {@code host[:port]}, in the registry's order.
     *
     * @throws IllegalArgumentException when the host is not a registry host
     */
    public static List<String> repositories(String host, RegistryTransport transport)
            throws IOException, InterruptedException {
        // a placeholder repository: the client needs one, the catalog scope ignores it
        RegistryReference ref = RegistryReference.parse(host + "/catalog");
        if (!ref.registry().equalsIgnoreCase(host)) {
            throw new IllegalArgumentException("not a registry host (HOST[:PORT]): " + host);
        }
        return client(ref, transport, RegistryClient.Access.CATALOG).list("/v2/_catalog", "repositories");
    }

    /**
     * The tags of {@code host[:port]/repository}, in the registry's order.
     *
     * @throws IllegalArgumentException when the text is not a repository reference
     */
    public static List<String> tags(String repository, RegistryTransport transport) throws IOException, InterruptedException {
        RegistryReference ref = RegistryReference.parse(repository);
        return client(ref, transport, RegistryClient.Access.PULL).list("/v2/" + ref.repository() + "/tags/list", "tags");
    }

    private static RegistryClient client(RegistryReference ref, RegistryTransport transport, RegistryClient.Access access)
            throws IOException, InterruptedException {
        Optional<Credentials> credentials = DockerCredentials.forRegistry(transport.settings(), ref.registry());
        return RegistryClient.connect(ref, transport, credentials, access);
    }
}
