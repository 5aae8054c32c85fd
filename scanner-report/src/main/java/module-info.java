/**
 * What to do about it: the report model and its writers (JSON, table, CycloneDX, SPDX, SARIF), the
 * policy gate with ignore files and OpenVEX, and remediation advice. Depends on the API and the
 * vulnerability DB module (for version ordering), never on the image scanner. Exports
 * {@code dev.tarsier.report}; everything under {@code dev.tarsier.report.internal} is private.
 */
module dev.tarsier.report {
    requires transitive dev.tarsier.api;
    requires dev.tarsier.vulndb;
    requires com.fasterxml.jackson.databind;

    exports dev.tarsier.report;
}
