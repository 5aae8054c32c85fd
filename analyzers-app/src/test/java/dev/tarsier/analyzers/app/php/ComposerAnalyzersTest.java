package dev.tarsier.analyzers.app.php;

import dev.tarsier.api.Diagnostic;
import dev.tarsier.api.Package;
import dev.tarsier.testkit.AnalyzerRunner;
import dev.tarsier.testkit.RecordingSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code app.composer-installed} and {@code app.composer-lock}. */
class ComposerAnalyzersTest {

    private final ComposerInstalledAnalyzer installed = new ComposerInstalledAnalyzer();
    private final ComposerLockAnalyzer lock = new ComposerLockAnalyzer();

    /** purl → properties. */
    private static Map<String, Map<String, String>> found(RecordingSink sink) {
        return sink.packages().stream().collect(Collectors.toMap(p -> p.purl().canonicalize(), Package::properties,
                (a, b) -> {
                    throw new AssertionError("duplicate " + a);
                }, TreeMap::new));
    }

    /** Composer 2.5's installed.json, abridged. */
    private static final String INSTALLED_V2 = """
            {
                "packages": [
                    {
                        "name": "contao/core-bundle",
                        "version": "4.4.45",
                        "version_normalized": "4.4.45.0",
                        "source": {"type": "git", "url": "https://github.com/contao/core-bundle.git", "reference": "abc"},
                        "require": {"php": "^7.1"},
                        "type": "symfony-bundle",
                        "license": ["LGPL-3.0-or-later"],
                        "install-path": "../contao/core-bundle"
                    },
                    {
                        "name": "symfony/http-kernel",
                        "version": "v5.4.21",
                        "version_normalized": "5.4.21.0",
                        "license": "MIT"
                    },
                    {
                        "name": "phpunit/phpunit",
                        "version": "9.6.3",
                        "version_normalized": "9.6.3.0"
                    },
                    {"name": "Not A Name", "version": "1.0.0"},
                    {"name": "acme/no-version"}
                ],
                "dev": true,
                "dev-package-names": ["phpunit/phpunit"]
            }
            """;

    /** Composer 1's installed.json: a bare array. */
    private static final String INSTALLED_V1 = """
            [
                {"name": "monolog/monolog", "version": "1.25.3", "version_normalized": "1.25.3.0", "type": "library"},
                {"name": "acme/fork", "version": "dev-main", "version_normalized": "dev-main"}
            ]
            """;

    private static final String LOCK = """
            {
                "_readme": ["This file locks the dependencies of your project to a known state"],
                "content-hash": "0123",
                "packages": [
                    {"name": "contao/core-bundle", "version": "4.4.45", "dist": {"type": "zip"}},
                    {"name": "guzzlehttp/psr7", "version": "2.4.3"}
                ],
                "packages-dev": [
                    {"name": "phpunit/phpunit", "version": "9.6.3"}
                ],
                "aliases": [],
                "minimum-stability": "stable",
                "platform": {"php": ">=7.4"},
                "plugin-api-version": "2.3.0"
            }
            """;

    @Test
    void installed_composer2_reportsPackagesWithVendorNamesAndDevFlags() {
        RecordingSink sink = AnalyzerRunner.run(installed, "var/www/html/vendor/composer/installed.json", INSTALLED_V2);
        assertEquals(Map.of(
                "pkg:composer/contao/core-bundle@4.4.45", Map.of(),
                "pkg:composer/symfony/http-kernel@v5.4.21", Map.of(),
                "pkg:composer/phpunit/phpunit@9.6.3", Map.of("dev", "true")), found(sink));
        Package kernel = sink.packages().get(1);
        assertEquals("symfony/http-kernel", kernel.name());
        assertEquals("Packagist", kernel.ecosystem().orElseThrow());
        assertEquals(List.of("MIT"), kernel.licenses());
        assertEquals(List.of("2 package entries skipped: not an object, no name or version, or a name not of the form vendor/name"),
                sink.diagnostics().stream().map(Diagnostic::message).toList());
    }

    @Test
    void installed_composer1_readsTheBareArrayAndKeepsBranchVersions() {
        RecordingSink sink = AnalyzerRunner.run(installed, "app/vendor/composer/installed.json", INSTALLED_V1);
        assertEquals(List.of("pkg:composer/monolog/monolog@1.25.3", "pkg:composer/acme/fork@dev-main"),
                sink.packages().stream().map(p -> p.purl().canonicalize()).toList());
        assertEquals(List.of(), sink.diagnostics());
    }

    @Test
    void lock_packagesAndPackagesDev_areDeclared() {
        RecordingSink sink = AnalyzerRunner.run(lock, "var/www/html/composer.lock", LOCK);
        String path = "var/www/html/composer.lock";
        assertEquals(Map.of(
                "pkg:composer/contao/core-bundle@4.4.45", Map.of("declared", path),
                "pkg:composer/guzzlehttp/psr7@2.4.3", Map.of("declared", path),
                "pkg:composer/phpunit/phpunit@9.6.3", Map.of("declared", path, "dev", "true")), found(sink));
        assertEquals(List.of(), sink.diagnostics());
    }

    @Test
    void lock_insideVendor_isIgnored() {
        RecordingSink sink = AnalyzerRunner.run(lock, "app/vendor/acme/lib/composer.lock", LOCK);
        assertEquals(List.of(), sink.packages());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"packages\": [{\"name\": \"a/b\", \"version\": \"1.0\"}", "not json", "{\"packages\": 3}",
            "\"text\"", ""})
    void corruptOrEmpty_warnsAndReportsNothing(String content) {
        Map<dev.tarsier.api.spi.Analyzer, String> paths = Map.of(installed, "app/vendor/composer/installed.json",
                lock, "app/composer.lock");
        for (var analyzer : paths.keySet()) {
            RecordingSink sink = AnalyzerRunner.run(analyzer, paths.get(analyzer), content);
            assertEquals(List.of(), sink.packages(), analyzer.id());
            assertEquals(1, sink.diagnostics().size(), analyzer.id() + " " + sink.diagnostics());
            assertEquals(Diagnostic.Severity.WARNING, sink.diagnostics().get(0).severity());
        }
    }

    @Test
    void lock_brokenEntry_warnsAndKeepsTheOthers() {
        String text = "{\"packages\": [{\"name\": \"a/b\", \"version\": \"1.0\"}, 42, {\"version\": \"2\"}], \"packages-dev\": []}";
        RecordingSink sink = AnalyzerRunner.run(lock, "composer.lock", text);
        assertEquals(1, sink.packages().size());
        assertTrue(sink.diagnostics().get(0).message().startsWith("2 package entries skipped"));
    }

    @Test
    void selectors() {
        assertTrue(installed.selector().matches("vendor/composer/installed.json"));
        assertTrue(installed.selector().matches("var/www/html/vendor/composer/installed.json"));
        assertFalse(installed.selector().matches("var/www/html/vendor/composer/installed.php"));
        assertFalse(installed.selector().matches("var/www/html/installed.json"));
        assertFalse(installed.selector().matches("usr/lib/node_modules/x/installed.json"));
        assertTrue(lock.selector().matches("var/www/html/composer.lock"));
        assertTrue(lock.selector().matches("composer.lock"));
        assertFalse(lock.selector().matches("var/www/html/composer.json"));
    }
}
