package dev.tarsier.analyzers.app.dotnet;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import dev.tarsier.analyzers.app.json.Json;
import dev.tarsier.api.Diagnostic;
import dev.tarsier.api.Package;
import dev.tarsier.api.PackageKind;
import dev.tarsier.api.spi.Analyzer;
import dev.tarsier.api.spi.AnalyzerInput;
import dev.tarsier.api.spi.FileSelector;
import dev.tarsier.api.spi.ResultSink;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.util.Map;
import java.util.Set;

/**
 * NuGet packages of published .NET applications: the {@code APP.deps.json} file that
 * {@code dotnet publish} writes next to the application (dotnet/runtime's "deps.json" design
 * document, {@code docs/design/features/host-probing.md} and {@code DependencyContext}).
 *
 * <p>Its {@code libraries} object is keyed {@code NAME/VERSION}; each value has a {@code type}:
 * <ul>
 *   <li>{@code package}: a NuGet package, reported as {@code pkg:nuget/NAME@VERSION} of the OSV
 *       ecosystem {@code NuGet};</li>
 *   <li>{@code runtimepack}: the runtime of a self-contained application, keyed
 *       {@code runtimepack.Microsoft.NETCore.App.Runtime.linux-x64/8.0.6}; it is the NuGet package
 *       named after the prefix, reported as such (advisories for the .NET runtime name these
 *       packages) with the property {@code runtimepack=true};</li>
 *   <li>{@code project} (the application and its project references) and anything else: not a
 *       package from a registry, not reported.</li>
 * </ul>
 * Entries whose key is not {@code NAME/VERSION} are skipped with one warning.
 *
 * @see <a href="https://github.com/dotnet/runtime/blob/main/docs/design/features/host-probing.md">host probing</a>
 * @since 0.4
 */
public final class DepsJsonAnalyzer implements Analyzer {

    /** This analyzer's id. */
    public static final String ID = "app.dotnet-deps";

    /** Package type (PURL type {@code nuget}) and OSV ecosystem. */
    static final String TYPE = "nuget";
    static final String ECOSYSTEM = "NuGet";

    /** Largest deps.json read: 16 MiB. */
    public static final long MAX_FILE_SIZE = 16L << 20;

    private static final String RUNTIME_PACK = "runtimepack.";

    /** Members not needed: checked, not kept. */
    private static final Set<String> IGNORED = Set.of("targets", "compilationOptions", "runtimeTarget", "sha512",
            "hashPath", "runtimes", "compileOnly");

    private static final FileSelector SELECTOR = FileSelector.builder()
            .suffixes(".deps.json")
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
        Map<String, Object> deps;
        try {
            deps = Json.object(Json.parse(input.stream(), MAX_FILE_SIZE, 64, IGNORED));
        } catch (Json.JsonException | CharacterCodingException e) {
            sink.warn("invalid deps.json: " + e.getMessage());
            return;
        }
        Map<String, Object> libraries = deps == null ? null : Json.object(deps.get("libraries"));
        if (libraries == null) {
            sink.warn("invalid deps.json: no 'libraries' object");
            return;
        }
        int malformed = 0;
        for (var e : libraries.entrySet()) {
            Map<String, Object> library = Json.object(e.getValue());
            String type = library == null ? null : Json.string(library, "type");
            boolean runtimePack = "runtimepack".equals(type);
            if (!"package".equals(type) && !runtimePack) {
                continue;
            }
            String key = e.getKey();
            int slash = key.indexOf('/');
            if (slash <= 0 || slash == key.length() - 1 || key.indexOf('/', slash + 1) >= 0) {
                malformed++;
                continue;
            }
            String name = key.substring(0, slash);
            String version = key.substring(slash + 1);
            if (runtimePack && name.startsWith(RUNTIME_PACK)) {
                name = name.substring(RUNTIME_PACK.length());
            }
            try {
                sink.addPackage(Package.builder(TYPE, name, version)
                        .purl(new PackageURL(TYPE, null, name, version, null, null))
                        .kind(PackageKind.APPLICATION)
                        .ecosystem(ECOSYSTEM)
                        .location(input.location())
                        .property("runtimepack", runtimePack ? "true" : null)
                        .build());
            } catch (MalformedPackageURLException ex) {
                malformed++;
            }
        }
        if (malformed > 0) {
            sink.diagnostic(Diagnostic.Severity.WARNING, null,
                    malformed + " libraries skipped: key not of the form NAME/VERSION");
        }
    }
}
