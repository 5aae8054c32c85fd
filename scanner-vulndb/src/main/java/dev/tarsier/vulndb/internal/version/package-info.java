/**
 * Version schemes: dpkg ({@link dev.tarsier.vulndb.internal.version.DebVersionScheme}), rpm, apk,
 * Maven and SemVer orderings behind the {@link dev.tarsier.api.spi.VersionScheme} SPI, node-semver
 * ranges, and the {@link dev.tarsier.vulndb.internal.version.VersionSchemeRegistry}. Depends on the
 * API only.
 */
package dev.tarsier.vulndb.internal.version;
