package dev.tarsier.analyzers.app.ruby;

import com.github.packageurl.MalformedPackageURLException;
import dev.tarsier.api.Diagnostic;
import dev.tarsier.api.spi.Analyzer;
import dev.tarsier.api.spi.AnalyzerInput;
import dev.tarsier.api.spi.FileSelector;
import dev.tarsier.api.spi.ResultSink;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Gems declared by Bundler's {@code Gemfile.lock} (bundler.io, "Gemfile.lock"; Bundler's
 * {@code LockfileParser}): sections start at column 0 ({@code GEM}, {@code GIT}, {@code PATH},
 * {@code PLATFORMS}, {@code DEPENDENCIES}, {@code BUNDLED WITH} ...); in a source section, the
 * {@code specs:} list holds one gem per line indented by four spaces, {@code NAME (VERSION)} or
 * {@code NAME (VERSION-PLATFORM)} (a version never contains {@code -}), its dependencies below it
 * indented by six.
 *
 * <p>Only gems of {@code GEM} sections (a gem server) are reported: {@code GIT} and {@code PATH}
 * gems are built from source and skipped with an informational diagnostic. A gem locked for several
 * platforms is reported once, without platform: which of them is installed is not in the lock file.
 * Every package carries the property {@code declared} (the lock file's path), so that the scanner
 * keeps the installed gemspec's package instead when both are present. Lock files inside an
 * installed gem's directory ({@code gems/NAME-VERSION/Gemfile.lock}, the gem's own development lock
 * file) are ignored.
 *
 * @since 0.4
 */
public final class GemfileLockAnalyzer implements Analyzer {

    /** This analyzer's id. */
    public static final String ID = "app.gemfile-lock";

    /** Largest lock file read: 8 MiB. */
    public static final long MAX_FILE_SIZE = 8L << 20;

    private static final FileSelector SELECTOR = FileSelector.builder()
            .fileNames("Gemfile.lock", "gems.locked")
            .maxFileSize(MAX_FILE_SIZE)
            .build();

    private static final Pattern SPEC = Pattern.compile("    ([^\\s(]+) \\(([^)\\s]+)\\)");
    private static final Pattern INSIDE_GEM = Pattern.compile("(?:^|/)gems/[^/]+-\\d[^/]*/");

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
        if (INSIDE_GEM.matcher(input.path()).find()) {
            return;
        }
        BufferedReader reader = new BufferedReader(new InputStreamReader(input.stream(), StandardCharsets.UTF_8));
        Set<String> found = new LinkedHashSet<>();
        String section = null;
        boolean inSpecs = false;
        boolean sawSection = false;
        int fromSource = 0;
        int malformed = 0;
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.isBlank()) {
                continue;
            }
            if (!Character.isWhitespace(line.charAt(0))) {
                section = line.strip();
                sawSection = true;
                inSpecs = false;
                continue;
            }
            if (section == null || !(section.equals("GEM") || section.equals("GIT") || section.equals("PATH")
                    || section.equals("PLUGIN SOURCE"))) {
                continue;
            }
            if (line.startsWith("  ") && !line.startsWith("   ")) {
                inSpecs = line.strip().equals("specs:");
                continue;
            }
            if (!inSpecs || line.startsWith("      ")) {
                continue;
            }
            Matcher m = SPEC.matcher(line);
            if (!m.matches()) {
                malformed++;
                continue;
            }
            if (!section.equals("GEM")) {
                fromSource++;
                continue;
            }
            String version = m.group(2);
            int dash = version.indexOf('-');
            if (dash >= 0) {
                version = version.substring(0, dash);
            }
            if (!version.isEmpty()) {
                found.add(m.group(1) + " " + version);
            }
        }
        if (!sawSection) {
            sink.warn("not a Gemfile.lock: no section header");
            return;
        }
        for (String nv : found) {
            String[] p = nv.split(" ", 2);
            try {
                sink.addPackage(Gems.builder(p[0], p[1], null, input.location())
                        .property(Gems.PROPERTY_DECLARED, input.path()).build());
            } catch (MalformedPackageURLException e) {
                malformed++;
            }
        }
        if (malformed > 0) {
            sink.warn(malformed + " spec lines not of the form 'NAME (VERSION)' skipped");
        }
        if (fromSource > 0) {
            sink.diagnostic(Diagnostic.Severity.INFO, null, fromSource
                    + " gems from GIT or PATH sources skipped: built from source, not from a gem server");
        }
    }
}
