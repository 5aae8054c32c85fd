package dev.tarsier.analyzers.app.ruby;

import com.github.packageurl.MalformedPackageURLException;
import dev.tarsier.api.spi.Analyzer;
import dev.tarsier.api.spi.AnalyzerInput;
import dev.tarsier.api.spi.FileSelector;
import dev.tarsier.api.spi.ResultSink;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Installed gems: the {@code specifications/*.gemspec} files that RubyGems writes into every gem
 * home when it installs a gem ({@code Gem::Installer#write_spec}), including the default gems of
 * {@code specifications/default/} and Debian's {@code rubygems-integration} paths
 * ({@code usr/share/rubygems-integration/all/specifications/}), {@code usr/lib/ruby/gems/X/}, the
 * official images' {@code usr/local/bundle/} and {@code usr/local/lib/ruby/gems/X/}.
 *
 * <p>A gemspec is Ruby code and is never run. RubyGems writes it with
 * {@code Gem::Specification#to_ruby}: a {@code # stub: NAME VERSION PLATFORM REQUIRE_PATHS} comment
 * line, then a {@code Gem::Specification.new do |s|} block of literal assignments
 * ({@code s.name = "rack".freeze}, {@code s.version = "2.2.4"}, {@code s.platform = "java".freeze}).
 * This analyzer reads the block variable's {@code name}, {@code version} and {@code platform}
 * assignments when their value is a string literal ({@code "..."}, {@code '...'}, {@code %q{...}},
 * optionally {@code .freeze}d or wrapped in {@code Gem::Version.new(...)}), and falls back to the
 * stub line. A hand-written gemspec whose version is a constant ({@code Foo::VERSION}) takes the
 * version from the file name ({@code NAME-VERSION[-PLATFORM].gemspec}, RubyGems' full name). What
 * cannot be read that way is a warning, never a guess.
 *
 * @see <a href="https://guides.rubygems.org/specification-reference/">Specification reference</a>
 * @since 0.4
 */
public final class GemSpecAnalyzer implements Analyzer {

    /** This analyzer's id. */
    public static final String ID = "app.gemspec";

    /** Largest gemspec read: 1 MiB (written ones are a few kB). */
    public static final long MAX_FILE_SIZE = 1L << 20;

    private static final FileSelector SELECTOR = FileSelector.builder()
            .globs("**/specifications/*.gemspec", "**/specifications/default/*.gemspec")
            .maxFileSize(MAX_FILE_SIZE)
            .build();

    private static final Pattern STUB = Pattern.compile("^# stub: (\\S+) (\\S+) (\\S+)", Pattern.MULTILINE);
    private static final Pattern NEW_BLOCK = Pattern.compile(
            "Gem::Specification\\.new\\b[^\\n|]*?(?:\\bdo|\\{)\\s*\\|\\s*([A-Za-z_]\\w*)\\s*\\|");
    /** A Ruby string literal without interpolation: group 1, 2 or 3 holds its text. */
    private static final String LITERAL =
            "(?:\"([^\"\\\\#\\n]*)\"|'([^'\\\\\\n]*)'|%[qQ]?\\{([^}\\\\#\\n]*)\\})(?:\\.freeze)?";
    /**
     * {@code var.name = LITERAL}, {@code var.version = LITERAL} (also inside
     * {@code Gem::Version.new(...)}) or {@code var.platform = LITERAL}; not {@code ==} or {@code =~}.
     */
    private static final Pattern ASSIGNMENT = Pattern.compile("\\b([A-Za-z_]\\w*)\\.(name|version|platform)\\s*=(?![=~])\\s*"
            + "(?:Gem::Version\\.new\\(\\s*" + LITERAL + "\\s*\\)|" + LITERAL + ")");

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
        String text = new String(input.stream().readNBytes((int) MAX_FILE_SIZE), StandardCharsets.UTF_8);
        Matcher block = NEW_BLOCK.matcher(text);
        Matcher stub = STUB.matcher(text);
        String stubName = null;
        String stubVersion = null;
        String stubPlatform = null;
        if (stub.find()) {
            stubName = stub.group(1);
            stubVersion = stub.group(2);
            stubPlatform = stub.group(3);
        }
        String name = null;
        String version = null;
        String platform = null;
        if (block.find()) {
            String var = block.group(1);
            String body = text.substring(block.end());
            name = assigned(body, var, "name");
            version = assigned(body, var, "version");
            platform = assigned(body, var, "platform");
        } else if (stubName == null) {
            sink.warn("not a gemspec: no Gem::Specification.new block and no stub line");
            return;
        }
        if (name == null) {
            name = stubName;
        }
        if (version == null && stubName != null && stubName.equals(name)) {
            version = stubVersion;
            if (platform == null) {
                platform = stubPlatform;
            }
        }
        if (version == null && name != null) {
            version = versionFromFileName(input.path(), name);
        }
        if (!Gems.plausible(name) || !Gems.plausible(version)) {
            sink.warn("gemspec without a literal name and version (name " + name + ", version " + version
                    + "); it is not run, so nothing is reported");
            return;
        }
        try {
            sink.addPackage(Gems.builder(name, version, platform, input.location()).build());
        } catch (MalformedPackageURLException e) {
            sink.warn("gem name is not a valid package URL name: " + name);
        }
    }

    /** The literal assigned to {@code var.attribute}, or null when there is none. */
    private static String assigned(String body, String var, String attribute) {
        Matcher m = ASSIGNMENT.matcher(body);
        while (m.find()) {
            if (m.group(1).equals(var) && m.group(2).equals(attribute)) {
                for (int g = 3; g <= m.groupCount(); g++) {
                    if (m.group(g) != null) {
                        return m.group(g).strip();
                    }
                }
            }
        }
        return null;
    }

    /** The version part of {@code NAME-VERSION[-PLATFORM].gemspec}, for the given name. */
    private static String versionFromFileName(String path, String name) {
        String file = FileSelector.fileName(path);
        String stem = file.substring(0, file.length() - ".gemspec".length());
        if (!stem.startsWith(name + "-")) {
            return null;
        }
        String rest = stem.substring(name.length() + 1);
        int dash = rest.indexOf('-');
        String v = dash < 0 ? rest : rest.substring(0, dash);
        return !v.isEmpty() && Character.isDigit(v.charAt(0)) ? v : null;
    }
}
