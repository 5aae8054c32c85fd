package dev.tarsier.analyzers.python;

import dev.tarsier.api.Diagnostic;
import dev.tarsier.api.PackageKind;
import dev.tarsier.testkit.AnalysisResult;
import dev.tarsier.testkit.AnalyzerTester;
import dev.tarsier.testkit.Compression;
import dev.tarsier.testkit.ImageBuilder;
import dev.tarsier.testkit.LayerBuilder;
import dev.tarsier.testkit.PipelineRunner;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The analyzer on whole generated {@code site-packages} trees: alone over a layer with the
 * test kit's {@link AnalyzerTester}, and end to end through the real scanner (discovered by
 * ServiceLoader, as the CLI finds it) with {@link PipelineRunner}.
 */
class SitePackagesTreeTest {

    private static final String SITE = "usr/local/lib/python3.11/site-packages/";
    private static final String VENV = "opt/venv/lib/python3.12/site-packages/";
    private static final String DEBIAN = "usr/lib/python3/dist-packages/";

    /** A pip-installed distribution: METADATA plus the files pip writes next to it. */
    private static LayerBuilder pipInstall(LayerBuilder layer, String site, String dirName, String metadata,
            String module) {
        String dist = site + dirName + ".dist-info/";
        return layer.dir(dist)
                .file(dist + "METADATA", metadata)
                .file(dist + "INSTALLER", "pip\n")
                .file(dist + "WHEEL", "Wheel-Version: 1.0\nGenerator: bdist_wheel (0.40.0)\nRoot-Is-Purelib: true\nTag: py3-none-any\n")
                .file(dist + "RECORD", module + "/__init__.py,sha256=abc,120\n" + dist + "METADATA,,\n")
                .file(dist + "top_level.txt", module + "\n")
                .file(site + module + "/__init__.py", "__version__ = '0'\n");
    }

    private static String metadata(String name, String version) {
        return "Metadata-Version: 2.1\nName: " + name + "\nVersion: " + version + "\nLicense: MIT\n\nbody\n";
    }

    @Test
    void analyzer_sitePackagesTree_readsOnlyTheMetadataFiles() {
        LayerBuilder layer = new LayerBuilder();
        pipInstall(layer, SITE, "requests-2.31.0", Metadata.REQUESTS, "requests");
        pipInstall(layer, SITE, "Flask_SQLAlchemy-3.1.1", Metadata.FLASK_SQLALCHEMY, "flask_sqlalchemy");
        pipInstall(layer, VENV, "zope.interface-6.0", Metadata.NO_VERSION, "zope");
        layer.file(DEBIAN + "six-1.16.0.egg-info", Metadata.SIX_EGG_INFO)
                .file(DEBIAN + "six.py", "# six\n")
                .file(SITE + "PyYAML-5.3.1-py3.8.egg-info/PKG-INFO", Metadata.PYYAML_PKG_INFO)
                .file(SITE + "PyYAML-5.3.1-py3.8.egg-info/SOURCES.txt", "setup.py\n");

        AnalysisResult result = AnalyzerTester.of(new PythonPackageAnalyzer()).layer(layer).run();

        assertEquals(List.of(
                "0:" + SITE + "requests-2.31.0.dist-info/METADATA",
                "0:" + SITE + "Flask_SQLAlchemy-3.1.1.dist-info/METADATA",
                "0:" + VENV + "zope.interface-6.0.dist-info/METADATA",
                "0:" + DEBIAN + "six-1.16.0.egg-info",
                "0:" + SITE + "PyYAML-5.3.1-py3.8.egg-info/PKG-INFO"), result.offeredPaths());
        result.assertPackages("requests@2.31.0", "flask-sqlalchemy@3.1.1", "zope-interface@", "six@1.16.0",
                "pyyaml@5.3.1");
        result.assertPackage("flask-sqlalchemy")
                .hasPurl("pkg:pypi/flask-sqlalchemy@3.1.1")
                .hasProperty(PythonPackageAnalyzer.PROPERTY_DECLARED_NAME, "Flask_SQLAlchemy")
                .isAt(0, SITE + "Flask_SQLAlchemy-3.1.1.dist-info/METADATA");
        result.assertDiagnostic(Diagnostic.Severity.WARNING, "zope.interface-6.0.dist-info/METADATA",
                "zope-interface has no Version field");
        assertEquals(1, result.diagnostics().size(), result.describeDiagnostics());
    }

    @Test
    void pipeline_layeredImage_reportsSurvivingDistributionsAtTheirIntroducingLayer() {
        LayerBuilder base = new LayerBuilder()
                .file("etc/os-release", "ID=debian\nVERSION_ID=12\n")
                .file(DEBIAN + "six-1.16.0.egg-info", Metadata.SIX_EGG_INFO);
        pipInstall(base, SITE, "requests-2.30.0", metadata("requests", "2.30.0"), "requests");
        pipInstall(base, SITE, "idna-3.4", metadata("idna", "3.4"), "idna");

        // "pip install -U requests" and a virtual environment.
        LayerBuilder upgrade = new LayerBuilder().whiteout(SITE + "requests-2.30.0.dist-info");
        pipInstall(upgrade, SITE, "requests-2.31.0", Metadata.REQUESTS, "requests");
        pipInstall(upgrade, VENV, "Flask_SQLAlchemy-3.1.1", Metadata.FLASK_SQLALCHEMY, "flask_sqlalchemy");
        pipInstall(upgrade, VENV, "zope.interface-6.0", Metadata.NO_VERSION, "zope");

        // "pip uninstall -y idna" and a rewrite of six's metadata with the same version.
        LayerBuilder cleanup = new LayerBuilder()
                .whiteout(SITE + "idna-3.4.dist-info")
                .whiteout(SITE + "idna")
                .file(DEBIAN + "six-1.16.0.egg-info", Metadata.SIX_EGG_INFO);

        AnalysisResult result = PipelineRunner.discovering().run(new ImageBuilder()
                .layer(base, Compression.GZIP)
                .layer(upgrade, Compression.ZSTD)
                .layer(cleanup)
                .history("ADD rootfs /", false)
                .history("RUN pip install -U requests && python -m venv /opt/venv", false)
                .history("RUN pip uninstall -y idna", false));

        result.withPackagesOfType(PythonPackageAnalyzer.TYPE).assertPackages(
                "six@1.16.0", "requests@2.31.0", "flask-sqlalchemy@3.1.1", "zope-interface@");
        result.assertPackage("six").introducedIn(0).hasKind(PackageKind.APPLICATION).hasEcosystem("PyPI");
        result.assertPackage("requests")
                .isAt(1, SITE + "requests-2.31.0.dist-info/METADATA")
                .hasPurl("pkg:pypi/requests@2.31.0")
                .hasLicenses("Apache 2.0");
        result.assertPackage("flask-sqlalchemy").introducedIn(1);
        assertEquals("RUN pip install -U requests && python -m venv /opt/venv",
                result.inventory().image().layer(1).createdBy().orElseThrow());
        Diagnostic missing = result.assertDiagnostic(Diagnostic.Severity.WARNING,
                VENV + "zope.interface-6.0.dist-info/METADATA", "has no Version field");
        assertEquals(PythonPackageAnalyzer.ID, missing.source());
        assertEquals(1, missing.layer().orElseThrow());
        result.withDiagnosticsFrom(PythonPackageAnalyzer.ID).diagnostics().forEach(d ->
                assertEquals(missing, d, "only the missing Version is reported"));
    }
}
