/**
 * What is vulnerable: version schemes, advisory import (OSV, the Node.js security WG index), the
 * compiled vulnerability DB, the matcher and CVSS. Works on an {@link dev.tarsier.api.Inventory}
 * from any origin and knows nothing of images. Exports {@code dev.tarsier.vulndb}; the version
 * scheme registry is shared with the report module (remediation compares versions) and nothing
 * else.
 */
module dev.tarsier.vulndb {
    requires transitive dev.tarsier.api;
    requires com.fasterxml.jackson.databind;
    requires java.net.http;
    requires org.tukaani.xz;

    exports dev.tarsier.vulndb;
    exports dev.tarsier.vulndb.internal.version to dev.tarsier.report;

    uses dev.tarsier.api.spi.VersionScheme;

    provides dev.tarsier.api.spi.VersionScheme with
            dev.tarsier.vulndb.internal.version.ApkVersionScheme,
            dev.tarsier.vulndb.internal.version.ComposerVersionScheme,
            dev.tarsier.vulndb.internal.version.DebVersionScheme,
            dev.tarsier.vulndb.internal.version.GoVersionScheme,
            dev.tarsier.vulndb.internal.version.MavenVersionScheme,
            dev.tarsier.vulndb.internal.version.NuGetVersionScheme,
            dev.tarsier.vulndb.internal.version.RpmVersionScheme,
            dev.tarsier.vulndb.internal.version.RubyGemsVersionScheme,
            dev.tarsier.vulndb.internal.version.SemverVersionScheme;
}
