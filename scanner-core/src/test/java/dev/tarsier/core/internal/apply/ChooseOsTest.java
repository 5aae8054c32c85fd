package dev.tarsier.core.internal.apply;

import dev.tarsier.api.OperatingSystem;
import dev.tarsier.core.internal.walk.PathResult;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ChooseOsTest {

    private static PathResult.OsEvidence manifest(String path, int layer, String... sets) {
        return new PathResult.OsEvidence(new OperatingSystem("rhel", "", Optional.empty(), Optional.empty(),
                List.of(), List.of(sets)), 20, path, layer);
    }

    @Test
    void chooseOs_rhelWithContentManifestsOfTwoBuilds_keepsOsReleaseAndTheUnionOfContentSets() {
        OperatingSystem osRelease = new OperatingSystem("rhel", "9.3", Optional.empty(),
                Optional.of("Red Hat Enterprise Linux 9.3 (Plow)"), List.of("fedora"));
        OperatingSystem chosen = Applier.chooseOs(List.of(
                manifest("root/buildinfo/content_manifests/ubi9.json", 0,
                        "rhel-9-for-x86_64-baseos-rpms", "rhel-9-for-x86_64-appstream-rpms"),
                new PathResult.OsEvidence(osRelease, 100, "etc/os-release", 0),
                manifest("root/buildinfo/content_manifests/app.json", 1,
                        "rhel-9-for-x86_64-appstream-rpms", "codeready-builder-for-rhel-9-x86_64-rpms"))).orElseThrow();
        assertEquals(new OperatingSystem("rhel", "9.3", Optional.empty(), osRelease.name(), List.of("fedora"),
                List.of("codeready-builder-for-rhel-9-x86_64-rpms", "rhel-9-for-x86_64-appstream-rpms",
                        "rhel-9-for-x86_64-baseos-rpms")), chosen);
    }

    @Test
    void chooseOs_contentManifestOfAnotherFamily_isNotMerged() {
        OperatingSystem centos = OperatingSystem.of("centos", "9");
        assertEquals(centos, Applier.chooseOs(List.of(new PathResult.OsEvidence(centos, 100, "etc/os-release", 0),
                manifest("root/buildinfo/content_manifests/x.json", 0, "rhel-9-for-x86_64-baseos-rpms"))).orElseThrow());
    }
}
