/**
 * Fleet scans on Apache Spark: {@link dev.tarsier.spark.FleetScan} resolves many images, analyses
 * each distinct layer once across the cluster ({@code ImageScanner.analyzeLayer}), assembles and
 * matches every image on the executors and writes per-image JSON reports and a findings table.
 * Spark is a {@code provided} dependency: the job jar holds Tarsier, not Spark. See
 * {@code docs/spark.md}.
 *
 * @since 0.4
 */
package dev.tarsier.spark;
