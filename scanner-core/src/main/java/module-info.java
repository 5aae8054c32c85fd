/**
 * Tarsier's scanner: image sources (archives, layouts, root filesystems, registries), the streaming
 * layer walker, the whiteout applier, analyzer discovery, version schemes, the vulnerability
 * database and matcher, policy and reports. Exports {@code dev.tarsier.core}; everything under {@code dev.tarsier.core.internal}
 * is private.
 */
module dev.tarsier.core {
    requires transitive dev.tarsier.api;
    requires org.apache.commons.compress;
    requires org.tukaani.xz;
    requires aircompressor;
    requires com.fasterxml.jackson.databind;
    requires java.net.http;

    exports dev.tarsier.core;

    uses dev.tarsier.api.spi.Analyzer;
    uses dev.tarsier.api.spi.VersionScheme;

    provides dev.tarsier.api.spi.VersionScheme with
            dev.tarsier.core.internal.version.ApkVersionScheme,
            dev.tarsier.core.internal.version.DebVersionScheme,
            dev.tarsier.core.internal.version.MavenVersionScheme,
            dev.tarsier.core.internal.version.RpmVersionScheme,
            dev.tarsier.core.internal.version.SemverVersionScheme;
}
