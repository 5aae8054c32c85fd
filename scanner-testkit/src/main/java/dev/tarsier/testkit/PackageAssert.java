package dev.tarsier.testkit;

import dev.tarsier.api.Location;
import dev.tarsier.api.Package;
import dev.tarsier.api.PackageKind;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Assertions on one {@link Package}, from {@link AnalysisResult#assertPackage(String)}. Each
 * method throws {@link AssertionError} naming the package and the field, and returns this object
 * for chaining.
 */
public final class PackageAssert {

    private final Package pkg;

    PackageAssert(Package pkg) {
        this.pkg = Objects.requireNonNull(pkg, "pkg");
    }

    /** The package under test. */
    public Package actual() {
        return pkg;
    }

    /** Asserts the version. */
    public PackageAssert hasVersion(String expected) {
        return check("version", expected, pkg.version());
    }

    /** Asserts the package type ({@code pypi}, {@code deb} ...). */
    public PackageAssert hasType(String expected) {
        return check("type", expected, pkg.type());
    }

    /** Asserts the canonical PURL. */
    public PackageAssert hasPurl(String expected) {
        return check("purl", expected, pkg.purl().canonicalize());
    }

    /** Asserts the kind. */
    public PackageAssert hasKind(PackageKind expected) {
        return check("kind", expected, pkg.kind());
    }

    /** Asserts the vulnerability-database ecosystem ({@code PyPI}, {@code Maven} ...). */
    public PackageAssert hasEcosystem(String expected) {
        return check("ecosystem", Optional.of(expected), pkg.ecosystem());
    }

    /** Asserts the declared licenses, in order. */
    public PackageAssert hasLicenses(String... expected) {
        return check("licenses", List.of(expected), pkg.licenses());
    }

    /** Asserts a property value; {@code null} asserts the property is absent. */
    public PackageAssert hasProperty(String key, String expected) {
        return check("property '" + key + "'", Optional.ofNullable(expected), pkg.property(key));
    }

    /** Asserts the location: the layer (for an inventory, the introducing layer) and the path. */
    public PackageAssert isAt(int layer, String path) {
        return check("location", new Location(layer, path), pkg.location());
    }

    /** Asserts the layer: where an analyzer saw it, or, in an inventory, the introducing layer. */
    public PackageAssert introducedIn(int layer) {
        return check("layer", layer, pkg.location().layer());
    }

    private PackageAssert check(String field, Object expected, Object actual) {
        if (!Objects.equals(expected, actual)) {
            throw new AssertionError(field + " of " + pkg.name() + "@" + pkg.version()
                    + "\n  expected: " + expected + "\n  actual:   " + actual
                    + "\n  package:  " + AnalysisResult.describe(pkg));
        }
        return this;
    }
}
