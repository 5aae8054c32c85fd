package dev.tarsier.core.internal.registry;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * A user name and secret for one registry, or an identity token (an OAuth2 refresh token that
 * {@code docker login} stored instead of a password, named by the user {@value #IDENTITY_TOKEN_USER}
 * as credential helpers do). {@link #toString()} never shows the secret, so a credential can appear
 * in no log or exception message by accident.
 */
public record Credentials(String username, String secret) {

    /** The user name credential helpers answer with when the secret is an identity token. */
    public static final String IDENTITY_TOKEN_USER = "<token>";

    public Credentials {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(secret, "secret");
    }

    /** An identity token (OAuth2 refresh token), exchanged at the registry's token service. */
    public static Credentials identityToken(String token) {
        return new Credentials(IDENTITY_TOKEN_USER, token);
    }

    /** Whether the secret is an identity token rather than a password. */
    public boolean isIdentityToken() {
        return username.equals(IDENTITY_TOKEN_USER);
    }

    /** The {@code Authorization} header value of HTTP Basic (RFC 7617 section 2). */
    public String basicHeader() {
        return "Basic " + Base64.getEncoder().encodeToString((username + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "Credentials[username=" + username + ", secret=<redacted>]";
    }
}
