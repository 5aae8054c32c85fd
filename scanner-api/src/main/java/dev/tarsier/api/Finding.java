package dev.tarsier.api;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A vulnerability that affects a package of the image: one per (package, vulnerability) after
 * aliases were folded.
 *
 * @param id the advisory id reported (a CVE id when the record has one, otherwise the record's own
 *     id); never null
 * @param aliases every other id of the same vulnerability, sorted; never null
 * @param severity the severity; {@link Severity#UNKNOWN} when none is known; never null
 * @param cvssScore the CVSS base score the severity came from, when it came from one
 * @param fixedVersions versions that fix the vulnerability for this package, lowest first; empty
 *     when no fix is published; never null
 * @param pkg the affected package (its location gives the introducing layer); never null
 * @param summary a one-line summary, when the advisory has one
 * @since 0.1
 */
public record Finding(String id, List<String> aliases, Severity severity, OptionalDouble cvssScore,
                      List<String> fixedVersions, Package pkg, Optional<String> summary) {

    public Finding {
        Objects.requireNonNull(id, "id");
        aliases = List.copyOf(aliases);
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(cvssScore, "cvssScore");
        fixedVersions = List.copyOf(fixedVersions);
        Objects.requireNonNull(pkg, "pkg");
        Objects.requireNonNull(summary, "summary");
    }

    /** Index of the layer that introduced the affected package. */
    public int layer() {
        return pkg.location().layer();
    }

    /** Whether the affected package is an OS or an application package. */
    public PackageKind kind() {
        return pkg.kind();
    }

    /** Whether any fixed version is known. */
    public boolean fixable() {
        return !fixedVersions.isEmpty();
    }
}
