/**
 * The report writers behind {@link dev.tarsier.report.ReportWriter}: the JSON report's scan
 * sections, the findings table, CycloneDX 1.6, SPDX 2.3 and SARIF 2.1.0.
 *
 * <p>Depends on {@code dev.tarsier.api}, Jackson's streaming generator and the public
 * {@code Report}, {@code PolicyResult} and {@code Remediation} records; never on the image
 * sources or the walker.
 */
package dev.tarsier.report.internal.report;
