package dev.tarsier.api.spi;

import java.util.Objects;

/**
 * A string is not a valid version of a {@link VersionScheme}. Matchers report it as a diagnostic;
 * they never guess an ordering for it.
 *
 * @since 0.1
 */
public final class InvalidVersionException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String scheme;
    private final String version;

    /**
     * Creates the exception.
     *
     * @param scheme id of the scheme that rejected the version; never null
     * @param version the rejected text; never null
     * @param reason why it was rejected, one short phrase; never null
     */
    public InvalidVersionException(String scheme, String version, String reason) {
        // No stack trace: this is a data condition on a hot path, not a programming error.
        super("invalid " + Objects.requireNonNull(scheme, "scheme") + " version '"
                + Objects.requireNonNull(version, "version") + "': "
                + Objects.requireNonNull(reason, "reason"), null, false, false);
        this.scheme = scheme;
        this.version = version;
    }

    /** Id of the scheme that rejected the version. */
    public String scheme() {
        return scheme;
    }

    /** The rejected text. */
    public String version() {
        return version;
    }
}
