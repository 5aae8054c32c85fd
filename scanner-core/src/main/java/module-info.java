/**
 * Tarsier's scanner: image sources, the streaming layer walker, the whiteout applier and analyzer
 * discovery. Exports {@code dev.tarsier.core}; everything under {@code dev.tarsier.core.internal}
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
}
