package dev.tarsier.core.internal.registry;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * A user name and secret for one registry, or an identity token (an OAuth2 refresh token that
 * {@code docker login} stored instead of a password, named by the user {@value #IDENTITY_TOKEN_USER}
 * as credential helpers do), or a bearer token given as is (named by the user {@value #BEARER_USER}),
 * sent to the registry without any token exchange. {@link #toString()} never shows the secret, so a credential can appear
 * in no log or exception message by accident.
 */
public record Credentials(String username, String secret) {

    /** The user name credential helpers answer with when the secret is an identity token. */
    public static final String IDENTITY_TOKEN_USER = "<token>";
    /** The user name that marks a bearer token used as is. */
    public static final String BEARER_USER = "<bearer>";

    public Credentials {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(secret, "secret");
    }

    /** An identity token (OAuth2 refresh token), exchanged at the registry's token service. */
    public static Credentials identityToken(String token) {
        return new Credentials(IDENTITY_TOKEN_USER, token);
    }

    /** A bearer token sent as is to the registry, never exchanged. */
    public static Credentials bearer(String token) {
        return new Credentials(BEARER_USER, token);
    }

    /**
     * The credentials an HTTP {@code Authorization} value carries: {@code Basic base64(user:secret)}
     * (RFC 7617) or {@code Bearer token} (RFC 6750), the scheme case-insensitive.
     *
     * @throws IllegalArgumentException for another scheme or a malformed value; the message never
     *     shows the value
     */
    public static Credentials fromAuthorization(String header) {
        String value = header.strip();
        int space = value.indexOf(' ');
        String scheme = space < 0 ? value : value.substring(0, space);
        String rest = space < 0 ? "" : value.substring(space + 1).strip();
        if (rest.isEmpty() || rest.chars().anyMatch(ch -> ch <= ' ' || ch >= 0x7f)) {
            throw new IllegalArgumentException("authorization must be 'Basic <base64>' or 'Bearer <token>'");
        }
        if (scheme.equalsIgnoreCase("bearer")) {
            return bearer(rest);
        }
        if (!scheme.equalsIgnoreCase("basic")) {
            throw new IllegalArgumentException("authorization scheme must be Basic or Bearer");
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(rest), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Basic authorization is not base64");
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("Basic authorization must encode user:password");
        }
        return new Credentials(decoded.substring(0, colon), decoded.substring(colon + 1));
    }

    /** Whether the secret is a bearer token to send as is. */
    public boolean isBearer() {
        return username.equals(BEARER_USER);
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
