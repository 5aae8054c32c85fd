package dev.tarsier.api.spi;

import java.util.Set;

/**
 * The version ordering of one package ecosystem (dpkg, rpm, apk, Maven, SemVer ...).
 *
 * <p>Implementations are discovered with {@link java.util.ServiceLoader}: list them in
 * {@code META-INF/services/dev.tarsier.api.spi.VersionScheme} and with
 * {@code provides dev.tarsier.api.spi.VersionScheme with ...} in {@code module-info}. A scheme is
 * stateless and thread-safe. It parses each version once ({@link #parse}); the parsed
 * {@link Version}s then compare without allocating, which keeps the matcher's hot path cheap.
 *
 * <p>A string the package manager itself would not accept is rejected with
 * {@link InvalidVersionException}: the matcher turns that into a diagnostic instead of guessing.
 *
 * @since 0.1
 */
public interface VersionScheme {

    /** Stable id, lower case, such as {@code deb}, {@code rpm}, {@code apk}, {@code maven}, {@code semver}. */
    String id();

    /**
     * The OSV ecosystem names whose {@code ECOSYSTEM} ranges use this ordering, without any
     * {@code :release} suffix: for example {@code Debian} and {@code Ubuntu} for dpkg ordering. Never
     * null; may be empty for a scheme used only by explicit id.
     */
    Set<String> ecosystems();

    /**
     * Parses a version string.
     *
     * @param text the version as the package manager or advisory writes it; never null
     * @return the parsed version; never null
     * @throws InvalidVersionException if the text is not a version of this scheme
     * @throws NullPointerException if {@code text} is null
     */
    Version parse(String text) throws InvalidVersionException;

    /**
     * Parses and compares two version strings.
     *
     * @return negative, zero or positive as {@code left} is lower than, equal to or higher than
     *     {@code right}
     * @throws InvalidVersionException if either string is not a version of this scheme
     */
    default int compare(String left, String right) throws InvalidVersionException {
        return parse(left).compareTo(parse(right));
    }
}
