package dev.tarsier.vulndb.internal.match;

import dev.tarsier.api.OperatingSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EcosystemMapperTest {

    /** Red Hat ecosystems as osv.dev spells them (the CPE without {@code cpe:/a:redhat:}), and others. */
    private static final Set<String> KNOWN = Set.of(
            "Red Hat:enterprise_linux:9::appstream", "Red Hat:enterprise_linux:9::baseos",
            "Red Hat:enterprise_linux:9::crb", "Red Hat:enterprise_linux:8::appstream",
            "Red Hat:enterprise_linux:8::baseos", "Red Hat:enterprise_linux:7::server",
            "Red Hat:rhel_eus:9.2::appstream", "Red Hat:rhel_eus:9.2::baseos", "Red Hat:rhel_eus:9.0::baseos",
            "Rocky Linux:9", "AlmaLinux:9", "Debian:12",
            // SUSE as osv.dev spells it: products, modules and support phases
            "SUSE:Linux Enterprise Server 15 SP5", "SUSE:Linux Enterprise Server 15 SP5-LTSS",
            "SUSE:Linux Enterprise Module for Basesystem 15 SP5", "SUSE:Linux Enterprise Desktop 15 SP5",
            "SUSE:Linux Enterprise Server 15 SP4-LTSS", "SUSE:Linux Enterprise Server 15 SP50",
            "SUSE:Linux Enterprise Server 15", "SUSE:Linux Enterprise Server 15-LTSS",
            "SUSE:Linux Enterprise Micro 5.5", "openSUSE:Leap 15.5", "openSUSE:Leap 15.4", "openSUSE:Tumbleweed",
            "Ubuntu:22.04:LTS", "Ubuntu:Pro:22.04:LTS", "Ubuntu:Pro:18.04:LTS", "Ubuntu:23.10",
            "Mariner:2.0", "Azure Linux:3.0", "Mariner:1.0",
            "openEuler:22.03-LTS-SP3", "openEuler:22.03-LTS-SP2", "openEuler:22.03-LTS", "openEuler:20.03-LTS-SP4",
            "Mageia:9");

    private final EcosystemMapper mapper = new EcosystemMapper(KNOWN);

    private static OperatingSystem rhel(String version, String... contentSets) {
        return new OperatingSystem("rhel", version, Optional.empty(), Optional.empty(), List.of(), List.of(contentSets));
    }

    @Test
    void osEcosystems_rhelWithoutContentSets_givesEveryStreamOfTheMajorRelease() {
        assertEquals(List.of("Red Hat:enterprise_linux:9::appstream", "Red Hat:enterprise_linux:9::baseos",
                "Red Hat:enterprise_linux:9::crb"), mapper.osEcosystems(rhel("9.3")));
    }

    @Test
    void osEcosystems_rhelWithBaseosContentSet_putsBaseosFirstAndKeepsTheOtherStreams() {
        assertEquals(List.of("Red Hat:enterprise_linux:9::baseos", "Red Hat:enterprise_linux:9::appstream",
                "Red Hat:enterprise_linux:9::crb"), mapper.osEcosystems(rhel("9.3", "rhel-9-for-x86_64-baseos-rpms")));
    }

    @Test
    void osEcosystems_rhelWithCodeReadyBuilder_putsCrbFirst() {
        assertEquals(List.of("Red Hat:enterprise_linux:9::crb", "Red Hat:enterprise_linux:9::appstream",
                "Red Hat:enterprise_linux:9::baseos"),
                mapper.osEcosystems(rhel("9.3", "codeready-builder-for-rhel-9-x86_64-rpms")));
    }

    @Test
    void osEcosystems_rhelKnownOnlyFromAContentManifest_hasNoReleaseAndNoEcosystems() {
        // "Red Hat:enterprise_linux:9::baseos" has an empty component: an empty major must not match it
        assertEquals(List.of(), mapper.osEcosystems(rhel("", "rhel-9-for-x86_64-baseos-rpms")));
    }

    @Test
    void osEcosystems_rhelWithEusContentSet_addsTheEusEcosystemsOfItsMinorRelease() {
        assertEquals(List.of("Red Hat:enterprise_linux:9::baseos", "Red Hat:rhel_eus:9.2::baseos",
                "Red Hat:enterprise_linux:9::appstream", "Red Hat:enterprise_linux:9::crb",
                "Red Hat:rhel_eus:9.2::appstream"),
                mapper.osEcosystems(rhel("9.2", "rhel-9-for-x86_64-baseos-eus-rpms")));
    }

    @Test
    void osEcosystems_rhelWithoutEusContentSet_leavesEusEcosystemsOut() {
        assertEquals(3, mapper.osEcosystems(rhel("9.2", "rhel-9-for-x86_64-baseos-rpms")).size());
    }

    @Test
    void osEcosystems_eusContentSetWithoutMinorRelease_usesTheMajorOnly() {
        assertEquals(3, mapper.osEcosystems(rhel("9", "rhel-9-for-x86_64-baseos-eus-rpms")).size());
        assertEquals(3, mapper.osEcosystems(rhel("9.", "rhel-9-for-x86_64-baseos-eus-rpms")).size());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "centos|7|Red Hat:enterprise_linux:7::server",
        "centos|8|Red Hat:enterprise_linux:8::appstream,Red Hat:enterprise_linux:8::baseos",
        "centos|9|Red Hat:enterprise_linux:9::appstream,Red Hat:enterprise_linux:9::baseos,Red Hat:enterprise_linux:9::crb",
        "rocky|9.3|Rocky Linux:9",
        "almalinux|9.3|AlmaLinux:9",
        "amzn|2023|",
        "ol|9|",
        // SUSE: every product, module and support phase of the service pack
        "sles|15.5|SUSE:Linux Enterprise Desktop 15 SP5,SUSE:Linux Enterprise Module for Basesystem 15 SP5,"
                + "SUSE:Linux Enterprise Server 15 SP5,SUSE:Linux Enterprise Server 15 SP5-LTSS",
        "sled|15.4|SUSE:Linux Enterprise Server 15 SP4-LTSS",
        "sles|15|SUSE:Linux Enterprise Server 15,SUSE:Linux Enterprise Server 15-LTSS",
        "sles|15.0|SUSE:Linux Enterprise Server 15,SUSE:Linux Enterprise Server 15-LTSS",
        "sles|15.3|",
        "sles||",
        "sles|15.x|",
        "sles|15.5.1|",
        "opensuse-leap|15.5|openSUSE:Leap 15.5",
        "opensuse-leap|15.6|",
        "opensuse-tumbleweed|20240101|openSUSE:Tumbleweed",
        "opensuse-tumbleweed||openSUSE:Tumbleweed",
        // Ubuntu Pro records are always looked up, after the standard ones
        "ubuntu|22.04|Ubuntu:22.04:LTS,Ubuntu:Pro:22.04:LTS",
        "ubuntu|18.04|Ubuntu:Pro:18.04:LTS",
        "ubuntu|23.10|Ubuntu:23.10",
        "mariner|2.0|Mariner:2.0",
        "azurelinux|3.0|Azure Linux:3.0",
        "mariner|1.0|Mariner:1.0",
        "openeuler|22.03|openEuler:22.03-LTS,openEuler:22.03-LTS-SP2,openEuler:22.03-LTS-SP3",
        "mageia|9|Mageia:9",
        "mageia|8|",
    })
    void osEcosystems_ofARelease(String family, String version, String expected) {
        List<String> want = expected == null ? List.of() : List.of(expected.split(","));
        assertEquals(want, mapper.osEcosystems(OperatingSystem.of(family, version == null ? "" : version)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "openEuler 22.03 (LTS-SP3)|openEuler:22.03-LTS-SP3",
        "openEuler 22.03 (LTS)|openEuler:22.03-LTS",
        "openEuler 22.03 (LTS-SP9)|",
    })
    void osEcosystems_openEuler_takesTheSupportPhaseFromThePrettyName(String prettyName, String expected) {
        OperatingSystem os = new OperatingSystem("openeuler", "22.03", Optional.empty(), Optional.of(prettyName), List.of());
        assertEquals(expected == null ? List.of() : List.of(expected), mapper.osEcosystems(os));
    }

    @Test
    void matchedAs_namesRhelForCentosOnly() {
        assertEquals(Optional.of("Red Hat Enterprise Linux 7"), EcosystemMapper.matchedAs(OperatingSystem.of("centos", "7")));
        assertEquals(Optional.empty(), EcosystemMapper.matchedAs(OperatingSystem.of("centos", "")));
        assertEquals(Optional.empty(), EcosystemMapper.matchedAs(OperatingSystem.of("rhel", "9")));
    }

    @Test
    void withoutOsvData_namesAmazonAndOracleLinux() {
        assertEquals(Optional.of("Amazon Linux"), EcosystemMapper.withoutOsvData(OperatingSystem.of("amzn", "2")));
        assertEquals(Optional.of("Oracle Linux"), EcosystemMapper.withoutOsvData(OperatingSystem.of("ol", "8.9")));
        assertEquals(Optional.empty(), EcosystemMapper.withoutOsvData(OperatingSystem.of("rhel", "9")));
    }
}
