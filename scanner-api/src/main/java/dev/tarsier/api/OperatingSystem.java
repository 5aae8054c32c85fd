package dev.tarsier.api;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The operating system (distribution) of an image.
 *
 * @param family lower-case distribution id as {@code os-release(5)} {@code ID} spells it
 *     ({@code debian}, {@code ubuntu}, {@code alpine}, {@code rhel}, {@code rocky},
 *     {@code almalinux}, {@code centos}, {@code fedora}, {@code amzn}, {@code sles},
 *     {@code opensuse-leap}, {@code wolfi}, {@code mariner}, ...); never null or blank
 * @param version release version ({@code VERSION_ID} or the distro release file), for example
 *     {@code 12}, {@code 22.04}, {@code 3.19.1}; empty string when unknown, never null
 * @param codename release codename ({@code bookworm}), when known
 * @param name human-readable name ({@code PRETTY_NAME}), when known
 * @param idLike related distribution ids ({@code ID_LIKE}), never null
 * @param contentSets the Red Hat content sets (repositories, such as
 *     {@code rhel-9-for-x86_64-appstream-rpms}) the image's packages came from, as its
 *     {@code root/buildinfo/content_manifests/*.json} list them; sorted, without duplicates, empty
 *     when unknown, never null (since 0.6)
 * @since 0.1
 */
public record OperatingSystem(String family, String version, Optional<String> codename,
                              Optional<String> name, List<String> idLike, List<String> contentSets) {

    public OperatingSystem {
        Objects.requireNonNull(family, "family");
        if (family.isBlank()) {
            throw new IllegalArgumentException("family must not be blank");
        }
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(codename, "codename");
        Objects.requireNonNull(name, "name");
        idLike = List.copyOf(idLike);
        contentSets = contentSets.stream().distinct().sorted().toList();
    }

    /** An operating system without content sets. */
    public OperatingSystem(String family, String version, Optional<String> codename, Optional<String> name,
                           List<String> idLike) {
        this(family, version, codename, name, idLike, List.of());
    }

    /** An operating system known only by family and version. */
    public static OperatingSystem of(String family, String version) {
        return new OperatingSystem(family, version, Optional.empty(), Optional.empty(), List.of());
    }

    /**
     * The major release: the part of {@link #version()} before the first dot ({@code 12} for
     * {@code 12.4}); empty when the version is unknown.
     */
    public String majorVersion() {
        int dot = version.indexOf('.');
        return dot < 0 ? version : version.substring(0, dot);
    }
}
