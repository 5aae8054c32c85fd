package dev.tarsier.analyzers.os.release;

import dev.tarsier.analyzers.os.SharedFixtures;
import dev.tarsier.api.Diagnostic;
import dev.tarsier.api.OperatingSystem;
import dev.tarsier.testkit.AnalyzerRunner;
import dev.tarsier.testkit.RecordingSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OsReleaseAnalyzerTest {

    private final OsReleaseAnalyzer analyzer = new OsReleaseAnalyzer();

    private static RecordingSink.OsEvidence only(RecordingSink sink) {
        assertEquals(1, sink.operatingSystems().size(), () -> "evidence: " + sink.operatingSystems()
                + " diagnostics: " + sink.diagnostics());
        return sink.operatingSystems().get(0);
    }

    @Test
    void analyze_etcOsReleaseOfDebian_givesAllFieldsWithFullConfidence() {
        RecordingSink sink = AnalyzerRunner.run(analyzer, "etc/os-release", """
                PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
                NAME="Debian GNU/Linux"
                VERSION_ID="12"
                VERSION="12 (bookworm)"
                VERSION_CODENAME=bookworm
                ID=debian
                HOME_URL="https://www.debian.org/"
                """);
        RecordingSink.OsEvidence e = only(sink);
        assertEquals(100, e.confidence());
        assertEquals(new OperatingSystem("debian", "12", Optional.of("bookworm"),
                Optional.of("Debian GNU/Linux 12 (bookworm)"), List.of()), e.os());
        assertTrue(sink.diagnostics().isEmpty());
    }

    @Test
    void analyze_usrLibOsReleaseWithQuotingCommentsAndIdLike_unquotesAndLowerCasesTheId() {
        RecordingSink sink = AnalyzerRunner.run(analyzer, "usr/lib/os-release", """
                # comment line
                ID="Ubuntu"
                ID_LIKE='debian'
                VERSION_ID="22.04"
                UBUNTU_CODENAME=jammy
                PRETTY_NAME="Ubuntu \\"Jammy\\" 22.04 \\$HOME"
                not a line
                """);
        RecordingSink.OsEvidence e = only(sink);
        assertEquals(90, e.confidence());
        assertEquals("ubuntu", e.os().family());
        assertEquals("22.04", e.os().version());
        assertEquals(Optional.of("jammy"), e.os().codename());
        assertEquals(Optional.of("Ubuntu \"Jammy\" 22.04 $HOME"), e.os().name());
        assertEquals(List.of("debian"), e.os().idLike());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"amzn\"|\"2023\"|amzn|2023",
        "\"amzn\"|\"2\"|amzn|2",
        "\"ol\"|\"9.3\"|ol|9.3",
        "\"centos\"|\"9\"|centos|9",
        "\"sles\"|\"15.5\"|sles|15.5",
        "\"opensuse-leap\"|\"15.5\"|opensuse-leap|15.5",
        "\"opensuse-tumbleweed\"|\"20240101\"|opensuse-tumbleweed|20240101",
        "mariner|\"2.0\"|mariner|2.0",
        "azurelinux|\"3.0\"|azurelinux|3.0",
    })
    void analyze_osReleaseOfRpmDistributions_givesTheIdAndVersionAsWritten(String id, String versionId,
                                                                          String family, String version) {
        RecordingSink.OsEvidence e = only(AnalyzerRunner.run(analyzer, "etc/os-release",
                "NAME=\"X\"\nID=" + id + "\nVERSION_ID=" + versionId + "\n"));
        assertEquals(family, e.os().family());
        assertEquals(version, e.os().version());
    }

    @Test
    void analyze_osReleaseWithoutVersionId_givesAnEmptyVersion() {
        RecordingSink sink = AnalyzerRunner.run(analyzer, "etc/os-release",
                "ID=debian\nPRETTY_NAME=\"Debian GNU/Linux trixie/sid\"\nVERSION_CODENAME=trixie\n");
        assertEquals("", only(sink).os().version());
    }

    @Test
    void analyze_osReleaseWithoutId_warnsAndGivesNoEvidence() {
        RecordingSink sink = AnalyzerRunner.run(analyzer, "etc/os-release", "NAME=Something\nVERSION_ID=1\n");
        assertTrue(sink.operatingSystems().isEmpty());
        assertEquals(1, sink.diagnostics().size());
        assertEquals(Diagnostic.Severity.WARNING, sink.diagnostics().get(0).severity());
    }

    @Test
    void analyze_emptyOsRelease_warnsAndGivesNoEvidence() {
        RecordingSink sink = AnalyzerRunner.run(analyzer, "etc/os-release", "");
        assertTrue(sink.operatingSystems().isEmpty());
        assertFalse(sink.diagnostics().isEmpty());
    }

    @Test
    void analyze_alpineRelease_givesAlpineAndItsVersion() {
        RecordingSink.OsEvidence e = only(AnalyzerRunner.run(analyzer, "etc/alpine-release", "3.19.1\n"));
        assertEquals(OperatingSystem.of("alpine", "3.19.1"), e.os());
        assertEquals(70, e.confidence());
    }

    @Test
    void analyze_debianVersionPointRelease_givesDebianWithLowConfidence() {
        RecordingSink.OsEvidence e = only(AnalyzerRunner.run(analyzer, "etc/debian_version", "12.4\n"));
        assertEquals(OperatingSystem.of("debian", "12.4"), e.os());
        assertEquals("12", e.os().majorVersion());
        assertEquals(60, e.confidence());
    }

    @Test
    void analyze_debianVersionOfTesting_givesTheCodenameAndNoVersion() {
        RecordingSink.OsEvidence e = only(AnalyzerRunner.run(analyzer, "etc/debian_version", "trixie/sid\n"));
        assertEquals("", e.os().version());
        assertEquals(Optional.of("trixie"), e.os().codename());
    }

    @Test
    void analyze_lsbRelease_givesTheDistributionFromDistribFields() {
        RecordingSink.OsEvidence e = only(AnalyzerRunner.run(analyzer, "etc/lsb-release", """
                DISTRIB_ID=Ubuntu
                DISTRIB_RELEASE=18.04
                DISTRIB_CODENAME=bionic
                DISTRIB_DESCRIPTION="Ubuntu 18.04.1 LTS"
                """));
        assertEquals(new OperatingSystem("ubuntu", "18.04", Optional.of("bionic"),
                Optional.of("Ubuntu 18.04.1 LTS"), List.of()), e.os());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "etc/redhat-release|CentOS Linux release 7.9.2009 (Core)|centos|7.9.2009|Core",
        "etc/redhat-release|Red Hat Enterprise Linux release 8.4 (Ootpa)|rhel|8.4|Ootpa",
        "etc/rocky-release|Rocky Linux release 9.1 (Blue Onyx)|rocky|9.1|Blue Onyx",
        "etc/almalinux-release|AlmaLinux release 9.0 (Emerald Puma)|almalinux|9.0|Emerald Puma",
        "etc/fedora-release|Fedora release 35 (Thirty Five)|fedora|35|Thirty Five",
        "etc/system-release|Amazon Linux release 2 (Karoo)|amzn|2|Karoo",
        "etc/centos-release|CentOS Stream release 8|centos|8|",
        "etc/oracle-release|Oracle Linux Server release 8.9|ol|8.9|",
        "etc/system-release|Amazon Linux release 2023.3.20240108 (Amazon Linux)|amzn|2023.3.20240108|Amazon Linux",
    })
    void analyze_releaseLine_givesFamilyVersionAndCodename(String path, String line, String family,
                                                             String version, String codename) {
        RecordingSink.OsEvidence e = only(AnalyzerRunner.run(analyzer, path, line + "\n"));
        assertEquals(family, e.os().family());
        assertEquals(version, e.os().version());
        assertEquals(Optional.ofNullable(codename), e.os().codename());
        assertEquals(Optional.of(line), e.os().name());
        assertEquals(70, e.confidence());
    }

    @Test
    void analyze_releaseLineOfUnknownDistribution_reportsInfoAndNoEvidence() {
        RecordingSink sink = AnalyzerRunner.run(analyzer, "etc/redhat-release", "Foobar Linux release 1.0\n");
        assertTrue(sink.operatingSystems().isEmpty());
        assertEquals(Diagnostic.Severity.INFO, sink.diagnostics().get(0).severity());
    }

    @Test
    void analyze_garbageReleaseLine_warns() {
        RecordingSink sink = AnalyzerRunner.run(analyzer, "etc/redhat-release", "\u0000\u0001garbage");
        assertTrue(sink.operatingSystems().isEmpty());
        assertEquals(Diagnostic.Severity.WARNING, sink.diagnostics().get(0).severity());
    }

    @ParameterizedTest
    @ValueSource(strings = {"etc/os-release", "usr/lib/os-release", "etc/alpine-release",
        "etc/debian_version", "etc/redhat-release", "etc/centos-release", "etc/lsb-release",
        "etc/system-release", "root/buildinfo/content_manifests/ubi9-container-9.3-1361.json"})
    void selector_matchesReleaseFiles(String path) {
        assertTrue(analyzer.selector().matches(path));
    }

    @ParameterizedTest
    @ValueSource(strings = {"os-release", "etc/os-release.bak", "usr/etc/os-release",
        "etc/os-release/x", "lib/os-release", "etc/debian_version.dpkg-old",
        "root/buildinfo/Dockerfile-ubi9-9.3-1361", "root/buildinfo/content_manifests/a/b.json",
        "buildinfo/content_manifests/x.json"})
    void selector_rejectsOtherPaths(String path) {
        assertFalse(analyzer.selector().matches(path));
    }

    @Test
    void selector_capsTheFileSizeAtTheManifestCap() {
        assertEquals(OsReleaseAnalyzer.MAX_MANIFEST_SIZE, analyzer.selector().maxFileSize());
    }

    @Test
    void analyze_releaseFileOverItsOwnCap_warns() {
        RecordingSink sink = AnalyzerRunner.run(analyzer, "etc/os-release",
                "ID=rhel\n" + "#".repeat((int) OsReleaseAnalyzer.MAX_FILE_SIZE));
        assertTrue(sink.operatingSystems().isEmpty());
        assertEquals(Diagnostic.Severity.WARNING, sink.diagnostics().get(0).severity());
    }

    /** Shaped like the manifest of registry.access.redhat.com/ubi9/ubi:9.3-1361. */
    static final String UBI9_MANIFEST = """
            {
              "metadata": {
                "icm_version": 1,
                "icm_spec": "https://raw.githubusercontent.com/containerbuildsystem/atomic-reactor/master/atomic_reactor/schemas/content_manifest.json",
                "image_layer_index": 0
              },
              "content_sets": [
                "rhel-9-for-x86_64-appstream-rpms",
                "rhel-9-for-x86_64-baseos-rpms"
              ],
              "image_contents": [
                {"purl": "pkg:golang/github.com%2Fdocker%2Fdistribution@v2.8.1", "dependencies": [], "sources": [{"purl": "x", "ok": true, "n": -1.5e3, "x": null}]}
              ]
            }
            """;

    @Test
    void analyze_contentManifest_givesRhelEvidenceWithTheContentSetsOnly() {
        RecordingSink sink = AnalyzerRunner.run(analyzer,
                "root/buildinfo/content_manifests/ubi9-container-9.3-1361.json", UBI9_MANIFEST);
        RecordingSink.OsEvidence e = only(sink);
        assertEquals(new OperatingSystem("rhel", "", Optional.empty(), Optional.empty(), List.of(),
                List.of("rhel-9-for-x86_64-baseos-rpms", "rhel-9-for-x86_64-appstream-rpms")), e.os());
        assertEquals(List.of("rhel-9-for-x86_64-appstream-rpms", "rhel-9-for-x86_64-baseos-rpms"), e.os().contentSets());
        assertEquals(20, e.confidence());
        assertTrue(sink.diagnostics().isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"metadata\": {}}", "{}", "{\"content_sets\": []}"})
    void analyze_contentManifestWithoutContentSets_givesNothing(String json) {
        RecordingSink sink = AnalyzerRunner.run(analyzer, "root/buildinfo/content_manifests/x.json", json);
        assertTrue(sink.operatingSystems().isEmpty());
        assertTrue(sink.diagnostics().isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[]", "{\"content_sets\": [\"a\"", "{\"content_sets\": \"a\"}",
        "{\"content_sets\": [1]}", "{\"content_sets\": [\"a\"]} x", "{\"a\": \"\\q\"}",
        "{\"a\": tru", "{\"a\": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}"})
    void analyze_corruptContentManifest_warnsAndGivesNothing(String json) {
        RecordingSink sink = AnalyzerRunner.run(analyzer, "root/buildinfo/content_manifests/x.json", json);
        assertTrue(sink.operatingSystems().isEmpty());
        assertEquals(1, sink.diagnostics().size());
        assertEquals(Diagnostic.Severity.WARNING, sink.diagnostics().get(0).severity());
    }

    @Test
    void analyze_contentManifestWithEscapes_decodesThem() {
        RecordingSink sink = AnalyzerRunner.run(analyzer, "root/buildinfo/content_manifests/x.json",
                "{\"content_sets\":[\"rhel-9-for-x86_64-\\u0062aseos-rpms\",\"a\\/b\"],\"x\":{\"\\\"\":[]}}");
        assertEquals(List.of("a/b", "rhel-9-for-x86_64-baseos-rpms"), only(sink).os().contentSets());
    }

    @Test
    void analyze_sharedAlpineAndDebianFixtures_giveTheirDistributions() {
        Path pkgdb = SharedFixtures.pkgdb();
        RecordingSink alpine = AnalyzerRunner.run(analyzer, "etc/os-release",
                AnalyzerRunner.readAllBytes(pkgdb.resolve("apk/alpine3.10.4-image/os-release")));
        assertEquals(new OperatingSystem("alpine", "3.10.4", Optional.empty(),
                Optional.of("Alpine Linux v3.10"), List.of()), only(alpine).os());
        RecordingSink alpineRelease = AnalyzerRunner.run(analyzer, "etc/alpine-release",
                AnalyzerRunner.readAllBytes(pkgdb.resolve("apk/alpine3.10.4-image/alpine-release")));
        assertEquals(OperatingSystem.of("alpine", "3.10.4"), only(alpineRelease).os());
        RecordingSink debian = AnalyzerRunner.run(analyzer, "etc/os-release",
                AnalyzerRunner.readAllBytes(pkgdb.resolve("dpkg/local-debian12-bookworm/os-release")));
        assertEquals("debian", only(debian).os().family());
        assertEquals("12", only(debian).os().version());
        assertEquals(Optional.of("bookworm"), only(debian).os().codename());
    }
}
