/** Test support for analyzer authors: in-memory inputs, a recording sink, image writers. */
module dev.tarsier.testkit {
    requires transitive dev.tarsier.api;
    requires org.apache.commons.compress;
    requires aircompressor;

    exports dev.tarsier.testkit;
}
