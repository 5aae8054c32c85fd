package dev.tarsier.core.internal.registry;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RegistryReferenceTest {

    @ParameterizedTest
    @CsvSource({
            "alpine:3.19,                               docker.io,        library/alpine,     registry-1.docker.io, 3.19",
            "alpine,                                    docker.io,        library/alpine,     registry-1.docker.io, latest",
            "bitnami/redis:7,                           docker.io,        bitnami/redis,      registry-1.docker.io, 7",
            "docker.io/library/debian:12,               docker.io,        library/debian,     registry-1.docker.io, 12",
            "127.0.0.1:5000/team/app:1.0,               127.0.0.1:5000,   team/app,           127.0.0.1:5000,       1.0",
            "localhost/app,                             localhost,        app,                localhost,            latest",
            "Quay.IO/org/app_x.y-z:v1.2-rc,             quay.io,          org/app_x.y-z,      quay.io,              v1.2-rc",
            "ghcr.io/o/r@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa, ghcr.io, o/r, ghcr.io, sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "ghcr.io/o/r:1@sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb, ghcr.io, o/r, ghcr.io, sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
    })
    void parse_followsTheDistributionReferenceGrammar(String text, String registry, String repository, String endpoint,
                                                      String reference) {
        RegistryReference ref = RegistryReference.parse(text);
        assertEquals(registry, ref.registry());
        assertEquals(repository, ref.repository());
        assertEquals(endpoint, ref.endpoint());
        assertEquals(reference, ref.manifestReference());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "UPPER/case", "host:5000/", "repo:bad tag", "repo@sha256:short", "a//b", "-lead/x",
            "repo:" + "t123456789t123456789t123456789t123456789t123456789t123456789t123456789t123456789t123456789"
                    + "t123456789t123456789t123456789t1234567890"})
    void parse_invalidReference_isRejected(String text) {
        assertThrows(IllegalArgumentException.class, () -> RegistryReference.parse(text));
    }
}
