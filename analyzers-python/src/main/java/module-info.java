/**
 * Installed Python distributions ({@code app.python}) and the PEP 440 version ordering
 * ({@code pep440}, OSV ecosystem {@code PyPI}). Written against the public SPI only, the way a
 * third party writes an analyzer: it requires {@code dev.tarsier.api} and nothing else.
 */
module dev.tarsier.analyzers.python {
    requires dev.tarsier.api;

    exports dev.tarsier.analyzers.python;
    exports dev.tarsier.analyzers.python.pep440;

    provides dev.tarsier.api.spi.Analyzer with
            dev.tarsier.analyzers.python.PythonPackageAnalyzer;
    provides dev.tarsier.api.spi.VersionScheme with
            dev.tarsier.analyzers.python.pep440.Pep440VersionScheme;
}
