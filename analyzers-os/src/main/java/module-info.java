/** Analyzers for operating-system packages: OS release, dpkg, apk, rpm. Depends on the API only. */
module dev.tarsier.analyzers.os {
    requires dev.tarsier.api;
}
