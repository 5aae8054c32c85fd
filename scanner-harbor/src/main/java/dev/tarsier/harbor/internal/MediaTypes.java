package dev.tarsier.harbor.internal;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The MIME types of Harbor's Pluggable Scanner API
 * (goharbor/pluggable-scanner-spec {@code api/spec/scanner-adapter-openapi-v1.1.yaml}, and v1.2 for
 * the SBOM capability).
 */
public final class MediaTypes {

    /** The metadata document ({@code GET /metadata}). */
    public static final String METADATA = "application/vnd.scanner.adapter.metadata+json; version=1.0";
    /** The answer to {@code POST /scan}. */
    public static final String SCAN_RESPONSE = "application/vnd.scanner.adapter.scan.response+json; version=1.0";
    /** Every error document. */
    public static final String ERROR = "application/vnd.scanner.adapter.error+json; version=1.0";
    /** The vulnerability report of API v1.1. */
    public static final String VULN_REPORT_1_1 = "application/vnd.security.vulnerability.report; version=1.1";
    /** The vulnerability report of API v1.0, the same document. */
    public static final String VULN_REPORT_1_0 = "application/vnd.scanner.adapter.vuln.report.harbor+json; version=1.0";
    /** The scanner's own report (Tarsier's JSON report). */
    public static final String RAW_REPORT = "application/vnd.scanner.adapter.vuln.report.raw";
    /** The SBOM report (API v1.2, data spec {@code SBOM.md}). */
    public static final String SBOM_REPORT = "application/vnd.security.sbom.report+json; version=1.0";
    /** The SBOM formats a SBOM report may carry. */
    public static final String CYCLONEDX = "application/vnd.cyclonedx+json";
    /** SPDX JSON. */
    public static final String SPDX = "application/spdx+json";

    /** Artifact types the scanner reads. */
    public static final List<String> CONSUMES = List.of(
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.docker.distribution.manifest.v2+json");
    /** Reports of the vulnerability capability, by preference. */
    public static final List<String> VULNERABILITY_PRODUCES = List.of(VULN_REPORT_1_1, VULN_REPORT_1_0, RAW_REPORT);

    private MediaTypes() {
    }

    /**
     * The report type an {@code Accept} header asks for, among those this adapter produces: the first
     * listed alternative that matches one (type, subtype and the {@code version} parameter compared
     * without case or spaces); {@code *}{@code /*} or no header means the v1.1 vulnerability report.
     */
    public static Optional<String> negotiate(String accept) {
        if (accept == null || accept.isBlank()) {
            return Optional.of(VULN_REPORT_1_1);
        }
        for (String alternative : accept.split(",")) {
            String wanted = canonical(alternative);
            if (wanted.startsWith("*/*")) {
                return Optional.of(VULN_REPORT_1_1);
            }
            for (String known : List.of(VULN_REPORT_1_1, VULN_REPORT_1_0, RAW_REPORT, SBOM_REPORT)) {
                if (stripQuality(wanted).equals(canonical(known))) {
                    return Optional.of(known);
                }
            }
        }
        return Optional.empty();
    }

    private static String canonical(String mediaType) {
        return mediaType.replace(" ", "").replace("\t", "").toLowerCase(Locale.ROOT);
    }

    private static String stripQuality(String canonical) {
        int q = canonical.indexOf(";q=");
        return q < 0 ? canonical : canonical.substring(0, q);
    }
}
