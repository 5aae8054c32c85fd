package dev.tarsier.example.gem;

import dev.tarsier.api.Diagnostic;
import dev.tarsier.testkit.AnalysisResult;
import dev.tarsier.testkit.AnalyzerTester;
import dev.tarsier.testkit.ImageBuilder;
import dev.tarsier.testkit.LayerBuilder;
import dev.tarsier.testkit.PipelineRunner;
import org.junit.jupiter.api.Test;

class GemSpecAnalyzerTest {

    private static final String SPECS = "usr/local/bundle/specifications/";

    @Test
    void analyze_gemspecFileNames_reportGems() {
        AnalysisResult result = AnalyzerTester.of(new GemSpecAnalyzer())
                .layer(new LayerBuilder()
                        .file(SPECS + "rails-7.0.4.gemspec", "# spec")
                        .file(SPECS + "nokogiri-1.13.10-x86_64-linux.gemspec", "# spec")
                        .file(SPECS + "README.gemspec", "# not a gem")
                        .file("usr/local/bundle/gems/rails-7.0.4/rails.gemspec", "# not selected"))
                .run();

        result.assertPackages("rails@7.0.4", "nokogiri@1.13.10");
        result.assertPackage("nokogiri")
                .hasPurl("pkg:gem/nokogiri@1.13.10")
                .hasProperty("platform", "x86_64-linux")
                .isAt(0, SPECS + "nokogiri-1.13.10-x86_64-linux.gemspec");
        result.assertDiagnostic(Diagnostic.Severity.WARNING, "README.gemspec", "skipped");
    }

    @Test
    void pipeline_gemUninstalledInALaterLayer_isGone() {
        AnalysisResult result = PipelineRunner.withAnalyzers(new GemSpecAnalyzer()).run(new ImageBuilder()
                .layer(new LayerBuilder()
                        .file(SPECS + "rails-7.0.4.gemspec", "# spec")
                        .file(SPECS + "rack-2.2.4.gemspec", "# spec"))
                .layer(new LayerBuilder().whiteout(SPECS + "rack-2.2.4.gemspec")));

        result.assertPackages("rails@7.0.4").assertNoDiagnostics();
        result.assertPackage("rails").introducedIn(0);
    }
}
