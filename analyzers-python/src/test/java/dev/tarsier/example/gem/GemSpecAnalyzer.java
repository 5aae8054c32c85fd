package dev.tarsier.example.gem;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import dev.tarsier.api.Package;
import dev.tarsier.api.spi.Analyzer;
import dev.tarsier.api.spi.AnalyzerInput;
import dev.tarsier.api.spi.FileSelector;
import dev.tarsier.api.spi.ResultSink;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Installed Ruby gems, from the names of the files RubyGems keeps in
 * {@code specifications/NAME-VERSION[-PLATFORM].gemspec}.
 */
public final class GemSpecAnalyzer implements Analyzer {

    // A gem version never contains '-', so the first "-<digit>" ends the name.
    private static final Pattern FILE_NAME =
            Pattern.compile("(.+?)-([0-9][0-9A-Za-z.]*)(?:-([^/]+))?\\.gemspec");

    private static final FileSelector SELECTOR = FileSelector.builder()
            .globs("**/specifications/*.gemspec")
            .maxFileSize(1 << 20)
            .build();

    @Override
    public String id() {
        return "example.gem";
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
    public void analyze(AnalyzerInput input, ResultSink sink) {
        Matcher m = FILE_NAME.matcher(FileSelector.fileName(input.path()));
        if (!m.matches()) {
            sink.warn("not a NAME-VERSION.gemspec file name; skipped");
            return;
        }
        try {
            sink.addPackage(Package.builder("gem", m.group(1), m.group(2))
                    .purl(new PackageURL("gem", null, m.group(1), m.group(2), null, null))
                    .ecosystem("RubyGems")
                    .location(input.location())
                    .property("platform", m.group(3))
                    .build());
        } catch (MalformedPackageURLException e) {
            sink.warn("no package URL for " + m.group(1) + ": " + e.getMessage());
        }
    }
}
