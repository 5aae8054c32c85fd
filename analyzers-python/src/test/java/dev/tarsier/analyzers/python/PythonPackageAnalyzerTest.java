package dev.tarsier.analyzers.python;

import dev.tarsier.api.Diagnostic;
import dev.tarsier.api.Location;
import dev.tarsier.api.Package;
import dev.tarsier.api.PackageKind;
import dev.tarsier.testkit.AnalyzerRunner;
import dev.tarsier.testkit.MemoryInput;
import dev.tarsier.testkit.RecordingSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PythonPackageAnalyzerTest {

    private static final PythonPackageAnalyzer ANALYZER = new PythonPackageAnalyzer();

    private static final String SITE = "usr/local/lib/python3.11/site-packages/";

    private static List<String> messages(RecordingSink sink) {
        return sink.diagnostics().stream().map(Diagnostic::message).toList();
    }

    @Test
    void analyze_distInfoMetadata_reportsTheDistribution() {
        String path = SITE + "requests-2.31.0.dist-info/METADATA";
        RecordingSink sink = AnalyzerRunner.run(ANALYZER, path, Metadata.REQUESTS);

        assertEquals(List.of(), sink.diagnostics());
        assertEquals(1, sink.packages().size(), "the description body is not read as headers");
        Package p = sink.packages().get(0);
        assertEquals("pypi", p.type());
        assertEquals("requests", p.name());
        assertEquals("2.31.0", p.version());
        assertEquals("pkg:pypi/requests@2.31.0", p.purl().canonicalize());
        assertEquals(PackageKind.APPLICATION, p.kind());
        assertEquals(Optional.of("PyPI"), p.ecosystem());
        assertEquals(new Location(0, path), p.location());
        assertEquals(List.of("Apache 2.0"), p.licenses());
        assertEquals(Optional.empty(), p.property(PythonPackageAnalyzer.PROPERTY_DECLARED_NAME));
    }

    @Test
    void analyze_oddCasingAndUnderscores_normalizesTheNameAndKeepsTheDeclaredOne() {
        RecordingSink sink = AnalyzerRunner.run(ANALYZER,
                SITE + "Flask_SQLAlchemy-3.1.1.dist-info/METADATA", Metadata.FLASK_SQLALCHEMY);

        Package p = sink.packages().get(0);
        assertEquals("flask-sqlalchemy", p.name());
        assertEquals("pkg:pypi/flask-sqlalchemy@3.1.1", p.purl().canonicalize());
        assertEquals(Optional.of("Flask_SQLAlchemy"), p.property(PythonPackageAnalyzer.PROPERTY_DECLARED_NAME));
        assertEquals(List.of("BSD-3-Clause"), p.licenses(), "License-Expression wins over classifiers");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"requests, requests", "PyYAML, pyyaml", "Flask_SQLAlchemy, flask-sqlalchemy",
        "zope.interface, zope-interface", "ruamel.yaml.clib, ruamel-yaml-clib",
        "Foo__Bar--baz..Qux, foo-bar-baz-qux", "a-_.b, a-b", "X, x"})
    void normalizeName_pep503_lowercasesAndCollapsesSeparatorRuns(String name, String normalized) {
        assertEquals(normalized, PythonPackageAnalyzer.normalizeName(name));
    }

    @Test
    void analyze_eggInfoPkgInfo_usesClassifiersWhenLicenseIsAText() {
        RecordingSink sink = AnalyzerRunner.run(ANALYZER,
                "usr/lib/python3.8/site-packages/PyYAML.egg-info/PKG-INFO", Metadata.PYYAML_PKG_INFO);

        assertEquals(List.of(), sink.diagnostics());
        Package p = sink.packages().get(0);
        assertEquals("pyyaml@5.3.1", p.name() + "@" + p.version());
        assertEquals(List.of("MIT License"), p.licenses());
    }

    @Test
    void analyze_eggInfoFileInDistPackages_reportsTheDistribution() {
        RecordingSink sink = AnalyzerRunner.run(ANALYZER,
                "usr/lib/python3/dist-packages/six-1.16.0.egg-info", Metadata.SIX_EGG_INFO);

        assertEquals(List.of("six@1.16.0"), sink.nameVersions());
        assertEquals(List.of("MIT"), sink.packages().get(0).licenses());
    }

    @Test
    void analyze_missingVersion_warnsAndReportsThePackageWithoutVersion() {
        RecordingSink sink = AnalyzerRunner.run(ANALYZER,
                SITE + "zope.interface.egg-info/PKG-INFO", Metadata.NO_VERSION);

        assertEquals(List.of("distribution zope-interface has no Version field; reported without a version"),
                messages(sink));
        Diagnostic d = sink.diagnostics().get(0);
        assertEquals(Diagnostic.Severity.WARNING, d.severity());
        assertEquals(PythonPackageAnalyzer.ID, d.source());
        assertEquals(Optional.of(SITE + "zope.interface.egg-info/PKG-INFO"), d.path());
        Package p = sink.packages().get(0);
        assertEquals("", p.version());
        assertEquals("pkg:pypi/zope-interface", p.purl().canonicalize());
        assertEquals(List.of("Zope Public License"), p.licenses(), "UNKNOWN is no license");
    }

    @Test
    void analyze_missingName_warnsAndReportsNothing() {
        RecordingSink sink = AnalyzerRunner.run(ANALYZER, SITE + "x-1.0.dist-info/METADATA",
                "Metadata-Version: 2.1\nVersion: 1.0\n");

        assertEquals(List.of(), sink.packages());
        assertEquals(List.of("no Name field; skipped"), messages(sink));
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"-leading", "trailing_", "with space", "ünicode", "a/b"})
    void analyze_invalidName_warnsAndReportsNothing(String name) {
        RecordingSink sink = AnalyzerRunner.run(ANALYZER, SITE + "x-1.0.dist-info/METADATA",
                "Name: " + name + "\nVersion: 1.0\n");

        assertEquals(List.of(), sink.packages());
        assertEquals(List.of("Name '" + name + "' is not a valid distribution name; skipped"), messages(sink));
    }

    @Test
    void analyze_emptyFile_warnsAndReportsNothing() {
        RecordingSink sink = AnalyzerRunner.run(ANALYZER, SITE + "x-1.0.dist-info/METADATA", "");

        assertEquals(List.of(), sink.packages());
        assertEquals(List.of("no Name field; skipped"), messages(sink));
    }

    @Test
    void analyze_malformedLine_warnsAndKeepsTheFieldsBeforeIt() {
        RecordingSink sink = AnalyzerRunner.run(ANALYZER, SITE + "x-1.0.dist-info/METADATA",
                "Metadata-Version: 2.1\nName: attrs\nVersion: 23.1.0\nthis line is no field\nLicense: MIT\n");

        assertEquals(List.of("attrs@23.1.0"), sink.nameVersions());
        assertEquals(List.of(), sink.packages().get(0).licenses(), "fields after the bad line are body");
        assertEquals(List.of("line 4 is not a 'Name: value' field; headers end there"), messages(sink));
    }

    @Test
    void analyze_crlfLineEndingsAndFieldNameCase_areAccepted() {
        RecordingSink sink = AnalyzerRunner.run(ANALYZER, SITE + "idna-3.4.dist-info/METADATA",
                "\uFEFFmetadata-version: 2.1\r\nNAME: idna\r\nversion:3.4\r\nlicense: BSD-3-Clause\r\n\r\nbody\r\n");

        assertEquals(List.of(), sink.diagnostics());
        assertEquals(List.of("idna@3.4"), sink.nameVersions());
        assertEquals(List.of("BSD-3-Clause"), sink.packages().get(0).licenses());
    }

    @Test
    void analyze_latin1Bytes_decodeWithoutFailing() {
        byte[] content = "Name: chardet\nVersion: 3.0.4\nAuthor: Fran\u00e7ois\n".getBytes(StandardCharsets.ISO_8859_1);
        RecordingSink sink = AnalyzerRunner.run(ANALYZER, SITE + "chardet-3.0.4.dist-info/METADATA", content);

        assertEquals(List.of("chardet@3.0.4"), sink.nameVersions());
        assertEquals(List.of(), sink.diagnostics());
    }

    @Test
    void analyze_headersOverTheCap_warnsAndKeepsTheFieldsRead() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("Name: huge\nVersion: 1.0\nSummary: ".getBytes(StandardCharsets.US_ASCII));
        byte[] filler = new byte[PythonPackageAnalyzer.MAX_HEADER_BYTES + 10];
        java.util.Arrays.fill(filler, (byte) 'x');
        out.writeBytes(filler);
        out.writeBytes("\nLicense: MIT\n".getBytes(StandardCharsets.US_ASCII));

        RecordingSink sink = AnalyzerRunner.run(ANALYZER, SITE + "huge-1.0.dist-info/METADATA", out.toByteArray());

        assertEquals(List.of("huge@1.0"), sink.nameVersions());
        assertEquals(List.of(), sink.packages().get(0).licenses());
        assertEquals(List.of("headers exceed 1048576 bytes; fields after line 2 ignored"), messages(sink));
    }

    @Test
    void analyze_hostileHugeName_isHandledWithoutOverflow() {
        String name = "a-".repeat(300_000) + "b";
        RecordingSink sink = AnalyzerRunner.run(ANALYZER, SITE + "x-1.0.dist-info/METADATA",
                "Name: " + name + "\nVersion: 1.0\n");

        assertEquals(List.of(), sink.diagnostics());
        assertEquals(name, sink.packages().get(0).name());
    }

    @Test
    void analyze_capCutsALineThatIsNoField_keepsTheFieldBeforeIt() {
        byte[] filler = new byte[PythonPackageAnalyzer.MAX_HEADER_BYTES];
        java.util.Arrays.fill(filler, (byte) 'x');
        byte[] head = "Name: cut\nVersion: 2.0\n".getBytes(StandardCharsets.US_ASCII);
        byte[] content = java.util.Arrays.copyOf(head, head.length + filler.length);
        System.arraycopy(filler, 0, content, head.length, filler.length);

        RecordingSink sink = AnalyzerRunner.run(ANALYZER, SITE + "cut-2.0.dist-info/METADATA", content);

        assertEquals(List.of("cut@2.0"), sink.nameVersions());
        assertEquals(List.of("headers exceed 1048576 bytes; fields after line 2 ignored"), messages(sink));
    }

    @Test
    void analyze_longDescriptionBody_isNotRead() throws java.io.IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(Metadata.REQUESTS.getBytes(StandardCharsets.UTF_8));
        byte[] body = new byte[4 * PythonPackageAnalyzer.MAX_HEADER_BYTES];
        java.util.Arrays.fill(body, (byte) 'y');
        out.writeBytes(body);
        CountingInput input = new CountingInput(SITE + "requests-2.31.0.dist-info/METADATA", out.toByteArray());

        RecordingSink sink = new RecordingSink(PythonPackageAnalyzer.ID, 0, input.path());
        ANALYZER.analyze(input, sink);

        assertEquals(List.of("requests@2.31.0"), sink.nameVersions());
        assertEquals(List.of(), sink.diagnostics());
        assertTrue(input.bytesRead() <= PythonPackageAnalyzer.MAX_HEADER_BYTES,
                "read " + input.bytesRead() + " bytes of " + input.size());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "usr/lib/python3.11/site-packages/requests-2.31.0.dist-info/METADATA",
        "site-packages/requests-2.31.0.dist-info/METADATA",
        "opt/venv/lib/python3.12/site-packages/Flask_SQLAlchemy-3.1.1.dist-info/METADATA",
        "usr/lib/python3/dist-packages/six-1.16.0.egg-info",
        "usr/lib/python3/dist-packages/PyYAML.egg-info/PKG-INFO",
        "usr/lib/python2.7/site-packages/setuptools-0.6c11-py2.7.egg/EGG-INFO/PKG-INFO"})
    void selector_metadataFilesInSitePackages_areSelected(String path) {
        assertTrue(ANALYZER.selector().matches(path));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "usr/lib/python3.11/site-packages/requests-2.31.0.dist-info/RECORD",
        "usr/lib/python3.11/site-packages/requests/METADATA",
        "src/requests.egg-info/PKG-INFO",
        "home/dev/project/requests-2.31.0.dist-info/METADATA",
        "usr/lib/python3/dist-packages/six-1.16.0.egg-info/SOURCES.txt",
        "usr/lib/python3.11/site-packages/vendor/x.dist-info/METADATA",
        "usr/lib/python3.11/site-packages/requests-2.31.0.dist-info/metadata"})
    void selector_otherFiles_areNotSelected(String path) {
        assertFalse(ANALYZER.selector().matches(path));
    }

    /** An input that counts how much of it the analyzer reads. */
    private static final class CountingInput implements dev.tarsier.api.spi.AnalyzerInput {
        private final MemoryInput delegate;
        private long read;

        CountingInput(String path, byte[] content) {
            this.delegate = MemoryInput.of(path, content);
        }

        long bytesRead() {
            return read;
        }

        @Override
        public String path() {
            return delegate.path();
        }

        @Override
        public long size() {
            return delegate.size();
        }

        @Override
        public int mode() {
            return delegate.mode();
        }

        @Override
        public int layer() {
            return delegate.layer();
        }

        @Override
        public java.io.InputStream stream() {
            return new java.io.FilterInputStream(delegate.stream()) {
                @Override
                public int read() throws java.io.IOException {
                    int b = super.read();
                    if (b >= 0) {
                        read++;
                    }
                    return b;
                }

                @Override
                public int read(byte[] b, int off, int len) throws java.io.IOException {
                    int n = super.read(b, off, len);
                    if (n > 0) {
                        read += n;
                    }
                    return n;
                }
            };
        }
    }
}
