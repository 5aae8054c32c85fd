package dev.tarsier.analyzers.app.node;

import com.github.packageurl.MalformedPackageURLException;
import dev.tarsier.api.Diagnostic;
import dev.tarsier.api.spi.AnalyzerInput;
import dev.tarsier.api.spi.ResultSink;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Collects the packages a lockfile declares, once per name and version: a package is a development
 * dependency only when every copy of it in the lockfile is one.
 */
final class DeclaredPackages {

    private final Map<String, Boolean> devByKey = new LinkedHashMap<>();
    private final Map<String, String[]> nameVersion = new LinkedHashMap<>();
    private int skipped;

    /** Records one occurrence. */
    void add(String name, String version, boolean dev) {
        String key = name + "@" + version;
        nameVersion.putIfAbsent(key, new String[] {name, version});
        devByKey.merge(key, dev, Boolean::logicalAnd);
    }

    /** Counts an entry that is not a registry package (a link, a workspace, a git or file source). */
    void skip() {
        skipped++;
    }

    /** Reports everything to the sink; {@code devKnown} says whether the format records dev dependencies. */
    void report(AnalyzerInput input, ResultSink sink, boolean devKnown) {
        for (var e : nameVersion.entrySet()) {
            String[] nv = e.getValue();
            if (!Npm.plausibleName(nv[0]) || nv[1].isBlank()) {
                skipped++;
                continue;
            }
            try {
                sink.addPackage(Npm.builder(nv[0], nv[1], input.location())
                        .property(Npm.PROPERTY_DECLARED, input.path())
                        .property(Npm.PROPERTY_DEV, devKnown && devByKey.get(e.getKey()) ? "true" : null)
                        .build());
            } catch (MalformedPackageURLException ex) {
                skipped++;
            }
        }
        if (skipped > 0) {
            sink.diagnostic(Diagnostic.Severity.INFO, null, skipped
                    + " entries skipped: not registry packages (links, workspaces, git, file) or without name or version");
        }
    }
}
