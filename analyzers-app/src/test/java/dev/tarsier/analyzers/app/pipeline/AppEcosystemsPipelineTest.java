package dev.tarsier.analyzers.app.pipeline;

import dev.tarsier.api.PackageKind;
import dev.tarsier.testkit.AnalysisResult;
import dev.tarsier.testkit.ImageBuilder;
import dev.tarsier.testkit.LayerBuilder;
import dev.tarsier.testkit.PipelineRunner;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Ruby, PHP and .NET applications end to end through the real scanner, with analyzers discovered
 * by ServiceLoader as the CLI finds them: a package both installed and declared by a lock file of
 * the same application is reported once, as the installed one, with the lock file as evidence.
 */
class AppEcosystemsPipelineTest {

    private static String gemspec(String name, String version) {
        return "# -*- encoding: utf-8 -*-\n# stub: " + name + " " + version + " ruby lib\n\n"
                + "Gem::Specification.new do |s|\n  s.name = \"" + name + "\".freeze\n  s.version = \"" + version
                + "\"\nend\n";
    }

    @Test
    void lockFilesAndInstalledMetadata_ofTheSamePackages_areReportedOnce() {
        String gems = "usr/local/bundle/specifications/";
        LayerBuilder ruby = new LayerBuilder()
                .file("srv/app/Gemfile.lock", """
                        GEM
                          remote: https://rubygems.org/
                          specs:
                            nokogiri (1.13.3-x86_64-linux)
                              racc (~> 1.4)
                            racc (1.6.0)
                            rack (2.2.4)

                        PLATFORMS
                          x86_64-linux

                        BUNDLED WITH
                           2.4.10
                        """)
                .file(gems + "nokogiri-1.13.3-x86_64-linux.gemspec", gemspec("nokogiri", "1.13.3")
                        .replace("s.version = \"1.13.3\"", "s.version = \"1.13.3\"\n  s.platform = \"x86_64-linux\".freeze"))
                .file(gems + "racc-1.6.0.gemspec", gemspec("racc", "1.6.0"))
                .file("usr/share/rubygems-integration/all/specifications/json-2.6.1.gemspec", gemspec("json", "2.6.1"));
        LayerBuilder php = new LayerBuilder()
                .file("var/www/html/composer.lock", """
                        {"packages": [{"name": "contao/core-bundle", "version": "4.4.45"},
                                      {"name": "guzzlehttp/psr7", "version": "2.4.3"}],
                         "packages-dev": []}
                        """)
                .file("var/www/html/vendor/composer/installed.json", """
                        {"packages": [{"name": "contao/core-bundle", "version": "4.4.45", "version_normalized": "4.4.45.0"}],
                         "dev": false, "dev-package-names": []}
                        """)
                .file("app/WebApi.deps.json", """
                        {"libraries": {
                          "WebApi/1.0.0": {"type": "project"},
                          "Newtonsoft.Json/13.0.1": {"type": "package", "path": "newtonsoft.json/13.0.1"}}}
                        """);

        AnalysisResult result = PipelineRunner.discovering().run(new ImageBuilder()
                .layer(ruby).layer(php)
                .history("RUN bundle install", false)
                .history("COPY . /", false));

        result.withPackagesOfType("gem").assertPackages("nokogiri@1.13.3", "racc@1.6.0", "rack@2.2.4", "json@2.6.1");
        result.assertPackage("nokogiri").hasPurl("pkg:gem/nokogiri@1.13.3?platform=x86_64-linux")
                .hasProperty("declaredIn", "srv/app/Gemfile.lock").hasEcosystem("RubyGems")
                .hasKind(PackageKind.APPLICATION).isAt(0, gems + "nokogiri-1.13.3-x86_64-linux.gemspec");
        result.assertPackage("rack").hasProperty("declared", "srv/app/Gemfile.lock");

        result.withPackagesOfType("composer").assertPackages("contao/core-bundle@4.4.45", "guzzlehttp/psr7@2.4.3");
        result.assertPackage("contao/core-bundle").hasPurl("pkg:composer/contao/core-bundle@4.4.45")
                .hasProperty("declaredIn", "var/www/html/composer.lock").hasEcosystem("Packagist").introducedIn(1);

        result.withPackagesOfType("nuget").assertPackages("Newtonsoft.Json@13.0.1");
        result.assertPackage("Newtonsoft.Json").hasPurl("pkg:nuget/Newtonsoft.Json@13.0.1").hasEcosystem("NuGet");
        assertEquals(0, result.diagnostics().size(), result.describeDiagnostics());
    }
}
