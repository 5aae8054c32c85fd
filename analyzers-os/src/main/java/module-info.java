/** Analyzers for operating-system packages: OS release, dpkg, apk, rpm. Depends on the API only. */
module dev.tarsier.analyzers.os {
    requires dev.tarsier.api;

    provides dev.tarsier.api.spi.Analyzer with
            dev.tarsier.analyzers.os.release.OsReleaseAnalyzer,
            dev.tarsier.analyzers.os.dpkg.DpkgAnalyzer,
            dev.tarsier.analyzers.os.apk.ApkAnalyzer,
            dev.tarsier.analyzers.os.rpm.RpmAnalyzer;
}
