package dev.tarsier.analyzers.app.ruby;

import dev.tarsier.api.Diagnostic;
import dev.tarsier.testkit.AnalyzerRunner;
import dev.tarsier.testkit.RecordingSink;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.tarsier.analyzers.app.ruby.GemSpecAnalyzerTest.purls;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GemfileLockAnalyzerTest {

    private final GemfileLockAnalyzer analyzer = new GemfileLockAnalyzer();

    /** A Rails application's lock file as Bundler 2.4 writes it, abridged. */
    private static final String LOCK = """
            GIT
              remote: https://github.com/example/forked.git
              revision: 0123456789abcdef0123456789abcdef01234567
              specs:
                forked (0.1.0)
                  rack (>= 2.0)

            PATH
              remote: engines/billing
              specs:
                billing (0.0.1)

            GEM
              remote: https://rubygems.org/
              specs:
                activerecord (7.0.3)
                  activemodel (= 7.0.3)
                  activesupport (= 7.0.3)
                activesupport (7.0.3)
                  concurrent-ruby (~> 1.0, >= 1.0.2)
                nokogiri (1.13.3-aarch64-linux)
                  racc (~> 1.4)
                nokogiri (1.13.3-x86_64-linux)
                  racc (~> 1.4)
                racc (1.6.0)
                rails-html-sanitizer (1.4.3)

            PLATFORMS
              aarch64-linux
              x86_64-linux

            DEPENDENCIES
              activerecord (~> 7.0)
              forked!
              nokogiri

            RUBY VERSION
               ruby 3.1.2p20

            BUNDLED WITH
               2.4.10
            """;

    @Test
    void analyze_gemSection_reportsEachGemOnceAsDeclared() {
        RecordingSink sink = AnalyzerRunner.run(analyzer, "srv/app/Gemfile.lock", LOCK);
        assertEquals(List.of("pkg:gem/activerecord@7.0.3", "pkg:gem/activesupport@7.0.3", "pkg:gem/nokogiri@1.13.3",
                "pkg:gem/racc@1.6.0", "pkg:gem/rails-html-sanitizer@1.4.3"), purls(sink));
        assertTrue(sink.packages().stream().allMatch(p -> p.property("declared").orElseThrow().equals("srv/app/Gemfile.lock")
                && p.ecosystem().orElseThrow().equals("RubyGems")));
        assertEquals(List.of("2 gems from GIT or PATH sources skipped: built from source, not from a gem server"),
                sink.diagnostics().stream().map(Diagnostic::message).toList());
        assertEquals(Diagnostic.Severity.INFO, sink.diagnostics().get(0).severity());
    }

    @Test
    void analyze_malformedSpecLines_warnsAndKeepsTheOthers() {
        String lock = """
                GEM
                  remote: https://rubygems.org/
                  specs:
                    rack (2.2.3)
                    broken-no-version
                    sinatra (2.1.0
                    json (2.6.1)
                """;
        RecordingSink sink = AnalyzerRunner.run(analyzer, "app/Gemfile.lock", lock);
        assertEquals(List.of("pkg:gem/rack@2.2.3", "pkg:gem/json@2.6.1"), purls(sink));
        assertEquals(List.of("2 spec lines not of the form 'NAME (VERSION)' skipped"),
                sink.diagnostics().stream().map(Diagnostic::message).toList());
        assertEquals(Diagnostic.Severity.WARNING, sink.diagnostics().get(0).severity());
    }

    @Test
    void analyze_notALockFile_warns() {
        RecordingSink sink = AnalyzerRunner.run(analyzer, "app/Gemfile.lock", "   {\"json\": true}\n   \u0000\u0001");
        assertEquals(List.of(), sink.packages());
        assertEquals(Diagnostic.Severity.WARNING, sink.diagnostics().get(0).severity());
    }

    @Test
    void analyze_emptyFile_warnsAndReportsNothing() {
        RecordingSink sink = AnalyzerRunner.run(analyzer, "app/Gemfile.lock", "");
        assertEquals(List.of(), sink.packages());
        assertEquals(1, sink.diagnostics().size());
    }

    @Test
    void analyze_lockFileOfAnInstalledGem_isIgnored() {
        RecordingSink sink = AnalyzerRunner.run(analyzer, "usr/local/bundle/gems/rack-2.2.4/Gemfile.lock", LOCK);
        assertEquals(List.of(), sink.packages());
        assertEquals(List.of(), sink.diagnostics());
    }

    @Test
    void selector_matchesLockFilesByName() {
        var s = analyzer.selector();
        assertTrue(s.matches("srv/app/Gemfile.lock"));
        assertTrue(s.matches("Gemfile.lock"));
        assertTrue(s.matches("app/gems.locked"));
        assertFalse(s.matches("srv/app/Gemfile"));
        assertFalse(s.matches("srv/app/Gemfile.lock.orig"));
    }
}
