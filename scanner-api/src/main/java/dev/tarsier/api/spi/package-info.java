/**
 * The analyzer SPI. An {@link dev.tarsier.api.spi.Analyzer} declares which files it wants with a
 * {@link dev.tarsier.api.spi.FileSelector}, receives each matching file of each layer once as an
 * {@link dev.tarsier.api.spi.AnalyzerInput}, and reports what it found to a
 * {@link dev.tarsier.api.spi.ResultSink}. Implementations are registered for
 * {@link java.util.ServiceLoader} both in {@code META-INF/services/dev.tarsier.api.spi.Analyzer} and
 * with {@code provides dev.tarsier.api.spi.Analyzer with ...} in {@code module-info}.
 *
 * @since 0.1
 */
package dev.tarsier.api.spi;
