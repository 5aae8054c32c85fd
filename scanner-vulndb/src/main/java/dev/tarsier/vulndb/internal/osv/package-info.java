/**
 * OSV records and the Node.js security WG core index, parsed into
 * {@link dev.tarsier.vulndb.internal.osv.OsvAdvisory} with their ratings (the record's own CVSS,
 * GHSA's words, Debian's urgency, Ubuntu's priority, Red Hat's severity). Depends on {@code cvss},
 * {@code enrich} and {@code version}; reading files is {@code source}'s job.
 */
package dev.tarsier.vulndb.internal.osv;
