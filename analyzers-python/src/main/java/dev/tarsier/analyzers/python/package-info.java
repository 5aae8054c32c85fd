/**
 * The {@code app.python} analyzer: installed Python distributions from their core metadata
 * ({@code *.dist-info/METADATA}, {@code *.egg-info/PKG-INFO}, {@code *.egg-info} files).
 * Depends on {@code dev.tarsier.api} only, and on {@link dev.tarsier.analyzers.python.pep440}
 * not at all: the analyzer reports versions as written, the matcher orders them.
 *
 * @since 0.1
 */
package dev.tarsier.analyzers.python;
