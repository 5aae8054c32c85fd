/**
 * What is in an image: image sources (archives, layouts, root filesystems, registries), the
 * streaming layer walker, the whiteout applier and analyzer discovery, behind
 * {@code ImageScanner}, which turns an image into an {@link dev.tarsier.api.Inventory}. Knows
 * nothing of vulnerability data or reports. Exports {@code dev.tarsier.core}; everything under
 * {@code dev.tarsier.core.internal} is private.
 */
module dev.tarsier.core {
    requires transitive dev.tarsier.api;
    requires org.apache.commons.compress;
    requires aircompressor;
    requires com.fasterxml.jackson.databind;
    requires java.net.http;

    exports dev.tarsier.core;

    uses dev.tarsier.api.spi.Analyzer;
}
