package dev.tarsier.api;

import com.github.packageurl.PackageURL;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A package found in an image.
 *
 * <p>Built with {@link #builder(String, String, String)}. Analyzers report packages at the location
 * where they found them; the scanner's applier moves each surviving package to the layer that
 * <em>introduced</em> it.
 *
 * @param type package type as in PURL types and the JSON report: {@code deb}, {@code rpm},
 *     {@code apk}, {@code maven}, {@code npm}, {@code binary}, ...; never null
 * @param name package name (for Maven the artifactId, for scoped npm packages {@code @scope/name});
 *     never null or empty
 * @param version version as the package manager records it; never null, may be empty when the
 *     source records none (a diagnostic says so)
 * @param purl the package URL; never null
 * @param kind OS or application package; never null
 * @param ecosystem the vulnerability-database ecosystem for application packages ({@code Maven},
 *     {@code npm}, ...); empty for OS packages, whose ecosystem depends on the distribution
 * @param sourceName source package name (dpkg {@code Source}, apk origin, rpm source RPM name)
 * @param sourceVersion source package version, when it differs or is known
 * @param location where the package was found; never null
 * @param licenses declared licenses, in the order the package states them; never null
 * @param files files the package owns (relative paths, as in {@link Location}); never null
 * @param properties further facts by name ({@code arch}, {@code maintainer}, {@code sha1}, ...),
 *     sorted by name; never null
 * @param analyzer the id of the analyzer that reported the package, set by the scanner (an
 *     analyzer need not set it); empty for packages built outside a scan. Since 0.4.
 * @since 0.1
 */
public record Package(String type, String name, String version, PackageURL purl, PackageKind kind,
                      Optional<String> ecosystem, Optional<String> sourceName,
                      Optional<String> sourceVersion, Location location, List<String> licenses,
                      List<String> files, SortedMap<String, String> properties,
                      Optional<String> analyzer) {

    /** Package type of executables identified from the binary itself (the {@code node} runtime). */
    public static final String TYPE_BINARY = "binary";

    /** Property holding the CPU architecture the package was built for. */
    public static final String PROPERTY_ARCH = "arch";

    /**
     * Property of a Maven package: how its groupId (the PURL namespace) was found. {@code pom.properties}
     * (recorded by Maven), {@code manifest:<Header>} (derived from that manifest header by the Java
     * archive analyzer's rules), {@value #GROUP_SOURCE_VULNDB_INDEX} (the vulnerability database knows
     * the artifactId under exactly one groupId) or {@value #GROUP_SOURCE_GUESS}. A package without
     * the property has coordinates its producer vouches for.
     *
     * @since 0.4
     */
    public static final String PROPERTY_GROUP_SOURCE = "groupSource";

    /**
     * {@link #PROPERTY_GROUP_SOURCE} of a groupId that is only a guess (the artifactId): a matcher
     * never matches advisories on it.
     *
     * @since 0.4
     */
    public static final String GROUP_SOURCE_GUESS = "guess";

    /**
     * {@link #PROPERTY_GROUP_SOURCE} of a groupId taken from the vulnerability database's index of
     * the Maven coordinates its advisories name.
     *
     * @since 0.4
     */
    public static final String GROUP_SOURCE_VULNDB_INDEX = "vulndb-index";

    private static final Comparator<Package> ORDER = Comparator
            .comparing((Package p) -> p.purl.canonicalize())
            .thenComparing(p -> p.location.path())
            .thenComparingInt(p -> p.location.layer());

    /** Deterministic report order: PURL, then path, then layer. */
    public static final Comparator<Package> REPORT_ORDER = ORDER;

    public Package {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("package name must not be empty");
        }
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(purl, "purl");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(ecosystem, "ecosystem");
        Objects.requireNonNull(sourceName, "sourceName");
        Objects.requireNonNull(sourceVersion, "sourceVersion");
        Objects.requireNonNull(location, "location");
        licenses = List.copyOf(licenses);
        files = List.copyOf(files);
        properties = Collections.unmodifiableSortedMap(new TreeMap<>(properties));
        Objects.requireNonNull(analyzer, "analyzer");
    }

    /**
     * A package not attributed to an analyzer: the constructor of releases before 0.4.
     *
     * @throws NullPointerException if any argument is null
     */
    public Package(String type, String name, String version, PackageURL purl, PackageKind kind,
                   Optional<String> ecosystem, Optional<String> sourceName,
                   Optional<String> sourceVersion, Location location, List<String> licenses,
                   List<String> files, SortedMap<String, String> properties) {
        this(type, name, version, purl, kind, ecosystem, sourceName, sourceVersion, location, licenses,
                files, properties, Optional.empty());
    }

    /** Starts a builder for a package of the given type, name and version. */
    public static Builder builder(String type, String name, String version) {
        return new Builder(type, name, version);
    }

    /** Returns a builder initialised with this package's values. */
    public Builder toBuilder() {
        Builder b = new Builder(type, name, version);
        b.purl = purl;
        b.kind = kind;
        b.ecosystem = ecosystem.orElse(null);
        b.sourceName = sourceName.orElse(null);
        b.sourceVersion = sourceVersion.orElse(null);
        b.location = location;
        b.licenses.addAll(licenses);
        b.files.addAll(files);
        b.properties.putAll(properties);
        b.analyzer = analyzer.orElse(null);
        return b;
    }

    /** Returns this package at another location (the applier uses it for the introducing layer). */
    public Package withLocation(Location newLocation) {
        return new Package(type, name, version, purl, kind, ecosystem, sourceName, sourceVersion,
                newLocation, licenses, files, properties, analyzer);
    }

    /**
     * Returns this package attributed to the analyzer with the given id (the scanner calls it for
     * every package an analyzer reports).
     *
     * @param analyzerId the analyzer's id; never null
     * @since 0.4
     */
    public Package withAnalyzer(String analyzerId) {
        Objects.requireNonNull(analyzerId, "analyzerId");
        return new Package(type, name, version, purl, kind, ecosystem, sourceName, sourceVersion,
                location, licenses, files, properties, Optional.of(analyzerId));
    }

    /** Returns this package owning the given files instead of its current ones. */
    public Package withFiles(Collection<String> newFiles) {
        return new Package(type, name, version, purl, kind, ecosystem, sourceName, sourceVersion,
                location, licenses, List.copyOf(newFiles), properties, analyzer);
    }

    /** The value of a property, if set. */
    public Optional<String> property(String key) {
        return Optional.ofNullable(properties.get(key));
    }

    /** The source package name, or this package's own name when no source is recorded. */
    public String effectiveSourceName() {
        return sourceName.orElse(name);
    }

    /** The source package version, or this package's own version when none is recorded. */
    public String effectiveSourceVersion() {
        return sourceVersion.orElse(version);
    }

    /** Builds a {@link Package}; each setter returns the builder. Not thread-safe. */
    public static final class Builder {
        private final String type;
        private final String name;
        private final String version;
        private PackageURL purl;
        private PackageKind kind = PackageKind.APPLICATION;
        private String ecosystem;
        private String sourceName;
        private String sourceVersion;
        private Location location;
        private String analyzer;
        private final List<String> licenses = new ArrayList<>();
        private final List<String> files = new ArrayList<>();
        private final SortedMap<String, String> properties = new TreeMap<>();

        private Builder(String type, String name, String version) {
            this.type = Objects.requireNonNull(type, "type");
            this.name = Objects.requireNonNull(name, "name");
            this.version = Objects.requireNonNull(version, "version");
        }

        /** Sets the package URL (required). */
        public Builder purl(PackageURL value) {
            this.purl = Objects.requireNonNull(value, "purl");
            return this;
        }

        /** Sets the kind; the default is {@link PackageKind#APPLICATION}. */
        public Builder kind(PackageKind value) {
            this.kind = Objects.requireNonNull(value, "kind");
            return this;
        }

        /** Sets the vulnerability-database ecosystem of an application package. */
        public Builder ecosystem(String value) {
            this.ecosystem = value;
            return this;
        }

        /** Sets the source package name; null or equal to the name means "same as binary". */
        public Builder sourceName(String value) {
            this.sourceName = value;
            return this;
        }

        /** Sets the source package version; null means "same as binary". */
        public Builder sourceVersion(String value) {
            this.sourceVersion = value;
            return this;
        }

        /** Sets where the package was found (required). */
        public Builder location(Location value) {
            this.location = Objects.requireNonNull(value, "location");
            return this;
        }

        /** Adds a declared license; blank values are ignored. */
        public Builder license(String value) {
            if (value != null && !value.isBlank()) {
                licenses.add(value.strip());
            }
            return this;
        }

        /** Adds owned files. */
        public Builder files(Collection<String> values) {
            files.addAll(values);
            return this;
        }

        /** Sets a property; a null or empty value removes it. */
        public Builder property(String key, String value) {
            Objects.requireNonNull(key, "key");
            if (value == null || value.isEmpty()) {
                properties.remove(key);
            } else {
                properties.put(key, value);
            }
            return this;
        }

        /** Sets all the given properties. */
        public Builder properties(Map<String, String> values) {
            values.forEach(this::property);
            return this;
        }

        /**
         * Builds the package.
         *
         * @throws NullPointerException if the PURL or the location is missing
         */
        public Package build() {
            return new Package(type, name, version, Objects.requireNonNull(purl, "purl"), kind,
                    Optional.ofNullable(ecosystem), Optional.ofNullable(sourceName),
                    Optional.ofNullable(sourceVersion), Objects.requireNonNull(location, "location"),
                    licenses, files, properties, Optional.ofNullable(analyzer));
        }
    }
}
