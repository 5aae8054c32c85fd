/**
 * The CISA KEV catalog read into "known exploited since" facts per CVE. Depends on {@code enrich},
 * {@code enrich} and Jackson's tree model.
 */
package dev.tarsier.vulndb.internal.kev;
