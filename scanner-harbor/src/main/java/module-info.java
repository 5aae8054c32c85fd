/**
 * A Harbor scanner adapter: Harbor's Pluggable Scanner API v1.1 (with the v1.2 SBOM capability)
 * served over the JDK's HTTP server, scanning the artifacts Harbor names straight from its
 * registry with {@code scanner-core}, matching them against a shared {@code scanner-vulndb}
 * database and answering with Harbor's report documents. An integration: nothing but the CLI
 * depends on it. Exports {@code dev.tarsier.harbor}; {@code dev.tarsier.harbor.internal} is private.
 */
module dev.tarsier.harbor {
    requires transitive dev.tarsier.core;
    requires transitive dev.tarsier.vulndb;
    requires dev.tarsier.report;
    requires com.fasterxml.jackson.databind;
    requires jdk.httpserver;

    exports dev.tarsier.harbor;
}
