package dev.tarsier.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ImageReferenceTest {

    @Test
    void parse_prefixesSelectTransportAndTag() {
        ImageReference oci = ImageReference.parse("oci:/images/app:1.0");
        assertEquals(ImageReference.Transport.OCI_LAYOUT, oci.transport());
        assertEquals("/images/app", oci.location());
        assertEquals(Optional.of("1.0"), oci.tag());
        assertEquals(ImageReference.Transport.OCI_ARCHIVE, ImageReference.parse("oci-archive:a.tar").transport());
        assertEquals(Optional.empty(), ImageReference.parse("oci-archive:a.tar").tag());
        assertEquals(ImageReference.Transport.DOCKER_ARCHIVE, ImageReference.parse("docker-archive:x.tar:app:1").transport());
        assertEquals(Optional.of("1"), ImageReference.parse("docker-archive:x.tar:app:1").tag());
        ImageReference dir = ImageReference.parse("dir:/srv/root:fs");
        assertEquals(ImageReference.Transport.DIRECTORY, dir.transport());
        assertEquals("/srv/root:fs", dir.location(), "dir: takes no tag");
        assertEquals(ImageReference.Transport.AUTO, ImageReference.parse("image.tar").transport());
    }

    @Test
    void parse_existingPathWithColon_isNotSplit(@TempDir Path tmp) throws Exception {
        Path odd = Files.createFile(tmp.resolve("image:latest"));
        ImageReference ref = ImageReference.parse("oci-archive:" + odd);
        assertEquals(odd.toString(), ref.location());
        assertEquals(Optional.empty(), ref.tag());
    }

    @Test
    void parse_emptyOrPathless_isRejected() {
        assertThrows(IllegalArgumentException.class, () -> ImageReference.parse(" "));
        assertThrows(IllegalArgumentException.class, () -> ImageReference.parse("oci:"));
    }

    @Test
    void parse_registryPrefix_keepsTheReferenceAndItsTag_whileABareNameStaysAPath() {
        ImageReference hub = ImageReference.parse("registry:alpine:3.19");
        assertEquals(ImageReference.Transport.REGISTRY, hub.transport());
        assertEquals("alpine:3.19", hub.location());
        assertEquals(Optional.of("3.19"), hub.tag());
        ImageReference local = ImageReference.parse("registry:127.0.0.1:5000/team/app");
        assertEquals("127.0.0.1:5000/team/app", local.location());
        assertEquals(Optional.of("latest"), local.tag());
        assertEquals(Optional.empty(), ImageReference.parse("registry:ghcr.io/o/r@sha256:" + "a".repeat(64)).tag());
        assertEquals(ImageReference.Transport.AUTO, ImageReference.parse("alpine:3.19").transport());
        assertThrows(IllegalArgumentException.class, () -> ImageReference.parse("registry:"));
        assertThrows(IllegalArgumentException.class, () -> ImageReference.parse("registry:Bad/Name"));
    }
}
