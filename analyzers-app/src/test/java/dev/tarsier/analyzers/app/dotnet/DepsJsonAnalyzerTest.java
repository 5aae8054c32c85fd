package dev.tarsier.analyzers.app.dotnet;

import dev.tarsier.api.Diagnostic;
import dev.tarsier.api.Package;
import dev.tarsier.testkit.AnalyzerRunner;
import dev.tarsier.testkit.RecordingSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DepsJsonAnalyzerTest {

    private final DepsJsonAnalyzer analyzer = new DepsJsonAnalyzer();

    /** A self-contained linux-arm publish of a web API (dotnet 9 SDK), abridged. */
    private static final String DEPS = """
            {
              "runtimeTarget": {
                "name": ".NETCoreApp,Version=v9.0/linux-arm",
                "signature": ""
              },
              "compilationOptions": {},
              "targets": {
                ".NETCoreApp,Version=v9.0": {},
                ".NETCoreApp,Version=v9.0/linux-arm": {
                  "WebApi/1.0.0": {
                    "dependencies": {"Newtonsoft.Json": "13.0.1", "Shared": "1.0.0"},
                    "runtime": {"WebApi.dll": {}}
                  },
                  "runtimepack.Microsoft.NETCore.App.Runtime.linux-arm/9.0.5": {
                    "runtime": {"System.Private.CoreLib.dll": {"assemblyVersion": "9.0.0.0", "fileVersion": "9.0.525.21509"}}
                  },
                  "Newtonsoft.Json/13.0.1": {
                    "runtime": {"lib/net6.0/Newtonsoft.Json.dll": {"assemblyVersion": "13.0.0.0", "fileVersion": "13.0.1.25517"}}
                  },
                  "System.Text.Encodings.Web/4.5.0": {},
                  "Shared/1.0.0": {"runtime": {"Shared.dll": {}}}
                }
              },
              "libraries": {
                "WebApi/1.0.0": {"type": "project", "serviceable": false, "sha512": ""},
                "runtimepack.Microsoft.NETCore.App.Runtime.linux-arm/9.0.5": {"type": "runtimepack", "serviceable": false, "sha512": ""},
                "Newtonsoft.Json/13.0.1": {
                  "type": "package",
                  "serviceable": true,
                  "sha512": "sha512-ppPFpBcvxdsfUonNcvITKqLl3bqxWbDCZIzDWHzjpdAHRFfZe0Dw9HmA0+za13IdyrgJwpkDTDA9fHaxOrt20A==",
                  "path": "newtonsoft.json/13.0.1",
                  "hashPath": "newtonsoft.json.13.0.1.nupkg.sha512"
                },
                "System.Text.Encodings.Web/4.5.0": {"type": "package", "serviceable": true, "sha512": "sha512-x", "path": "system.text.encodings.web/4.5.0"},
                "Shared/1.0.0": {"type": "project", "serviceable": false, "sha512": ""},
                "Broken": {"type": "package"},
                "Reference.Only/1.0.0": {"type": "reference"}
              }
            }
            """;

    @Test
    void analyze_publishedApp_reportsPackagesAndTheRuntimePackButNotProjects() {
        RecordingSink sink = AnalyzerRunner.run(analyzer, "app/WebApi.deps.json", DEPS);
        assertEquals(List.of("pkg:nuget/Microsoft.NETCore.App.Runtime.linux-arm@9.0.5",
                "pkg:nuget/Newtonsoft.Json@13.0.1", "pkg:nuget/System.Text.Encodings.Web@4.5.0"),
                sink.packages().stream().map(p -> p.purl().canonicalize()).toList());
        Package runtime = sink.packages().get(0);
        assertEquals("Microsoft.NETCore.App.Runtime.linux-arm", runtime.name());
        assertEquals(Map.of("runtimepack", "true"), runtime.properties());
        Package json = sink.packages().get(1);
        assertEquals("NuGet", json.ecosystem().orElseThrow());
        assertEquals("13.0.1", json.version());
        assertEquals(Map.of(), json.properties());
        assertEquals("app/WebApi.deps.json", json.location().path());
        assertEquals(List.of("1 libraries skipped: key not of the form NAME/VERSION"),
                sink.diagnostics().stream().map(Diagnostic::message).toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"libraries\": {\"A/1.0\": {\"type\": \"package\"}", "<xml/>", "[]", "{\"targets\": {}}", ""})
    void analyze_corruptOrEmpty_warnsAndReportsNothing(String content) {
        RecordingSink sink = AnalyzerRunner.run(analyzer, "app/x.deps.json", content);
        assertEquals(List.of(), sink.packages());
        assertEquals(1, sink.diagnostics().size(), sink.diagnostics().toString());
        assertEquals(Diagnostic.Severity.WARNING, sink.diagnostics().get(0).severity());
    }

    @Test
    void analyze_frameworkDependentAppWithOnlyProjects_reportsNothingQuietly() {
        RecordingSink sink = AnalyzerRunner.run(analyzer, "app/Tool.deps.json",
                "{\"libraries\": {\"Tool/1.0.0\": {\"type\": \"project\", \"serviceable\": false, \"sha512\": \"\"}}}");
        assertEquals(List.of(), sink.packages());
        assertEquals(List.of(), sink.diagnostics());
    }

    @Test
    void selector_matchesDepsJsonFilesAnywhere() {
        var s = analyzer.selector();
        assertTrue(s.matches("app/WebApi.deps.json"));
        assertTrue(s.matches("usr/share/dotnet/shared/Microsoft.NETCore.App/8.0.6/Microsoft.NETCore.App.deps.json"));
        assertFalse(s.matches("app/WebApi.runtimeconfig.json"));
        assertFalse(s.matches("app/deps.json.bak"));
        assertFalse(s.matches("app/packages.lock.json"));
    }
}
