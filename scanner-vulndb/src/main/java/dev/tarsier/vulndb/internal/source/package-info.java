/**
 * Import sources: files, folders, zip, JSON-lines, CSV, gzip and xz streamed record by record,
 * each record recognised by its content and handed to the parser of its format ({@code osv},
 * {@code nvd}, {@code cve5}, {@code kev}, {@code epss}). Depends on those packages, {@code enrich},
 * {@code enrich}, Jackson's streaming and tree APIs and XZ for Java.
 */
package dev.tarsier.vulndb.internal.source;
