/**
 * Upgrade advice behind {@link dev.tarsier.core.Remediation}: per package (compared with the
 * package type's {@link dev.tarsier.api.spi.VersionScheme}) and per layer (base-image layers
 * marked).
 *
 * <p>Depends on {@code dev.tarsier.api}, {@code internal.version} (the scheme registry) and the
 * public {@code Remediation} record.
 */
package dev.tarsier.core.internal.remediation;
