package dev.tarsier.api.spi;

/**
 * A version string parsed once by a {@link VersionScheme} into a form that compares without
 * allocating.
 *
 * <p>Versions are only comparable with versions of the same scheme; comparing versions of
 * different schemes throws {@link ClassCastException}. Implementations are immutable and
 * thread-safe; {@link #equals} agrees with {@link #compareTo} being zero only when a scheme says so
 * in its documentation (for most schemes different spellings compare equal, such as dpkg's
 * {@code 1.0} and {@code 0:1.0-0}).
 *
 * @since 0.1
 */
public interface Version extends Comparable<Version> {

    /** The version exactly as it was parsed; never null. */
    String text();

    /**
     * Compares an installed version against this version used as a bound in an advisory.
     *
     * <p>The default is {@code installed.compareTo(this)}. Schemes whose advisories routinely omit a
     * part that installed versions carry override it: rpm advisories that omit the epoch are
     * compared as if they had the installed package's epoch.
     *
     * @param installed the installed package's version, of the same scheme
     * @return negative, zero or positive as {@code installed} is lower than, equal to or higher
     *     than this bound
     */
    default int compareInstalled(Version installed) {
        return installed.compareTo(this);
    }
}
