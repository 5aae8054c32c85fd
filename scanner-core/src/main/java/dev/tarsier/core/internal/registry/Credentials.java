package dev.tarsier.core.internal.registry;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * A user name and secret for one registry. {@link #toString()} never shows the secret, so a
 * credential can appear in no log or exception message by accident.
 */
public record Credentials(String username, String secret) {

    public Credentials {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(secret, "secret");
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
