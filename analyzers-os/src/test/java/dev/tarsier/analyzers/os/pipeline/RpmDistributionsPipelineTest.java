package dev.tarsier.analyzers.os.pipeline;

import dev.tarsier.api.OperatingSystem;
import dev.tarsier.testkit.AnalysisResult;
import dev.tarsier.testkit.ImageBuilder;
import dev.tarsier.testkit.LayerBuilder;
import dev.tarsier.testkit.PipelineRunner;
import dev.tarsier.testkit.SharedData;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * rpm distributions through the real scanner, analyzers discovered as the CLI finds them: the
 * operating system the matcher will map, with what the os-release and the package database say.
 */
class RpmDistributionsPipelineTest {

    private static String manifest(String... contentSets) {
        return "{\"metadata\": {\"icm_version\": 1, \"image_layer_index\": 0}, \"content_sets\": [\""
                + String.join("\", \"", contentSets) + "\"], \"image_contents\": []}";
    }

    @Test
    void ubiWithAnImageBuiltOnIt_hasTheOsReleaseAndTheContentSetsOfBothBuilds() {
        AnalysisResult result = PipelineRunner.discovering().run(new ImageBuilder()
                .layer(new LayerBuilder()
                        .file("etc/os-release", "NAME=\"Red Hat Enterprise Linux\"\nID=\"rhel\"\nID_LIKE=\"fedora\"\n"
                                + "VERSION_ID=\"9.3\"\nPRETTY_NAME=\"Red Hat Enterprise Linux 9.3 (Plow)\"\n")
                        .file("etc/redhat-release", "Red Hat Enterprise Linux release 9.3 (Plow)\n")
                        .file("root/buildinfo/content_manifests/ubi9-container-9.3-1361.json",
                                manifest("rhel-9-for-x86_64-appstream-rpms", "rhel-9-for-x86_64-baseos-rpms")))
                .layer(new LayerBuilder()
                        .file("root/buildinfo/content_manifests/app-1.0-1.json",
                                manifest("codeready-builder-for-rhel-9-x86_64-rpms", "rhel-9-for-x86_64-baseos-rpms"))));
        assertEquals(Optional.of(new OperatingSystem("rhel", "9.3", Optional.of("Plow"),
                Optional.of("Red Hat Enterprise Linux 9.3 (Plow)"), List.of("fedora"),
                List.of("codeready-builder-for-rhel-9-x86_64-rpms", "rhel-9-for-x86_64-appstream-rpms",
                        "rhel-9-for-x86_64-baseos-rpms"))), result.inventory().os());
    }

    @Test
    void sle15Bci_isSles153WithItsNdbPackages() throws IOException {
        byte[] ndb = Files.readAllBytes(SharedData.fixture("pkgdb/rpm/sle15-bci/Packages.db"));
        AnalysisResult result = PipelineRunner.discovering().run(new ImageBuilder().layer(new LayerBuilder()
                .file("etc/os-release", "NAME=\"SLES\"\nVERSION=\"15-SP3\"\nVERSION_ID=\"15.3\"\n"
                        + "PRETTY_NAME=\"SUSE Linux Enterprise Server 15 SP3\"\nID=\"sles\"\nID_LIKE=\"suse\"\n")
                .file("usr/lib/sysimage/rpm/Packages.db", ndb)));
        OperatingSystem os = result.inventory().os().orElseThrow();
        assertEquals("sles", os.family());
        assertEquals("15.3", os.version());
        assertEquals(35, result.withPackagesOfType("rpm").packages().size());
    }
}
