/**
 * NVD CVE API 2.0 records (per-CVE files, API pages, yearly feeds, vunnel envelopes) read into
 * NVD's rating of each CVE. Depends on {@code enrich} and Jackson's tree model; the
 * streaming of large documents is the source reader's job.
 */
package dev.tarsier.vulndb.internal.nvd;
