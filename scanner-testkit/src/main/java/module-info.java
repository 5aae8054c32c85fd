/** Test support for analyzer authors: in-memory inputs, a recording sink, image writers. */
module dev.tarsier.testkit {
    requires transitive dev.tarsier.api;
    requires org.apache.commons.compress;
    requires aircompressor;
    requires org.junit.jupiter.api;

    exports dev.tarsier.testkit;
}
