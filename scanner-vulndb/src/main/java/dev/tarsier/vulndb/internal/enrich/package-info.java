/**
 * CVE-level enrichment: {@link dev.tarsier.vulndb.internal.enrich.Rating} (a severity and who
 * gave it, with the resolution order) and {@link dev.tarsier.vulndb.internal.enrich.CveFacts}
 * (NVD, CNA and CISA-ADP ratings, KEV and EPSS of one CVE). Depends on the API only.
 */
package dev.tarsier.vulndb.internal.enrich;
