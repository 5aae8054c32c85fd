/**
 * Test support for analyzer authors and for Tarsier's own tests: in-memory analyzer inputs, a
 * recording result sink, and writers that produce real image files (docker-archive, OCI layout,
 * OCI archive) with gzip, zstd or uncompressed layers.
 */
package dev.tarsier.testkit;
