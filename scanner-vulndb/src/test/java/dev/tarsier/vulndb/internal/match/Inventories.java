package dev.tarsier.vulndb.internal.match;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import dev.tarsier.api.Image;
import dev.tarsier.api.Inventory;
import dev.tarsier.api.Layer;
import dev.tarsier.api.Location;
import dev.tarsier.api.OperatingSystem;
import dev.tarsier.api.Package;
import dev.tarsier.api.PackageKind;

import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/** Builds hand-made inventories for matcher tests, shaped the way the analyzers report packages. */
public final class Inventories {
    private Inventories() {
    }

    /** An inventory with one layer. */
    public static Inventory of(OperatingSystem os, List<Package> packages) {
        Image image = new Image("test:image", "sha256:00", Optional.empty(), List.of(),
                List.of(new Layer(0, "sha256:01", Optional.empty(), Optional.empty())));
        return new Inventory(image, Optional.ofNullable(os), packages, List.of());
    }

    private static PackageURL purl(String type, String namespace, String name, String version) {
        try {
            TreeMap<String, String> q = new TreeMap<>();
            return new PackageURL(type, namespace, name, version, q.isEmpty() ? null : q, null);
        } catch (MalformedPackageURLException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A dpkg package. */
    public static Package deb(String name, String version, String source, String sourceVersion) {
        return Package.builder("deb", name, version).purl(purl("deb", "debian", name, version)).kind(PackageKind.OS)
                .sourceName(source).sourceVersion(sourceVersion).location(new Location(0, "var/lib/dpkg/status")).build();
    }

    /** An apk package. */
    public static Package apk(String name, String version, String origin) {
        return Package.builder("apk", name, version).purl(purl("apk", "alpine", name, version)).kind(PackageKind.OS)
                .sourceName(origin).location(new Location(0, "lib/apk/db/installed")).build();
    }

    /** An rpm package. */
    public static Package rpm(String name, String version, String source, String sourceVersion) {
        return Package.builder("rpm", name, version).purl(purl("rpm", "almalinux", name, version)).kind(PackageKind.OS)
                .sourceName(source).sourceVersion(sourceVersion).location(new Location(0, "var/lib/rpm/rpmdb.sqlite")).build();
    }

    /** A Maven artifact. */
    public static Package maven(String group, String artifact, String version) {
        return Package.builder("maven", artifact, version).purl(purl("maven", group, artifact, version))
                .ecosystem("Maven").location(new Location(0, "app/lib/" + artifact + "-" + version + ".jar")).build();
    }

    /** An npm package. */
    public static Package npm(String name, String version) {
        return Package.builder("npm", name, version).purl(purl("npm", null, name, version))
                .ecosystem("npm").location(new Location(0, "app/node_modules/" + name + "/package.json")).build();
    }

    /** The node runtime binary. */
    public static Package node(String version) {
        return Package.builder(Package.TYPE_BINARY, "node", version).purl(purl("generic", null, "node", version))
                .location(new Location(0, "usr/local/bin/node")).build();
    }

    /** A Go module (or {@code stdlib}) as the Go binary analyzer reports it. */
    public static Package go(String module, String version) {
        int slash = module.lastIndexOf('/');
        return Package.builder("golang", module, version)
                .purl(purl("golang", slash > 0 ? module.substring(0, slash) : null, module.substring(slash + 1), version))
                .ecosystem("Go").location(new Location(0, "usr/local/bin/app")).build();
    }

    /** A Rust crate as read from a cargo-auditable binary. */
    public static Package crate(String name, String version) {
        return Package.builder("cargo", name, version).purl(purl("cargo", null, name, version))
                .ecosystem("crates.io").location(new Location(0, "usr/local/bin/rusty")).build();
    }

    /** A gem as the gemspec analyzer reports it. */
    public static Package gem(String name, String version) {
        return Package.builder("gem", name, version).purl(purl("gem", null, name, version))
                .ecosystem("RubyGems").location(new Location(0, "usr/local/bundle/specifications/" + name + "-" + version + ".gemspec")).build();
    }

    /** A Composer package ({@code vendor/name}) as the installed.json analyzer reports it. */
    public static Package composer(String name, String version) {
        int slash = name.indexOf('/');
        return Package.builder("composer", name, version)
                .purl(purl("composer", name.substring(0, slash), name.substring(slash + 1), version))
                .ecosystem("Packagist").location(new Location(0, "app/vendor/composer/installed.json")).build();
    }

    /** A NuGet package as the deps.json analyzer reports it. */
    public static Package nuget(String name, String version) {
        return Package.builder("nuget", name, version).purl(purl("nuget", null, name, version))
                .ecosystem("NuGet").location(new Location(0, "app/App.deps.json")).build();
    }
}
