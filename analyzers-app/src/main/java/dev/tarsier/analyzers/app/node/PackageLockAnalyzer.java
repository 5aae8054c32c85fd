package dev.tarsier.analyzers.app.node;

import dev.tarsier.analyzers.app.json.Json;
import dev.tarsier.api.spi.Analyzer;
import dev.tarsier.api.spi.AnalyzerInput;
import dev.tarsier.api.spi.FileSelector;
import dev.tarsier.api.spi.ResultSink;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.CharacterCodingException;
import java.util.Map;
import java.util.Set;

/**
 * Packages declared by npm lockfiles: {@code package-lock.json} and {@code npm-shrinkwrap.json}
 * (same format), versions 1, 2 and 3 (npm docs, "package-lock.json"):
 * <ul>
 *   <li>v2 and v3: the {@code packages} object, keyed by install path
 *       ({@code node_modules/a/node_modules/@s/b}); the name is what follows the last
 *       {@code node_modules/} unless the entry has a {@code name} (an alias). The {@code ""} key is
 *       the application itself, keys outside {@code node_modules} are workspace sources and
 *       {@code link: true} entries are symlinks to them: none of these are dependencies.</li>
 *   <li>v1 (and v2 files without {@code packages}): the nested {@code dependencies} tree; a
 *       version {@code npm:real@1.0.0} is an alias of {@code real}; git, file and URL versions are
 *       not registry packages.</li>
 * </ul>
 * Every package carries the property {@code declared} (the lockfile's path) and {@code dev=true}
 * when the lockfile marks every copy of it {@code dev}. Lockfiles inside {@code node_modules}
 * (published with a package) are ignored: what they list is either installed beside them or not
 * installed at all. npm's hidden {@code node_modules/.package-lock.json} is not selected.
 *
 * @since 0.1
 */
public final class PackageLockAnalyzer implements Analyzer {

    /** This analyzer's id. */
    public static final String ID = "app.npm-lock";

    /** Largest lockfile read: 32 MiB. Values the analyzer does not need are not kept in memory. */
    public static final long MAX_FILE_SIZE = 32L << 20;

    private static final Set<String> IGNORED = Set.of("integrity", "resolved", "requires", "engines", "bin",
            "funding", "license", "peerDependencies", "peerDependenciesMeta", "optionalDependencies",
            "devDependencies", "cpu", "os");

    private static final FileSelector SELECTOR = FileSelector.builder()
            .fileNames("package-lock.json", "npm-shrinkwrap.json")
            .maxFileSize(MAX_FILE_SIZE)
            .build();

    @Override
    public String id() {
        return ID;
    }

    @Override
    public int version() {
        return 1;
    }

    @Override
    public FileSelector selector() {
        return SELECTOR;
    }

    @Override
    public void analyze(AnalyzerInput input, ResultSink sink) throws IOException {
        if (("/" + input.path()).contains("/node_modules/")) {
            return;
        }
        Map<String, Object> lock;
        try {
            lock = Json.object(Json.parse(input.stream(), MAX_FILE_SIZE, 512, IGNORED));
        } catch (Json.JsonException | CharacterCodingException e) {
            sink.warn("invalid lockfile: " + e.getMessage());
            return;
        }
        if (lock == null) {
            sink.warn("invalid lockfile: not a JSON object");
            return;
        }
        Object version = lock.get("lockfileVersion");
        int lockfileVersion = version instanceof BigDecimal n ? n.intValue() : 1;
        if (lockfileVersion < 1 || lockfileVersion > 3) {
            sink.warn("unknown lockfileVersion " + version + "; read with the rules of versions 1 to 3");
        }
        DeclaredPackages found = new DeclaredPackages();
        Map<String, Object> packages = Json.object(lock.get("packages"));
        if (packages != null) {
            readPackages(packages, found);
        } else {
            readDependencies(Json.object(lock.get("dependencies")), found);
        }
        found.report(input, sink, true);
    }

    private static void readPackages(Map<String, Object> packages, DeclaredPackages found) {
        for (var e : packages.entrySet()) {
            String path = e.getKey();
            Map<String, Object> entry = Json.object(e.getValue());
            int at = path.lastIndexOf("node_modules/");
            if (path.isEmpty() || entry == null) {
                continue;
            }
            if (at < 0 || Boolean.TRUE.equals(entry.get("link"))) {
                found.skip();
                continue;
            }
            String name = Json.string(entry, "name");
            if (name == null) {
                name = path.substring(at + "node_modules/".length());
            }
            String v = Json.string(entry, "version");
            if (v == null) {
                found.skip();
                continue;
            }
            found.add(name, v, Boolean.TRUE.equals(entry.get("dev")));
        }
    }

    private static void readDependencies(Map<String, Object> dependencies, DeclaredPackages found) {
        if (dependencies == null) {
            return;
        }
        for (var e : dependencies.entrySet()) {
            Map<String, Object> entry = Json.object(e.getValue());
            if (entry == null) {
                continue;
            }
            String name = e.getKey();
            String v = Json.string(entry, "version");
            if (v != null && v.startsWith("npm:")) {
                // alias: "npm:real-name@1.2.3"
                String target = v.substring(4);
                int at = target.lastIndexOf('@');
                if (at > 0) {
                    name = target.substring(0, at);
                    v = target.substring(at + 1);
                }
            }
            if (v == null || v.indexOf(':') >= 0 || v.indexOf('/') >= 0) {
                found.skip();
            } else {
                found.add(name, v, Boolean.TRUE.equals(entry.get("dev")));
            }
            readDependencies(Json.object(entry.get("dependencies")), found);
        }
    }
}
