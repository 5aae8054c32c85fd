package dev.tarsier.vulndb.internal.version;

import dev.tarsier.api.Diagnostic;
import dev.tarsier.api.spi.VersionScheme;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The version schemes known to a matcher, by id and by OSV ecosystem.
 *
 * <p>{@link #discover()} uses {@link ServiceLoader}; the order of providers is no contract, so
 * schemes are kept sorted by id. Two schemes with the same id, or claiming the same ecosystem, fail
 * fast: silently picking one would change match results depending on the class path. A provider
 * that cannot be loaded becomes a diagnostic, not a crash. Immutable and thread-safe.
 */
public final class VersionSchemeRegistry {

    private final Map<String, VersionScheme> byId;
    private final Map<String, VersionScheme> byEcosystem;
    private final List<Diagnostic> diagnostics;
    private final java.util.concurrent.ConcurrentHashMap<String, Optional<VersionScheme>> resolved =
            new java.util.concurrent.ConcurrentHashMap<>();

    private VersionSchemeRegistry(Collection<VersionScheme> schemes, List<Diagnostic> diagnostics) {
        Map<String, VersionScheme> ids = new TreeMap<>();
        Map<String, VersionScheme> ecosystems = new TreeMap<>();
        for (VersionScheme s : schemes) {
            VersionScheme previous = ids.put(s.id(), s);
            if (previous != null) {
                throw new IllegalArgumentException("two version schemes with id '" + s.id() + "': "
                        + previous.getClass().getName() + " and " + s.getClass().getName());
            }
            for (String e : s.ecosystems()) {
                VersionScheme other = ecosystems.put(e, s);
                if (other != null) {
                    throw new IllegalArgumentException("ecosystem '" + e + "' claimed by version schemes '"
                            + other.id() + "' and '" + s.id() + "'");
                }
            }
        }
        this.byId = Collections.unmodifiableMap(ids);
        this.byEcosystem = Collections.unmodifiableMap(ecosystems);
        this.diagnostics = List.copyOf(diagnostics);
    }

    /** A registry of exactly the given schemes. */
    public static VersionSchemeRegistry of(Collection<VersionScheme> schemes) {
        return new VersionSchemeRegistry(schemes, List.of());
    }

    /** The built-in schemes: deb, rpm, apk, maven, semver, go, gem, composer, nuget. */
    public static VersionSchemeRegistry builtIn() {
        return of(List.of(new DebVersionScheme(), new RpmVersionScheme(), new ApkVersionScheme(),
                new MavenVersionScheme(), new SemverVersionScheme(), new GoVersionScheme(),
                new RubyGemsVersionScheme(), new ComposerVersionScheme(), new NuGetVersionScheme()));
    }

    /** The schemes registered for {@link ServiceLoader} on the class or module path of this class. */
    public static VersionSchemeRegistry discover() {
        List<VersionScheme> found = new ArrayList<>();
        List<Diagnostic> problems = new ArrayList<>();
        Iterator<VersionScheme> it = ServiceLoader.load(VersionScheme.class,
                VersionSchemeRegistry.class.getClassLoader()).iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                found.add(it.next());
            } catch (ServiceConfigurationError e) {
                problems.add(new Diagnostic(Diagnostic.Severity.WARNING, Diagnostic.SCANNER,
                        OptionalInt.empty(), Optional.empty(), "version scheme not loaded: " + e.getMessage()));
            }
        }
        return new VersionSchemeRegistry(found, problems);
    }

    /** The scheme with the given id. */
    public Optional<VersionScheme> byId(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /**
     * The scheme for an OSV ecosystem such as {@code Debian:12} or {@code Maven}: looked up by the
     * part before the first {@code :}.
     */
    public Optional<VersionScheme> forEcosystem(String ecosystem) {
        // Cached: the matcher asks for every package, and ecosystems are few.
        return resolved.computeIfAbsent(ecosystem, e -> {
            int colon = e.indexOf(':');
            return Optional.ofNullable(byEcosystem.get(colon < 0 ? e : e.substring(0, colon)));
        });
    }

    /** All schemes, sorted by id. */
    public Collection<VersionScheme> schemes() {
        return byId.values();
    }

    /** Problems met while discovering schemes. */
    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }
}
