/**
 * Analyzers for application components: Java archives ({@code app.jar}), Node.js (installed
 * {@code node_modules} packages, lockfiles and the {@code node} runtime), Go and Rust binaries,
 * Ruby gems (gemspecs, {@code Gemfile.lock}), PHP Composer packages ({@code installed.json},
 * {@code composer.lock}) and .NET NuGet packages ({@code *.deps.json}). Depends on the API only.
 */
module dev.tarsier.analyzers.app {
    requires dev.tarsier.api;

    provides dev.tarsier.api.spi.Analyzer with
            dev.tarsier.analyzers.app.binary.BinaryAnalyzer,
            dev.tarsier.analyzers.app.dotnet.DepsJsonAnalyzer,
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
