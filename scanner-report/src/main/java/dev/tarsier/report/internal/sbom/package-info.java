/**
 * The readers behind {@link dev.tarsier.report.SbomReader}: CycloneDX 1.4–1.6 JSON, SPDX 2.x JSON
 * and Tarsier's own JSON report back to an {@link dev.tarsier.api.Inventory}, and the mapping from
 * package URLs to the packages the matcher understands ({@code PurlPackages}).
 *
 * <p>Depends on {@code dev.tarsier.api}, Jackson's tree model and packageurl-java only: not on the
 * writers, the policy or the vulnerability DB (the public {@code SbomReader} and {@code Rescan}
 * sit on top).
 */
package dev.tarsier.report.internal.sbom;
