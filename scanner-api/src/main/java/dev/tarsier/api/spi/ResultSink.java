package dev.tarsier.api.spi;

import dev.tarsier.api.Diagnostic;
import dev.tarsier.api.OperatingSystem;
import dev.tarsier.api.Package;

/**
 * Receives what an analyzer finds in one file. Everything sent here is keyed by the file being
 * analyzed: if a later layer deletes or replaces that file, it is all dropped together.
 *
 * <p>A sink is used by one thread at a time.
 *
 * @since 0.1
 */
public interface ResultSink {

    /** Reports a package. Its {@link Package#location()} should be the input's location or nested in it. */
    void addPackage(Package pkg);

    /**
     * Reports evidence of the operating system. When several files give evidence, the surviving one
     * with the highest {@code confidence} wins and fields it lacks are filled from the others of the
     * same family.
     *
     * @param os what this file says
     * @param confidence how specific the file is; by convention 100 for {@code etc/os-release}, 90
     *     for {@code usr/lib/os-release}, lower for distro release files and indirect evidence
     */
    void operatingSystem(OperatingSystem os, int confidence);

    /** Reports files owned by a package recorded elsewhere (see {@link FileOwnership}). */
    void fileOwnership(FileOwnership ownership);

    /**
     * Reports a problem with the input.
     *
     * @param severity how much results may be affected
     * @param path the path concerned when it is not the input itself (a nested {@code !/} chain),
     *     or null for the input's path
     * @param message one line, human readable
     */
    void diagnostic(Diagnostic.Severity severity, String path, String message);

    /** Reports a warning about the input itself. */
    default void warn(String message) {
        diagnostic(Diagnostic.Severity.WARNING, null, message);
    }
}
