/**
 * The Harbor scanner adapter: {@link dev.tarsier.harbor.HarborAdapter}, an HTTP server that
 * implements Harbor's Pluggable Scanner API ({@code GET /api/v1/metadata}, {@code POST /api/v1/scan},
 * {@code GET /api/v1/scan/{id}/report}). See {@code docs/harbor.md}.
 *
 * <p>Package dependencies: {@code dev.tarsier.harbor} uses {@code dev.tarsier.harbor.internal}
 * (request parsing, the job queue, report documents, the database holder); the internal package
 * never uses the public one.
 *
 * @since 0.4
 */
package dev.tarsier.harbor;
