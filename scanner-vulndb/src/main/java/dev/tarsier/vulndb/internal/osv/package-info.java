/**
 * Advisory import: OSV records and the Node.js security WG core index, parsed into
 * {@link dev.tarsier.vulndb.internal.osv.OsvAdvisory} and streamed from files, folders, zip,
 * JSON-lines, gzip and xz. Depends on {@code cvss} and {@code version}.
 */
package dev.tarsier.vulndb.internal.osv;
