package dev.tarsier.analyzers.os.dpkg;

import dev.tarsier.api.Diagnostic;
import dev.tarsier.api.OperatingSystem;
import dev.tarsier.api.Package;
import dev.tarsier.api.PackageKind;
import dev.tarsier.api.spi.FileOwnership;
import dev.tarsier.testkit.AnalyzerRunner;
import dev.tarsier.testkit.RecordingSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DpkgAnalyzerTest {

    private final DpkgAnalyzer analyzer = new DpkgAnalyzer();

    private static Map<String, Package> byName(RecordingSink sink) {
        return sink.packages().stream().collect(Collectors.toMap(Package::name, Function.identity()));
    }

    @Test
    void analyze_statusWithTwoPackages_reportsEveryField() {
        RecordingSink sink = AnalyzerRunner.run(analyzer, "var/lib/dpkg/status", """
                Package: libssl3
                Status: install ok installed
                Priority: optional
                Section: libs
                Installed-Size: 6153
                Maintainer: Debian OpenSSL Team <pkg-openssl-devel@alioth-lists.debian.net>
                Architecture: amd64
                Multi-Arch: same
                Source: openssl
                Version: 3.0.11-1~deb12u2
                Depends: libc6 (>= 2.34)
                Description: Secure Sockets Layer toolkit - shared libraries
                 This package is part of the OpenSSL project's implementation of the SSL
                 .
                 It provides the libssl and libcrypto shared libraries.

                Package: libselinux1
                Status: install ok installed
                Architecture: arm64
                Source: libselinux (3.4-1)
                Version: 3.4-1+b6
                Maintainer: Debian SELinux maintainers <selinux-devel@lists.alioth.debian.org>
                """);
        assertTrue(sink.diagnostics().isEmpty(), () -> sink.diagnostics().toString());
        Map<String, Package> pkgs = byName(sink);
        Package ssl = pkgs.get("libssl3");
        assertEquals("deb", ssl.type());
        assertEquals(PackageKind.OS, ssl.kind());
        assertEquals("3.0.11-1~deb12u2", ssl.version());
        assertEquals(Optional.of("openssl"), ssl.sourceName());
        assertEquals(Optional.of("3.0.11-1~deb12u2"), ssl.sourceVersion());
        assertEquals(Optional.of("amd64"), ssl.property("arch"));
        assertEquals(Optional.of("Debian OpenSSL Team <pkg-openssl-devel@alioth-lists.debian.net>"),
                ssl.property("maintainer"));
        assertEquals("pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64", ssl.purl().canonicalize());
        assertEquals("var/lib/dpkg/status", ssl.location().path());
        Package selinux = pkgs.get("libselinux1");
        assertEquals(Optional.of("libselinux"), selinux.sourceName());
        assertEquals(Optional.of("3.4-1"), selinux.sourceVersion());
    }

    @Test
    void analyze_packageWithoutSource_usesItsOwnNameAndVersionAsSource() {
        RecordingSink sink = AnalyzerRunner.run(analyzer, "var/lib/dpkg/status",
                "Package: adduser\nStatus: install ok installed\nArchitecture: all\nVersion: 3.134\n");
        Package p = sink.packages().get(0);
        assertEquals(Optional.of("adduser"), p.sourceName());
        assertEquals(Optional.of("3.134"), p.sourceVersion());
    }

    @Test
    void analyze_everyDpkgState_keepsOnlyPackagesWhoseFilesAreOnDisk() {
        StringBuilder status = new StringBuilder();
        String[] states = {"install ok installed", "deinstall ok installed", "hold ok installed",
            "install ok unpacked", "install ok half-configured", "install ok triggers-pending",
            "install ok triggers-awaiting", "install reinstreq half-installed",
            "deinstall ok config-files", "purge ok not-installed", "install ok"};
        for (int i = 0; i < states.length; i++) {
            status.append("Package: p").append(i).append("\nStatus: ").append(states[i])
                    .append("\nVersion: 1.0\n\n");
        }
        RecordingSink sink = AnalyzerRunner.run(analyzer, "var/lib/dpkg/status", status.toString());
        assertEquals(List.of("p0@1.0", "p1@1.0", "p2@1.0", "p3@1.0", "p4@1.0", "p5@1.0", "p6@1.0",
                "p7@1.0"), sink.nameVersions());
        List<Diagnostic> d = sink.diagnostics();
        assertEquals(2, d.size(), d::toString);
        assertTrue(d.stream().anyMatch(x -> x.severity() == Diagnostic.Severity.INFO
                && x.message().contains("p7 is half-installed")), d::toString);
        assertTrue(d.stream().anyMatch(x -> x.severity() == Diagnostic.Severity.WARNING
                && x.message().contains("p10: malformed Status")), d::toString);
    }

    @Test
    void analyze_oddSpacingCrlfContinuationsAndTrailingBlankLines_areTolerated() {
        RecordingSink sink = AnalyzerRunner.run(analyzer, "var/lib/dpkg/status",
                "\n\nPackage:curl\r\nstatus:   install ok installed  \r\nVERSION: 7.88.1-10+deb12u5\r\n"
                + "Description: a\r\n\tcontinued with a tab\r\n \r\n   \t\n"
                + "Package: zlib1g\nStatus: install ok installed\nVersion: 1:1.2.13.dfsg-1\n\n\n\n");
        assertEquals(List.of("curl@7.88.1-10+deb12u5", "zlib1g@1:1.2.13.dfsg-1"), sink.nameVersions());
        assertTrue(sink.diagnostics().isEmpty(), () -> sink.diagnostics().toString());
    }

    @Test
    void analyze_stanzasWithMissingFields_warnAndKeepTheOthers() {
        RecordingSink sink = AnalyzerRunner.run(analyzer, "var/lib/dpkg/status", """
                Package: foo
                Version: 1.0

                Status: install ok installed
                Version: 2.0

                Package: noversion
                Status: install ok installed

                this line is broken
                Package: bar
                Version: 2.0
                """);
        assertEquals(List.of("bar@2.0", "foo@1.0", "noversion@"), sink.nameVersions());
        Package nov = byName(sink).get("noversion");
        assertEquals("pkg:deb/debian/noversion", nov.purl().canonicalize());
        assertEquals(3, sink.diagnostics().size(), () -> sink.diagnostics().toString());
        assertTrue(sink.diagnostics().stream().allMatch(x -> x.severity() == Diagnostic.Severity.WARNING));
    }

    @Test
    void analyze_emptyStatus_reportsNothing() {
        RecordingSink sink = AnalyzerRunner.run(analyzer, "var/lib/dpkg/status", "");
        assertTrue(sink.packages().isEmpty());
        assertTrue(sink.diagnostics().isEmpty());
    }

    @Test
    void analyze_binaryGarbage_warnsWithoutThrowing() {
        byte[] junk = new byte[4096];
        new Random(7).nextBytes(junk);
        RecordingSink sink = AnalyzerRunner.run(analyzer, "var/lib/dpkg/status", junk);
        assertTrue(sink.packages().isEmpty());
        assertTrue(sink.diagnostics().stream().noneMatch(x -> x.severity() == Diagnostic.Severity.ERROR));
    }

    @Test
    void analyze_stanzaLongerThanTheCap_warnsOnceAndKeepsTheFieldsBeforeTheCut() {
        String longLine = " " + "x".repeat(1023) + "\n";
        String status = "Package: huge\nVersion: 1.0\nDescription: big\n"
                + longLine.repeat(ControlStanzas.MAX_STANZA_CHARS / 1024 + 10)
                + "Architecture: amd64\n\nPackage: next\nVersion: 2.0\n";
        RecordingSink sink = AnalyzerRunner.run(analyzer, "var/lib/dpkg/status", status);
        assertEquals(List.of("huge@1.0", "next@2.0"), sink.nameVersions());
        assertEquals(Optional.empty(), byName(sink).get("huge").property("arch"));
        assertEquals(1, sink.diagnostics().size(), () -> sink.diagnostics().toString());
        assertTrue(sink.diagnostics().get(0).message().contains("stanza longer than"));
    }

    @Test
    void analyze_distrolessStatusDFileWithoutStatus_countsAsInstalled() {
        RecordingSink sink = AnalyzerRunner.run(analyzer, "var/lib/dpkg/status.d/libc6", """
                Package: libc6
                Version: 2.36-9+deb12u4
                Architecture: amd64
                Source: glibc
                """);
        assertEquals(List.of("libc6@2.36-9+deb12u4"), sink.nameVersions());
        assertEquals("var/lib/dpkg/status.d/libc6", sink.packages().get(0).location().path());
    }

    @ParameterizedTest
    @ValueSource(strings = {"var/lib/dpkg/status.d/libc6.md5sums", "var/lib/dpkg/status.d/libc6.preinst",
        "var/lib/dpkg/status.d/libc6.postrm", "var/lib/dpkg/status.d/libc6.list"})
    void analyze_controlFilesInsideStatusD_areSkippedSilently(String path) {
        RecordingSink sink = AnalyzerRunner.run(analyzer, path, "d41d8cd98f00b204e9800998ecf8427e  usr/lib/x\n");
        assertTrue(sink.packages().isEmpty());
        assertTrue(sink.diagnostics().isEmpty());
    }

    @Test
    void analyze_statusDFileWhoseNameHasADot_isStillRead() {
        RecordingSink sink = AnalyzerRunner.run(analyzer, "var/lib/dpkg/status.d/python3.11-minimal",
                "Package: python3.11-minimal\nVersion: 3.11.2-6\nArchitecture: amd64\n");
        assertEquals(List.of("python3.11-minimal@3.11.2-6"), sink.nameVersions());
    }

    @Test
    void analyze_debianBaseFilesInStatusD_isLowConfidenceEvidenceOfTheRelease() {
        RecordingSink sink = AnalyzerRunner.run(analyzer, "var/lib/dpkg/status.d/base-files", """
                Package: base-files
                Version: 12.4+deb12u5
                Architecture: amd64
                Maintainer: Santiago Vila <sanvila@debian.org>
                """);
        assertEquals(List.of(new RecordingSink.OsEvidence(OperatingSystem.of("debian", "12"), 30)),
                sink.operatingSystems());
    }

    @Test
    void analyze_ubuntuBaseFiles_isNoEvidenceOfDebian() {
        RecordingSink sink = AnalyzerRunner.run(analyzer, "var/lib/dpkg/status", """
                Package: base-files
                Status: install ok installed
                Version: 12ubuntu4.6
                Maintainer: Ubuntu Developers <ubuntu-devel-discuss@lists.ubuntu.com>
                """);
        assertEquals(1, sink.packages().size());
        assertTrue(sink.operatingSystems().isEmpty());
    }

    @Test
    void analyze_infoListWithArchQualifier_reportsOwnedFilesRelativeWithoutRoot() {
        RecordingSink sink = AnalyzerRunner.run(analyzer, "var/lib/dpkg/info/libssl3:amd64.list", """
                /.
                /usr
                /usr/lib/x86_64-linux-gnu
                /usr/lib/x86_64-linux-gnu/libssl.so.3

                /usr/share/doc/libssl3/
                """);
        assertEquals(List.of(new FileOwnership("deb", "libssl3", List.of("usr", "usr/lib/x86_64-linux-gnu",
                "usr/lib/x86_64-linux-gnu/libssl.so.3", "usr/share/doc/libssl3"))), sink.ownerships());
        assertTrue(sink.packages().isEmpty());
    }

    @Test
    void analyze_emptyInfoList_reportsEmptyOwnership() {
        RecordingSink sink = AnalyzerRunner.run(analyzer, "var/lib/dpkg/info/nodejs.list", "");
        assertEquals(List.of(new FileOwnership("deb", "nodejs", List.of())), sink.ownerships());
    }

    @ParameterizedTest
    @ValueSource(strings = {"var/lib/dpkg/status", "var/lib/dpkg/status.d/libc6",
        "var/lib/dpkg/status.d/libc6.md5sums", "var/lib/dpkg/info/bash.list",
        "var/lib/dpkg/info/libc6:amd64.list"})
    void selector_matchesDpkgDatabaseFiles(String path) {
        assertTrue(analyzer.selector().matches(path));
    }

    @ParameterizedTest
    @ValueSource(strings = {"var/lib/dpkg/status-old", "var/lib/dpkg/available", "var/lib/dpkg/status.d",
        "var/lib/dpkg/status.d/sub/x", "var/lib/dpkg/info/bash.md5sums", "var/lib/dpkg/info/sub/bash.list",
        "usr/var/lib/dpkg/status", "status"})
    void selector_rejectsOtherPaths(String path) {
        assertFalse(analyzer.selector().matches(path));
    }
}
