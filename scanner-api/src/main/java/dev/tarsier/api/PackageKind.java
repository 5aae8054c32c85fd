package dev.tarsier.api;

/**
 * Whether a package belongs to the operating system or to an application. Policies (the CI gate)
 * treat the two classes separately.
 *
 * @since 0.1
 */
public enum PackageKind {
    /** Installed by the distribution's package manager (dpkg, rpm, apk). */
    OS,
    /** An application component: a library, a language package, a runtime binary. */
    APPLICATION
}
