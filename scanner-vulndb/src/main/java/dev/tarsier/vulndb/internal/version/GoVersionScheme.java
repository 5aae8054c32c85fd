package dev.tarsier.vulndb.internal.version;

import dev.tarsier.api.spi.InvalidVersionException;
import dev.tarsier.api.spi.Version;
import dev.tarsier.api.spi.VersionScheme;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Go module and toolchain versions, ordered as the Go vulnerability database orders them
 * (go.dev/doc/security/vuln/database: OSV {@code SEMVER} ranges, versions without the {@code v}).
 *
 * <p>Module versions are SemVer with a {@code v} ({@code v1.2.3}); a pseudo-version
 * ({@code v0.0.0-20220906165146-f3363e06e74c}, {@code v1.2.4-0.20191109021931-daa7c04131f5}) is a
 * SemVer pre-release whose timestamp sorts it among the other pseudo-versions of its base
 * (go.dev/ref/mod#pseudo-versions); {@code +incompatible} is build metadata and ignored. Toolchain
 * versions of the {@code stdlib} package come as the toolchain writes them or as SemVer:
 * {@code go1.20.12} and {@code 1.20.12} are equal, {@code go1.20} is {@code 1.20.0}, and
 * {@code go1.21rc2} is {@code 1.21.0-rc.2} (the vulnerability database's own conversion).
 */
public final class GoVersionScheme implements VersionScheme {

    /** Scheme id. */
    public static final String ID = "go";

    private static final Pattern TOOLCHAIN = Pattern.compile("go(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?(?:(rc|beta)(\\d+))?");
    private static final Pattern SHORT = Pattern.compile("v?(\\d+)\\.(\\d+)");

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Set<String> ecosystems() {
        return Set.of("Go");
    }

    @Override
    public Version parse(String text) throws InvalidVersionException {
        Matcher toolchain = TOOLCHAIN.matcher(text);
        String semver = text;
        if (toolchain.matches()) {
            semver = toolchain.group(1) + "." + (toolchain.group(2) == null ? "0" : toolchain.group(2)) + "."
                    + (toolchain.group(3) == null ? "0" : toolchain.group(3))
                    + (toolchain.group(4) == null ? "" : "-" + toolchain.group(4) + "." + toolchain.group(5));
        } else if (SHORT.matcher(text).matches()) {
            semver = text + ".0";
        } else if (text.startsWith("V") || text.startsWith("=")) {
            throw new InvalidVersionException(ID, text, "not a Go version");
        }
        try {
            return SemverVersionScheme.parseVersion(semver);
        } catch (InvalidVersionException e) {
            throw new InvalidVersionException(ID, text, e.getMessage());
        }
    }
}
