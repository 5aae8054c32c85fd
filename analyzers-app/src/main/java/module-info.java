/** Analyzers for application components: Java archives and Node.js. Depends on the API only. */
module dev.tarsier.analyzers.app {
    requires dev.tarsier.api;
}
