/**
 * What the CVE-level feed parsers ({@code nvd}, {@code cve5}, {@code kev}, {@code epss}) share:
 * the {@link dev.tarsier.vulndb.internal.feed.FeedRecord} result and reading of FIRST CVSS JSON
 * objects. Depends on {@code enrich} and Jackson's tree model.
 */
package dev.tarsier.vulndb.internal.feed;
