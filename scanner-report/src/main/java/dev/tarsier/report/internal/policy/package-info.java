/**
 * The CI gate's machinery behind {@link dev.tarsier.report.Policy}: the ignore-file and OpenVEX
 * readers, PURL pattern matching and the evaluation (suppression, then thresholds).
 *
 * <p>Depends on {@code dev.tarsier.api}, Jackson and the public records of {@code dev.tarsier.report}
 * ({@code Policy}, {@code IgnoreFile}, {@code VexDocument}, ...) that it fills; nothing else.
 */
package dev.tarsier.report.internal.policy;
