/**
 * Test support for analyzer authors and for Tarsier's own tests.
 *
 * <ul>
 *   <li>{@link dev.tarsier.testkit.MemoryInput}, {@link dev.tarsier.testkit.RecordingSink} and
 *       {@link dev.tarsier.testkit.AnalyzerRunner}: run one analyzer on one in-memory file.</li>
 *   <li>{@link dev.tarsier.testkit.AnalyzerTester}: run one analyzer over every selected file of
 *       in-memory layers, checking the SPI contract on the way.</li>
 *   <li>{@link dev.tarsier.testkit.PipelineRunner}: run the full scanner (found at run time on
 *       the test class path) on a built image.</li>
 *   <li>{@link dev.tarsier.testkit.AnalysisResult} and {@link dev.tarsier.testkit.PackageAssert}:
 *       assertions on packages, locations, introducing layers and diagnostics whose failure
 *       messages list what was found.</li>
 *   <li>{@link dev.tarsier.testkit.LayerBuilder}: a layer tar (files, directories, symlinks,
 *       hard links, whiteouts, opaque directories, PAX or GNU long names, and hostile entries:
 *       verbatim names, headers claiming more data than follows).</li>
 *   <li>{@link dev.tarsier.testkit.ImageBuilder}: a single-platform image written as a classic
 *       or Docker 25+ {@code docker save} archive (optionally gzip/zstd-compressed as a whole),
 *       an OCI image layout directory or an OCI archive, with gzip, zstd or uncompressed
 *       layers, history with empty layers, and truncated-layer damage.</li>
 *   <li>{@link dev.tarsier.testkit.MultiPlatformImageBuilder}: several platform images under
 *       one OCI image index, nested (index.json → index → manifests) or flat.</li>
 *   <li>{@link dev.tarsier.testkit.LocalRegistry}: Debian's real {@code docker-registry} on a
 *       free loopback port (optionally TLS and htpasswd), images pushed with {@code skopeo}, for
 *       tests of {@code registry:} scans; skips the test when the tools are missing.</li>
 *   <li>{@link dev.tarsier.testkit.SharedData}: the real distribution data in
 *       {@code ../shared}, skipping the test when it is absent.</li>
 * </ul>
 *
 * Everything is written deterministically (fixed mtimes, owners and JSON key order), so
 * digests can be asserted; the module depends on commons-compress, aircompressor and the JUnit
 * Jupiter API (for assumptions) only.
 */
package dev.tarsier.testkit;
