package dev.tarsier.analyzers.app.node;

import dev.tarsier.api.Diagnostic;
import dev.tarsier.api.Package;
import dev.tarsier.testkit.AnalyzerRunner;
import dev.tarsier.testkit.RecordingSink;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NodeModulesAnalyzerTest {

    private final NodeModulesAnalyzer analyzer = new NodeModulesAnalyzer();

    private static String manifest(String name, String version) {
        return "{\n  \"name\": \"" + name + "\",\n  \"version\": \"" + version + "\",\n"
                + "  \"description\": \"a package\",\n  \"license\": \"MIT\",\n"
                + "  \"dependencies\": {\"x\": \"^1.0.0\"},\n  \"scripts\": {\"test\": \"tap\"}\n}\n";
    }

    private Package one(String path, String content) {
        RecordingSink sink = AnalyzerRunner.run(analyzer, path, content);
        assertEquals(List.of(), sink.diagnostics());
        assertEquals(1, sink.packages().size());
        return sink.packages().get(0);
    }

    @Test
    void analyze_topLevelPackage_reportsNpmPackage() {
        Package p = one("app/node_modules/lodash/package.json", manifest("lodash", "4.17.15"));

        assertEquals("npm", p.type());
        assertEquals("lodash", p.name());
        assertEquals("4.17.15", p.version());
        assertEquals("pkg:npm/lodash@4.17.15", p.purl().canonicalize());
        assertEquals("npm", p.ecosystem().orElseThrow());
        assertEquals(List.of("MIT"), p.licenses());
        assertEquals("app/node_modules/lodash/package.json", p.location().path());
        assertEquals(Map.of(), p.properties());
    }

    @Test
    void analyze_scopedPackage_encodesTheScopeAsPurlNamespace() {
        Package p = one("usr/src/app/node_modules/@babel/core/package.json", manifest("@babel/core", "7.20.2"));

        assertEquals("@babel/core", p.name());
        assertEquals("pkg:npm/%40babel/core@7.20.2", p.purl().canonicalize());
        assertEquals("@babel", p.purl().getNamespace());
    }

    @Test
    void analyze_nestedNodeModules_reportsTheNestedCopy() {
        Package p = one("app/node_modules/express/node_modules/debug/package.json", manifest("debug", "2.6.9"));

        assertEquals("pkg:npm/debug@2.6.9", p.purl().canonicalize());
        assertEquals("app/node_modules/express/node_modules/debug/package.json", p.location().path());
    }

    @Test
    void analyze_pnpmStore_reportsThePackageInsideTheStore() {
        Package p = one("app/node_modules/.pnpm/@types+node@18.11.9/node_modules/@types/node/package.json",
                manifest("@types/node", "18.11.9"));

        assertEquals("pkg:npm/%40types/node@18.11.9", p.purl().canonicalize());
    }

    @Test
    void analyze_oldStyleLicensesArray_readsEachType() {
        Package p = one("node_modules/old/package.json", "{\"name\":\"old\",\"version\":\"0.1.0\","
                + "\"licenses\":[{\"type\":\"MIT\"},{\"type\":\"Apache-2.0\"}]}");

        assertEquals(List.of("MIT", "Apache-2.0"), p.licenses());
    }

    @Test
    void analyze_badJson_warnsWithTheLineAndReportsNothing() {
        RecordingSink sink = AnalyzerRunner.run(analyzer, "node_modules/broken/package.json",
                "{\n  \"name\": \"broken\",\n  \"version\": \"1.0.0\",\n}\n");

        assertEquals(List.of(), sink.packages());
        assertEquals(1, sink.diagnostics().size());
        Diagnostic d = sink.diagnostics().get(0);
        assertEquals(Diagnostic.Severity.WARNING, d.severity());
        assertTrue(d.message().startsWith("invalid package.json: line 4:"), d.message());
    }

    @Test
    void analyze_packageJsonWithoutVersion_warnsAndReportsNothing() {
        RecordingSink sink = AnalyzerRunner.run(analyzer, "node_modules/nover/package.json", "{\"name\":\"nover\"}");

        assertEquals(List.of(), sink.packages());
        assertEquals(List.of("package.json without a valid name and version; not reported"),
                sink.diagnostics().stream().map(Diagnostic::message).toList());
    }

    @Test
    void analyze_jsonArrayInsteadOfObject_warns() {
        RecordingSink sink = AnalyzerRunner.run(analyzer, "node_modules/arr/package.json", "[1,2]");

        assertEquals(List.of(), sink.packages());
        assertEquals(1, sink.diagnostics().size());
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"node_modules/@scope/package.json",
            "app/node_modules/.cache/package.json", "app/node_modules/.pnpm/package.json"})
    void analyze_fileThatIsNoPackageRoot_isIgnored(String path) {
        RecordingSink sink = AnalyzerRunner.run(analyzer, path, manifest("not-a-dependency", "1.0.0"));

        assertEquals(List.of(), sink.packages());
        assertEquals(List.of(), sink.diagnostics());
    }

    @Test
    void analyze_emptyFile_warnsAndReportsNothing() {
        RecordingSink sink = AnalyzerRunner.run(analyzer, "node_modules/empty/package.json", "");

        assertEquals(List.of(), sink.packages());
        assertEquals(List.of("invalid package.json: line 1: expected a value but found end of input"),
                sink.diagnostics().stream().map(Diagnostic::message).toList());
    }

    @Test
    void selector_selectsPackageRootsInsideNodeModulesOnly() {
        var s = analyzer.selector();
        for (String path : List.of("node_modules/a/package.json", "app/node_modules/a/package.json",
                "app/node_modules/@s/b/package.json", "app/node_modules/a/node_modules/c/package.json",
                "app/node_modules/.pnpm/c@1.0.0/node_modules/c/package.json",
                "usr/local/lib/node_modules/npm/node_modules/@npmcli/arborist/package.json")) {
            assertTrue(s.matches(path), path);
        }
        // the application's own manifest and files deeper inside a package are not dependencies
        for (String path : List.of("package.json", "app/package.json", "app/node_modules/a/lib/package.json",
                "app/node_modules/@s/b/esm/package.json", "app/node_modules/a/package.json.bak",
                "app/node_modules/.package-lock.json")) {
            assertFalse(s.matches(path), path);
        }
        assertEquals(NodeModulesAnalyzer.MAX_FILE_SIZE, s.maxFileSize());
    }
}
