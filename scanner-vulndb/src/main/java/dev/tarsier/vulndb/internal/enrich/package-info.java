/**
 * CVE-level enrichment: {@link dev.tarsier.vulndb.internal.enrich.Rating} (a severity and who
 * gave it, with the resolution order), {@link dev.tarsier.vulndb.internal.enrich.CveFacts}
 * (NVD, CNA and CISA-ADP ratings, KEV and EPSS of one CVE), and what the CVE-level feed parsers
 * ({@code nvd}, {@code cve5}, {@code kev}, {@code epss}) share: the
 * {@link dev.tarsier.vulndb.internal.enrich.FeedRecord} result and reading of FIRST CVSS JSON
 * objects ({@link dev.tarsier.vulndb.internal.enrich.FeedJson}). Depends on {@code cvss}, the API
 * and Jackson's tree model.
 */
package dev.tarsier.vulndb.internal.enrich;
