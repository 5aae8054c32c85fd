package dev.tarsier.analyzers.app.node;

import dev.tarsier.api.Diagnostic;
import dev.tarsier.api.Package;
import dev.tarsier.testkit.AnalyzerRunner;
import dev.tarsier.testkit.RecordingSink;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PackageLockAnalyzerTest {

    private final PackageLockAnalyzer analyzer = new PackageLockAnalyzer();

    /** purl → properties of every package found. */
    private static Map<String, Map<String, String>> found(RecordingSink sink) {
        return sink.packages().stream().collect(Collectors.toMap(p -> p.purl().canonicalize(),
                Package::properties, (a, b) -> {
                    throw new AssertionError("duplicate " + a);
                }, TreeMap::new));
    }

    private static final String V1 = """
            {
              "name": "shop",
              "version": "1.0.0",
              "lockfileVersion": 1,
              "requires": true,
              "dependencies": {
                "express": {
                  "version": "4.17.1",
                  "resolved": "https://registry.npmjs.org/express/-/express-4.17.1.tgz",
                  "integrity": "sha512-AAAA",
                  "requires": {"debug": "2.6.9"},
                  "dependencies": {
                    "debug": {"version": "2.6.9", "resolved": "https://registry.npmjs.org/debug/-/debug-2.6.9.tgz"}
                  }
                },
                "debug": {"version": "4.3.4", "dev": true},
                "@babel/core": {"version": "7.20.2", "dev": true, "dependencies": {
                  "debug": {"version": "4.3.4", "dev": true}
                }},
                "strip-ansi-cjs": {"version": "npm:strip-ansi@6.0.1"},
                "local-lib": {"version": "file:../local-lib"},
                "from-git": {"version": "github:user/from-git#0123456789abcdef"}
              }
            }
            """;

    @Test
    void analyze_lockfileV1_walksTheNestedTreeAndMarksDevDependencies() {
        RecordingSink sink = AnalyzerRunner.run(analyzer, "srv/shop/package-lock.json", V1);

        String declared = "srv/shop/package-lock.json";
        assertEquals(Map.of(
                "pkg:npm/express@4.17.1", Map.of("declared", declared),
                "pkg:npm/debug@2.6.9", Map.of("declared", declared),
                "pkg:npm/debug@4.3.4", Map.of("declared", declared, "dev", "true"),
                "pkg:npm/%40babel/core@7.20.2", Map.of("declared", declared, "dev", "true"),
                "pkg:npm/strip-ansi@6.0.1", Map.of("declared", declared)), found(sink));
        assertTrue(sink.packages().stream().allMatch(p -> p.location().path().equals(declared)));
        assertEquals(List.of("2 entries skipped: not registry packages (links, workspaces, git, file) or without name or version"),
                sink.diagnostics().stream().map(Diagnostic::message).toList());
        assertEquals(Diagnostic.Severity.INFO, sink.diagnostics().get(0).severity());
    }

    private static final String V2 = """
            {
              "name": "shop",
              "version": "1.0.0",
              "lockfileVersion": 2,
              "requires": true,
              "packages": {
                "": {"name": "shop", "version": "1.0.0", "dependencies": {"express": "^4.17.1"},
                     "devDependencies": {"jest": "^29.0.0"}},
                "node_modules/express": {"version": "4.17.1", "resolved": "https://r/express.tgz", "integrity": "sha512-A",
                     "dependencies": {"debug": "2.6.9"}, "engines": {"node": ">= 0.10.0"}},
                "node_modules/express/node_modules/debug": {"version": "2.6.9"},
                "node_modules/jest": {"version": "29.3.1", "dev": true, "bin": {"jest": "bin/jest.js"}},
                "node_modules/@jest/core": {"version": "29.3.1", "dev": true},
                "node_modules/fsevents": {"version": "2.3.2", "dev": true, "optional": true, "os": ["darwin"]},
                "node_modules/string-width-cjs": {"name": "string-width", "version": "4.2.3"},
                "node_modules/ms": {"version": "2.0.0"},
                "node_modules/jest/node_modules/ms": {"version": "2.0.0", "dev": true},
                "packages/utils": {"name": "@shop/utils", "version": "0.1.0"},
                "node_modules/@shop/utils": {"resolved": "packages/utils", "link": true}
              },
              "dependencies": {
                "express": {"version": "4.17.1"}
              }
            }
            """;

    @Test
    void analyze_lockfileV2_readsPackagesAndSkipsTheRootWorkspacesAndLinks() {
        RecordingSink sink = AnalyzerRunner.run(analyzer, "app/package-lock.json", V2);

        Map<String, String> prod = Map.of("declared", "app/package-lock.json");
        Map<String, String> dev = Map.of("declared", "app/package-lock.json", "dev", "true");
        assertEquals(Map.of(
                "pkg:npm/express@4.17.1", prod,
                "pkg:npm/debug@2.6.9", prod,
                "pkg:npm/jest@29.3.1", dev,
                "pkg:npm/%40jest/core@29.3.1", dev,
                "pkg:npm/fsevents@2.3.2", dev,
                "pkg:npm/string-width@4.2.3", prod,
                // one copy is a production dependency, so the package is not dev-only
                "pkg:npm/ms@2.0.0", prod), found(sink));
        assertEquals(1, sink.diagnostics().size());
        assertTrue(sink.diagnostics().get(0).message().startsWith("2 entries skipped"));
    }

    @Test
    void analyze_lockfileV3_readsPackages() {
        String v3 = """
                {"name": "api", "version": "2.0.0", "lockfileVersion": 3, "requires": true,
                 "packages": {
                   "": {"name": "api", "version": "2.0.0"},
                   "node_modules/@types/node": {"version": "18.11.9", "dev": true},
                   "node_modules/undici": {"version": "5.12.0"}
                 }}
                """;

        RecordingSink sink = AnalyzerRunner.run(analyzer, "npm-shrinkwrap.json", v3);

        assertEquals(Map.of(
                "pkg:npm/%40types/node@18.11.9", Map.of("declared", "npm-shrinkwrap.json", "dev", "true"),
                "pkg:npm/undici@5.12.0", Map.of("declared", "npm-shrinkwrap.json")), found(sink));
        assertEquals(List.of(), sink.diagnostics());
    }

    @Test
    void analyze_badJson_warnsAndReportsNothing() {
        RecordingSink sink = AnalyzerRunner.run(analyzer, "package-lock.json", "{\"lockfileVersion\": 3, \"packages\": {");

        assertEquals(List.of(), sink.packages());
        assertEquals(1, sink.diagnostics().size());
        assertTrue(sink.diagnostics().get(0).message().startsWith("invalid lockfile: line 1:"));
    }

    @Test
    void analyze_lockfileInsideNodeModules_isIgnored() {
        RecordingSink sink = AnalyzerRunner.run(analyzer, "app/node_modules/some-cli/npm-shrinkwrap.json", V2);

        assertEquals(List.of(), sink.packages());
        assertEquals(List.of(), sink.diagnostics());
    }

    @Test
    void analyze_emptyLockfile_reportsNothing() {
        RecordingSink sink = AnalyzerRunner.run(analyzer, "package-lock.json", "{\"lockfileVersion\": 3}");

        assertEquals(List.of(), sink.packages());
        assertEquals(List.of(), sink.diagnostics());
    }

    @Test
    void analyze_emptyFile_warnsAndReportsNothing() {
        RecordingSink sink = AnalyzerRunner.run(analyzer, "package-lock.json", "");

        assertEquals(List.of(), sink.packages());
        assertEquals(1, sink.diagnostics().size());
        assertEquals(Diagnostic.Severity.WARNING, sink.diagnostics().get(0).severity());
    }

    @Test
    void selector_selectsNpmLockfilesButNotTheHiddenOne() {
        var s = analyzer.selector();
        assertTrue(s.matches("package-lock.json"));
        assertTrue(s.matches("srv/app/package-lock.json"));
        assertTrue(s.matches("srv/app/npm-shrinkwrap.json"));
        assertFalse(s.matches("srv/app/node_modules/.package-lock.json"));
        assertFalse(s.matches("srv/app/package.json"));
        assertFalse(s.matches("srv/app/yarn.lock"));
    }
}
