/**
 * The {@code pep440} {@link dev.tarsier.api.spi.VersionScheme}: PEP 440 version ordering for the
 * OSV ecosystem {@code PyPI}. Depends on {@code dev.tarsier.api} only.
 *
 * @since 0.1
 */
package dev.tarsier.analyzers.python.pep440;
