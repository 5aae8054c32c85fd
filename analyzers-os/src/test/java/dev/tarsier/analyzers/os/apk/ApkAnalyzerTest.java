package dev.tarsier.analyzers.os.apk;

import dev.tarsier.api.Diagnostic;
import dev.tarsier.api.Package;
import dev.tarsier.api.PackageKind;
import dev.tarsier.testkit.AnalyzerRunner;
import dev.tarsier.testkit.RecordingSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ApkAnalyzerTest {

    private final ApkAnalyzer analyzer = new ApkAnalyzer();

    @Test
    void analyze_installedWithFiles_reportsPackageOriginLicenseAndOwnedFiles() {
        RecordingSink sink = AnalyzerRunner.run(analyzer, "lib/apk/db/installed", """
                C:Q1x6WFRxtCFOJEJVxd3X43cgTKiZQ=
                P:libcrypto3
                V:3.1.4-r5
                A:x86_64
                S:1765184
                L:Apache-2.0
                o:openssl
                m:Ariadne Conill <ariadne@dereferenced.org>
                F:lib
                R:libcrypto.so.3
                a:0:0:755
                Z:Q1abc=
                F:usr/lib/engines-3
                R:afalg.so
                R:capi.so

                P:musl
                V:1.2.4-r2
                A:x86_64
                L:MIT
                o:musl
                R:ld-musl-x86_64.so.1
                """);
        assertTrue(sink.diagnostics().isEmpty(), () -> sink.diagnostics().toString());
        assertEquals(List.of("libcrypto3@3.1.4-r5", "musl@1.2.4-r2"), sink.nameVersions());
        Package crypto = sink.packages().get(0);
        assertEquals("apk", crypto.type());
        assertEquals(PackageKind.OS, crypto.kind());
        assertEquals(Optional.of("openssl"), crypto.sourceName());
        assertEquals(Optional.of("3.1.4-r5"), crypto.sourceVersion());
        assertEquals(List.of("Apache-2.0"), crypto.licenses());
        assertEquals(Optional.of("x86_64"), crypto.property("arch"));
        assertEquals(Optional.of("Ariadne Conill <ariadne@dereferenced.org>"), crypto.property("maintainer"));
        assertEquals(List.of("lib/libcrypto.so.3", "usr/lib/engines-3/afalg.so", "usr/lib/engines-3/capi.so"),
                crypto.files());
        assertEquals("pkg:apk/alpine/libcrypto3@3.1.4-r5?arch=x86_64", crypto.purl().canonicalize());
        assertEquals(List.of("ld-musl-x86_64.so.1"), sink.packages().get(1).files());
    }

    @Test
    void analyze_blockWithoutOrigin_usesTheNameAsSource() {
        RecordingSink sink = AnalyzerRunner.run(analyzer, "lib/apk/db/installed", "P:zlib\nV:1.3-r0\n");
        assertEquals(Optional.of("zlib"), sink.packages().get(0).sourceName());
    }

    @Test
    void analyze_blocksWithMissingNameOrVersionAndBrokenLines_warnAndKeepTheRest() {
        RecordingSink sink = AnalyzerRunner.run(analyzer, "lib/apk/db/installed", """
                P:noversion
                A:x86_64

                V:1.0
                A:x86_64

                P:good
                this is not a field
                V:2.0



                """);
        assertEquals(List.of("good@2.0", "noversion@"), sink.nameVersions());
        assertEquals(3, sink.diagnostics().size(), () -> sink.diagnostics().toString());
        assertTrue(sink.diagnostics().stream().allMatch(d -> d.severity() == Diagnostic.Severity.WARNING));
    }

    @Test
    void analyze_emptyInstalled_reportsNothing() {
        RecordingSink sink = AnalyzerRunner.run(analyzer, "lib/apk/db/installed", "\n\n");
        assertTrue(sink.packages().isEmpty());
        assertTrue(sink.diagnostics().isEmpty());
    }

    @Test
    void analyze_truncatedInTheMiddleOfABlock_keepsTheCompletePartsRead() {
        RecordingSink sink = AnalyzerRunner.run(analyzer, "lib/apk/db/installed",
                "P:a\nV:1\n\nP:b\nV:2\nF:usr\nR:fi");
        assertEquals(List.of("a@1", "b@2"), sink.nameVersions());
        assertEquals(List.of("usr/fi"), sink.packages().get(1).files());
    }

    @Test
    void selector_matchesOnlyTheInstalledDatabase() {
        assertTrue(analyzer.selector().matches("lib/apk/db/installed"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"lib/apk/db/scripts.tar", "lib/apk/db/triggers", "usr/lib/apk/db/installed",
        "lib/apk/db/installed.bak", "installed"})
    void selector_rejectsOtherPaths(String path) {
        assertFalse(analyzer.selector().matches(path));
    }
}
