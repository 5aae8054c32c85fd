/**
 * Tarsier's public model (records describing images, layers, packages and diagnostics) and the
 * analyzer SPI. This is the only module an analyzer compiles against.
 */
module dev.tarsier.api {
    requires transitive packageurl.java;

    exports dev.tarsier.api;
    exports dev.tarsier.api.spi;
}
