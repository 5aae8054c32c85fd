package dev.tarsier.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tarsier.analyzers.python.pep440.Pep440VersionScheme;
import dev.tarsier.api.spi.InvalidVersionException;
import dev.tarsier.api.spi.Version;
import dev.tarsier.api.spi.VersionScheme;
import dev.tarsier.vulndb.internal.version.VersionSchemeRegistry;

import java.util.Optional;

/**
 * Every version scheme, fed two versions ({@code left NUL right}): {@code parse} may only refuse
 * with {@link InvalidVersionException}, {@code compare} agrees with {@code parse(..).compareTo},
 * and the order is a total order on what parses (reflexive and antisymmetric), because the
 * matcher's range checks rely on it.
 */
class VersionFuzzTest {

    private static final VersionSchemeRegistry BUILT_IN = VersionSchemeRegistry.builtIn();
    private static final VersionScheme PEP440 = new Pep440VersionScheme();

    @FuzzTest
    void deb(byte[] data) {
        check(scheme("deb"), data);
    }

    @FuzzTest
    void rpm(byte[] data) {
        check(scheme("rpm"), data);
    }

    @FuzzTest
    void apk(byte[] data) {
        check(scheme("apk"), data);
    }

    @FuzzTest
    void maven(byte[] data) {
        check(scheme("maven"), data);
    }

    @FuzzTest
    void semver(byte[] data) {
        check(scheme("semver"), data);
    }

    @FuzzTest
    void go(byte[] data) {
        check(scheme("go"), data);
    }

    @FuzzTest
    void gem(byte[] data) {
        check(scheme("gem"), data);
    }

    @FuzzTest
    void composer(byte[] data) {
        check(scheme("composer"), data);
    }

    @FuzzTest
    void nuget(byte[] data) {
        check(scheme("nuget"), data);
    }

    @FuzzTest
    void pep440(byte[] data) {
        check(PEP440, data);
    }

    private static VersionScheme scheme(String id) {
        return BUILT_IN.byId(id).orElseThrow(() -> new IllegalStateException("no built-in scheme " + id));
    }

    private static void check(VersionScheme scheme, byte[] data) {
        byte[][] parts = Fuzz.split(data, 2);
        String left = Fuzz.text(parts[0]);
        String right = Fuzz.text(parts[1]);
        Optional<Version> a = parse(scheme, left);
        Optional<Version> b = parse(scheme, right);
        if (a.isEmpty() || b.isEmpty()) {
            return;
        }
        int ab = Integer.signum(a.get().compareTo(b.get()));
        int ba = Integer.signum(b.get().compareTo(a.get()));
        if (a.get().compareTo(a.get()) != 0) {
            throw new Fuzz.FuzzFinding(scheme.id() + ": '" + left + "' is not equal to itself");
        }
        if (ab != -ba) {
            throw new Fuzz.FuzzFinding(scheme.id() + ": not antisymmetric for '" + left + "' and '" + right
                    + "': " + ab + " / " + ba);
        }
        int viaCompare;
        try {
            viaCompare = Integer.signum(scheme.compare(left, right));
        } catch (InvalidVersionException e) {
            throw new Fuzz.FuzzFinding(scheme.id() + ": compare refuses what parse accepted: " + e.getMessage());
        }
        if (viaCompare != ab) {
            throw new Fuzz.FuzzFinding(scheme.id() + ": compare and parse disagree on '" + left + "' and '" + right + "'");
        }
    }

    private static Optional<Version> parse(VersionScheme scheme, String text) {
        try {
            return Optional.of(scheme.parse(text));
        } catch (InvalidVersionException documented) {
            return Optional.empty();
        }
    }
}
