/**
 * Upgrade advice behind {@link dev.tarsier.report.Remediation}: per package (compared with the
 * package type's {@link dev.tarsier.api.spi.VersionScheme}) and per layer (base-image layers
 * marked).
 *
 * <p>Depends on {@code dev.tarsier.api}, {@code dev.tarsier.vulndb.internal.version} (the scheme registry, exported to this module only) and the
 * public {@code Remediation} record.
 */
package dev.tarsier.report.internal.remediation;
