/**
 * The CI gate's machinery behind {@link dev.tarsier.core.Policy}: the ignore-file and OpenVEX
 * readers, PURL pattern matching and the evaluation (suppression, then thresholds).
 *
 * <p>Depends on {@code dev.tarsier.api}, Jackson and the public records of {@code dev.tarsier.core}
 * ({@code Policy}, {@code IgnoreFile}, {@code VexDocument}, ...) that it fills; nothing else.
 */
package dev.tarsier.core.internal.policy;
