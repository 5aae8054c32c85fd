package dev.tarsier.analyzers.app.php;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import dev.tarsier.analyzers.app.json.Json;
import dev.tarsier.api.Diagnostic;
import dev.tarsier.api.Package;
import dev.tarsier.api.PackageKind;
import dev.tarsier.api.spi.AnalyzerInput;
import dev.tarsier.api.spi.FileSelector;
import dev.tarsier.api.spi.ResultSink;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** What the Composer analyzers share: the package model and reading a list of package objects. */
final class Composer {

    /** PURL type and OSV ecosystem (Packagist, the Composer repository). */
    static final String TYPE = "composer";
    static final String ECOSYSTEM = "Packagist";

    /** Largest file read: 32 MiB. */
    static final long MAX_FILE_SIZE = 32L << 20;

    /** Members of a package object that are not needed; the JSON reader checks but does not keep them. */
    static final Set<String> IGNORED = Set.of("description", "autoload", "autoload-dev", "require", "require-dev",
            "extra", "authors", "support", "funding", "dist", "source", "notification-url", "keywords", "homepage",
            "suggest", "conflict", "provide", "replace", "scripts", "bin", "installation-source", "install-path",
            "time", "content-hash", "stability-flags", "platform", "platform-dev", "aliases", "plugin-api-version");

    /** Composer's package name rule ({@code composer validate}): {@code vendor/name}, lower case. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9](?:[_.-]?[a-z0-9]++)*+/[a-z0-9](?:(?:[_.]|-{1,2})?[a-z0-9]++)*+");

    private Composer() {
    }

    /**
     * Reports the entries of a {@code packages} array; {@code declared} is the lock file's path (or
     * null for installed packages), {@code devNames} the names to mark {@code dev=true}.
     *
     * @return the number of entries skipped (not objects, no name or version, a name that is not
     *     {@code vendor/name})
     */
    static int report(Object packages, boolean allDev, Set<String> devNames, String declared,
                      AnalyzerInput input, ResultSink sink) {
        if (!(packages instanceof List<?> list)) {
            return 0;
        }
        int skipped = 0;
        for (Object o : list) {
            var entry = Json.object(o);
            String name = entry == null ? null : Json.string(entry, "name");
            String version = entry == null ? null : Json.string(entry, "version");
            if (name == null || version == null || version.isBlank() || !NAME.matcher(name).matches()) {
                skipped++;
                continue;
            }
            int slash = name.indexOf('/');
            try {
                PackageURL purl = new PackageURL(TYPE, name.substring(0, slash), name.substring(slash + 1),
                        version, null, null);
                Package.Builder b = Package.builder(TYPE, name, version)
                        .purl(purl)
                        .kind(PackageKind.APPLICATION)
                        .ecosystem(ECOSYSTEM)
                        .location(input.location())
                        .property("declared", declared)
                        .property("dev", allDev || devNames.contains(name) ? "true" : null);
                licenses(entry.get("license")).forEach(b::license);
                sink.addPackage(b.build());
            } catch (MalformedPackageURLException e) {
                skipped++;
            }
        }
        return skipped;
    }

    private static List<String> licenses(Object license) {
        if (license instanceof String s) {
            return List.of(s);
        }
        if (license instanceof List<?> l) {
            return l.stream().filter(String.class::isInstance).map(String.class::cast).toList();
        }
        return List.of();
    }

    /**
     * Parses a Composer JSON file; when it is malformed or the JSON {@code null}, warns
     * ({@code "invalid FILE: ..."}) and returns empty.
     *
     * @throws IOException when reading fails
     */
    static Optional<Object> parse(AnalyzerInput input, ResultSink sink) throws IOException {
        String file = FileSelector.fileName(input.path());
        try {
            Object root = Json.parse(input.stream(), MAX_FILE_SIZE, 64, IGNORED);
            if (root == null) {
                sink.warn("invalid " + file + ": null");
            }
            return Optional.ofNullable(root);
        } catch (Json.JsonException | CharacterCodingException e) {
            sink.warn("invalid " + file + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    /** Reports the skip count as one warning. */
    static void skipped(int count, ResultSink sink) {
        if (count > 0) {
            sink.diagnostic(Diagnostic.Severity.WARNING, null,
                    count + " package entries skipped: not an object, no name or version, or a name not of the form vendor/name");
        }
    }
}
