/**
 * Analyzers for application components: Java archives ({@code app.jar}) and Node.js (installed
 * {@code node_modules} packages, lockfiles and the {@code node} runtime). Depends on the API only.
 */
module dev.tarsier.analyzers.app {
    requires dev.tarsier.api;

    provides dev.tarsier.api.spi.Analyzer with
            dev.tarsier.analyzers.app.binary.BinaryAnalyzer,
            dev.tarsier.analyzers.app.jar.JarAnalyzer,
            dev.tarsier.analyzers.app.node.NodeModulesAnalyzer,
            dev.tarsier.analyzers.app.node.NodeRuntimeAnalyzer,
            dev.tarsier.analyzers.app.node.PackageLockAnalyzer,
            dev.tarsier.analyzers.app.node.YarnLockAnalyzer,
            dev.tarsier.analyzers.app.php.ComposerInstalledAnalyzer,
            dev.tarsier.analyzers.app.php.ComposerLockAnalyzer,
            dev.tarsier.analyzers.app.ruby.GemfileLockAnalyzer,
            dev.tarsier.analyzers.app.ruby.GemSpecAnalyzer;
}
