package dev.tarsier.core.internal.source;

import java.util.Locale;
import java.util.Objects;

/**
 * A platform as OCI image-index {@code platform} objects describe it: {@code os/architecture[/variant]}.
 */
public record Platform(String os, String architecture, String variant) {

    /** The default platform when an index offers several: linux/amd64. */
    public static final Platform DEFAULT = new Platform("linux", "amd64", "");

    public Platform {
        Objects.requireNonNull(os, "os");
        Objects.requireNonNull(architecture, "architecture");
        variant = variant == null ? "" : variant;
    }

    /**
     * Parses {@code os/arch[/variant]}.
     *
     * @throws IllegalArgumentException when the text is not of that form
     */
    public static Platform parse(String text) {
        String[] parts = text.toLowerCase(Locale.ROOT).split("/");
        if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new IllegalArgumentException("platform must be os/arch[/variant]: '" + text + "'");
        }
        return new Platform(parts[0], parts[1], parts.length == 3 ? parts[2] : "");
    }

    /**
     * Whether an image for {@code other} runs here: os and architecture equal, variant equal when
     * both name one.
     */
    public boolean accepts(Platform other) {
        return os.equals(other.os) && architecture.equals(other.architecture)
                && (variant.isEmpty() || other.variant.isEmpty() || variant.equals(other.variant));
    }

    @Override
    public String toString() {
        return os + "/" + architecture + (variant.isEmpty() ? "" : "/" + variant);
    }
}
