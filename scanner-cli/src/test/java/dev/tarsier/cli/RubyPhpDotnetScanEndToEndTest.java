package dev.tarsier.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tarsier.testkit.Compression;
import dev.tarsier.testkit.ImageBuilder;
import dev.tarsier.testkit.LayerBuilder;
import dev.tarsier.testkit.SharedData;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A Ruby application (gemspecs and its Gemfile.lock), a PHP application (installed.json and
 * composer.lock) and a self-contained .NET application (deps.json) in one image: {@code tarsier
 * scan} against the real RubyGems, Packagist and NuGet records of {@code advisories/osv-more}
 * reports each vulnerable package once, and nothing for the fixed ones.
 */
class RubyPhpDotnetScanEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String gemspec(String name, String version) {
        return "# stub: " + name + " " + version + " ruby lib\n\nGem::Specification.new do |s|\n  s.name = \""
                + name + "\".freeze\n  s.version = \"" + version + "\"\nend\n";
    }

    @Test
    void scan_rubyPhpAndDotnetApps_getTheirEcosystemsFindingsOnce(@TempDir Path tmp) throws Exception {
        Path more = SharedData.locate("fixtures/advisories/osv-more").orElse(null);
        Assumptions.assumeTrue(more != null, "shared fixtures absent");
        String specs = "usr/local/bundle/specifications/";
        Path image = tmp.resolve("apps.tar");
        new ImageBuilder()
                .layer(new LayerBuilder()
                        .file(specs + "activerecord-7.0.3.gemspec", gemspec("activerecord", "7.0.3"))
                        .file(specs + "nokogiri-1.13.4.gemspec", gemspec("nokogiri", "1.13.4"))
                        .file("srv/app/Gemfile.lock", "GEM\n  remote: https://rubygems.org/\n  specs:\n"
                                + "    activerecord (7.0.3)\n    nokogiri (1.13.4)\n\nBUNDLED WITH\n   2.4.10\n")
                        .file("var/www/vendor/composer/installed.json",
                                "{\"packages\": [{\"name\": \"contao/core-bundle\", \"version\": \"4.8.5\"}]}")
                        .file("var/www/composer.lock",
                                "{\"packages\": [{\"name\": \"contao/core-bundle\", \"version\": \"4.8.5\"}], \"packages-dev\": []}")
                        .file("opt/api/Api.deps.json", "{\"libraries\": {\"Api/1.0.0\": {\"type\": \"project\"},"
                                + " \"runtimepack.Microsoft.NETCore.App.Runtime.linux-arm/9.0.5\": {\"type\": \"runtimepack\"}}}"),
                        Compression.GZIP)
                .history("COPY . /", false)
                .writeDockerArchive(image);
        Path db = tmp.resolve("apps.db");
        CliRun build = CliRun.of("db", "build", "--out", db.toString(), more.resolve("rubygems").toString(),
                more.resolve("packagist").toString(), more.resolve("nuget").toString());
        assertEquals(0, build.exitCode(), build.err());

        CliRun run = CliRun.of("scan", image.toString(), "--db", db.toString(), "--format", "json");
        assertEquals(0, run.exitCode(), run.err() + run.out());
        JsonNode report = JSON.readTree(run.out());
        Set<String> packages = new TreeSet<>();
        report.path("packages").forEach(p -> packages.add(p.path("purl").asText() + " " + p.path("path").asText()));
        assertEquals(Set.of(
                "pkg:gem/activerecord@7.0.3 " + specs + "activerecord-7.0.3.gemspec",
                "pkg:gem/nokogiri@1.13.4 " + specs + "nokogiri-1.13.4.gemspec",
                "pkg:composer/contao/core-bundle@4.8.5 var/www/vendor/composer/installed.json",
                "pkg:nuget/Microsoft.NETCore.App.Runtime.linux-arm@9.0.5 opt/api/Api.deps.json"), packages, run.out());
        Set<String> findings = new TreeSet<>();
        report.path("findings").forEach(f -> findings.add(f.path("package").path("name").asText() + " " + f.path("id").asText()));
        assertEquals(Set.of("activerecord CVE-2022-32224", "contao/core-bundle CVE-2019-19745",
                "Microsoft.NETCore.App.Runtime.linux-arm CVE-2025-30399"), findings, run.out());
    }
}
