package dev.tarsier.report.internal.report;

import dev.tarsier.api.Finding;
import dev.tarsier.api.Severity;

import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where a finding's severity came from, said the way each format wants it: the CycloneDX rating
 * method of a CVSS vector, the name and page of the rating's source, and whether people need to be
 * told the source at all. One place, so every writer names a source and a CVSS version alike.
 */
final class Ratings {

    /** {@link Finding#severitySource()} value for the advisory record's own rating. */
    static final String ADVISORY = "advisory";

    private Ratings() {
    }

    /**
     * The CycloneDX 1.6 {@code ratings[].method}: from the vector's version prefix
     * ({@code CVSS:4.0/} {@code CVSSv4}, {@code CVSS:3.1/} {@code CVSSv31}, {@code CVSS:3.0/}
     * {@code CVSSv3}; a v2 vector has no prefix and starts with {@code AV:}), {@code other} for an
     * unrecognised vector or a textual rating (a severity without a score); empty for a bare score,
     * whose CVSS version nobody recorded, and for no rating at all.
     */
    static Optional<String> cycloneDxMethod(Finding f) {
        if (f.cvssVector().isPresent()) {
            String v = f.cvssVector().get();
            if (v.startsWith("CVSS:4.0/")) {
                return Optional.of("CVSSv4");
            } else if (v.startsWith("CVSS:3.1/")) {
                return Optional.of("CVSSv31");
            } else if (v.startsWith("CVSS:3.0/")) {
                return Optional.of("CVSSv3");
            } else if (v.startsWith("AV:") || v.startsWith("(AV:")) {
                return Optional.of("CVSSv2");
            }
            return Optional.of("other");
        }
        return f.cvssScore().isEmpty() && f.severity() != Severity.UNKNOWN ? Optional.of("other") : Optional.empty();
    }

    /**
     * Who rated the finding, by name: the advisory database for {@code advisory} (named after the
     * record's own id, the first id that is not a CVE), {@code NVD}, {@code Debian},
     * {@code Ubuntu}, {@code Red Hat}, {@code Node.js}, {@code CNA} or {@code CISA ADP} (the CVE
     * record's containers), an unknown source by its label; empty when the source is unknown.
     */
    static Optional<String> sourceName(Finding f) {
        return f.severitySource().map(source -> switch (source) {
            case ADVISORY -> Json.advisorySource(advisoryId(f));
            case "nvd" -> "NVD";
            case "debian" -> "Debian";
            case "ubuntu" -> "Ubuntu";
            case "redhat" -> "Red Hat";
            case "nodejs" -> "Node.js";
            case "cna" -> "CNA";
            case "cisa-adp" -> "CISA ADP";
            default -> source;
        });
    }

    /** The page where the rating's source publishes it, when there is an obvious one. */
    static Optional<String> sourceUrl(Finding f) {
        if (f.severitySource().isEmpty()) {
            return Optional.empty();
        }
        if (f.severitySource().get().equals(ADVISORY)) {
            return Json.advisoryUrl(advisoryId(f));
        }
        Optional<String> cve = Stream.concat(Stream.of(f.id()), f.aliases().stream())
                .filter(id -> id.startsWith("CVE-")).findFirst();
        return cve.flatMap(id -> Optional.ofNullable(switch (f.severitySource().get()) {
            case "nvd" -> "https://nvd.nist.gov/vuln/detail/" + id;
            case "debian" -> "https://security-tracker.debian.org/tracker/" + id;
            case "ubuntu" -> "https://ubuntu.com/security/" + id;
            case "redhat" -> "https://access.redhat.com/security/cve/" + id;
            case "cna", "cisa-adp" -> "https://www.cve.org/CVERecord?id=" + id;
            default -> null;
        }));
    }

    /**
     * The source to show people next to a severity: only when it is not the advisory itself, since
     * a severity borrowed from NVD or a distribution may disagree with what the advisory's readers
     * expect.
     */
    static Optional<String> borrowedSource(Finding f) {
        return f.severitySource().filter(s -> !s.equals(ADVISORY));
    }

    /** The advisory record's own id: the first id that is not a CVE, else the reported id. */
    private static String advisoryId(Finding f) {
        return Stream.concat(Stream.of(f.id()), f.aliases().stream())
                .filter(id -> !id.startsWith("CVE-")).findFirst().orElse(f.id());
    }
}
