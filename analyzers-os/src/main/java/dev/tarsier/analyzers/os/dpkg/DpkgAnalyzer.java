package dev.tarsier.analyzers.os.dpkg;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import dev.tarsier.analyzers.os.OsPackageUrls;
import dev.tarsier.api.Diagnostic;
import dev.tarsier.api.OperatingSystem;
import dev.tarsier.api.Package;
import dev.tarsier.api.PackageKind;
import dev.tarsier.api.spi.Analyzer;
import dev.tarsier.api.spi.AnalyzerInput;
import dev.tarsier.api.spi.FileOwnership;
import dev.tarsier.api.spi.FileSelector;
import dev.tarsier.api.spi.ResultSink;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds Debian packages in dpkg's database.
 *
 * <ul>
 *   <li>{@code var/lib/dpkg/status}: one stanza per package (deb-control(5) syntax);</li>
 *   <li>{@code var/lib/dpkg/status.d/*}: distroless images write one file per package, usually
 *       without a {@code Status} field; dpkg's own control files that sit next to them
 *       ({@code NAME.md5sums}, {@code NAME.preinst}, ...) are skipped;</li>
 *   <li>{@code var/lib/dpkg/info/*.list}: the files a package owns, reported as
 *       {@link FileOwnership} for the scanner to attach after folding layers.</li>
 * </ul>
 *
 * <p>Which stanzas count (dpkg(1), "Package states"): the third word of {@code Status} is the
 * package state. {@code not-installed} and {@code config-files} leave no program on disk and are
 * skipped. {@code installed}, {@code triggers-pending}, {@code triggers-awaiting},
 * {@code half-configured} and {@code unpacked} have every file unpacked and are reported.
 * {@code half-installed} (an interrupted unpack or removal) may have some of its files on disk; it
 * is reported, with an INFO diagnostic, because a scanner should rather over-report than miss
 * vulnerable code. A stanza without {@code Status} (status.d) counts as installed.
 *
 * <p>A stanza without {@code Version} is reported with an empty version and a warning; a stanza
 * without {@code Package} is skipped with a warning.
 *
 * <p>PURL: {@code pkg:deb/debian/NAME@VERSION?arch=ARCH}. The namespace is always {@code debian}
 * because the status file does not say which distribution wrote it; the scanner rewrites the
 * namespace and adds the {@code distro} qualifier once the image's OS is known.
 *
 * <p>A {@code base-files} stanza whose version looks like Debian's ({@code 12.4+deb12u5}) is also
 * evidence of the Debian release, reported with confidence 30, so that distroless images without
 * os-release still get a family and version.
 */
public final class DpkgAnalyzer implements Analyzer {

    static final String STATUS = "var/lib/dpkg/status";
    static final String STATUS_D_GLOB = "var/lib/dpkg/status.d/*";
    static final String INFO_LIST_GLOB = "var/lib/dpkg/info/*.list";
    private static final String STATUS_D_PREFIX = "var/lib/dpkg/status.d/";
    private static final String INFO_PREFIX = "var/lib/dpkg/info/";

    /** dpkg's per-package control files, which distroless images may keep inside status.d. */
    private static final Set<String> CONTROL_FILE_SUFFIXES = Set.of(".md5sums", ".preinst",
            ".postinst", ".prerm", ".postrm", ".conffiles", ".list", ".shlibs", ".symbols",
            ".triggers", ".templates", ".config");

    /** The control fields this analyzer reads. */
    private static final Set<String> FIELDS = Set.of("package", "status", "version", "architecture",
            "source", "maintainer");

    /** States whose files are (at least partly) on disk. */
    private static final Set<String> PRESENT_STATES = Set.of("installed", "triggers-pending",
            "triggers-awaiting", "half-configured", "unpacked", "half-installed");

    /** deb-control(5): {@code Source: name} or {@code Source: name (version)}. */
    private static final Pattern SOURCE = Pattern.compile("^(\\S+)(?:\\s*\\((.*)\\))?\\s*$");

    /** Debian's base-files carries the release number: 12.4+deb12u5, 11.1+deb11u9, 10.3+deb10u13. */
    private static final Pattern DEBIAN_BASE_FILES = Pattern.compile("^(\\d+)(?:\\.\\d+)*(?:\\+deb\\d+u\\d+)?$");

    private static final FileSelector SELECTOR = FileSelector.builder()
            .paths(STATUS)
            .globs(STATUS_D_GLOB, INFO_LIST_GLOB)
            .build();

    @Override
    public String id() {
        return "os.dpkg";
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
        String path = input.path();
        if (path.startsWith(INFO_PREFIX)) {
            readFileList(input, sink);
            return;
        }
        if (path.startsWith(STATUS_D_PREFIX)) {
            String name = path.substring(STATUS_D_PREFIX.length());
            for (String suffix : CONTROL_FILE_SUFFIXES) {
                if (name.endsWith(suffix)) {
                    return;
                }
            }
        }
        try (BufferedReader reader = reader(input.stream())) {
            ControlStanzas.read(reader, FIELDS, stanza -> onStanza(stanza, input, sink), sink::warn);
        }
    }

    private static BufferedReader reader(InputStream in) {
        // Field values are UTF-8 by Debian policy; a stray Latin-1 maintainer name must not abort the parse.
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE)));
    }

    private static void onStanza(ControlStanzas.Stanza stanza, AnalyzerInput input, ResultSink sink) {
        String name = stanza.get("package");
        if (name == null || name.isEmpty()) {
            sink.warn("line " + stanza.line() + ": stanza without Package; skipped");
            return;
        }
        String status = stanza.get("status");
        if (status != null) {
            String[] words = status.strip().split("\\s+");
            String state = words[words.length - 1].toLowerCase(Locale.ROOT);
            if (words.length != 3 || !PRESENT_STATES.contains(state)) {
                if (words.length != 3) {
                    sink.warn("package " + name + ": malformed Status '" + status + "'; skipped");
                }
                return;
            }
            if (state.equals("half-installed")) {
                sink.diagnostic(Diagnostic.Severity.INFO, null,
                        "package " + name + " is half-installed; reported, some of its files may be missing");
            }
        }
        String version = stanza.get("version");
        if (version == null || version.isEmpty()) {
            sink.warn("package " + name + " (line " + stanza.line() + ") has no Version");
            version = "";
        }
        String arch = stanza.get("architecture");
        String sourceName = name;
        String sourceVersion = version;
        String source = stanza.get("source");
        if (source != null && !source.isEmpty()) {
            Matcher m = SOURCE.matcher(source);
            if (m.matches()) {
                sourceName = m.group(1);
                if (m.group(2) != null && !m.group(2).isBlank()) {
                    sourceVersion = m.group(2).strip();
                }
            } else {
                sink.warn("package " + name + ": malformed Source '" + source + "'; using the binary name");
            }
        }
        PackageURL purl;
        try {
            purl = OsPackageUrls.of("deb", "debian", name, version, "arch", arch);
        } catch (MalformedPackageURLException e) {
            sink.warn("package " + name + ": cannot form a package URL: " + e.getMessage());
            return;
        }
        sink.addPackage(Package.builder("deb", name, version)
                .purl(purl)
                .kind(PackageKind.OS)
                .sourceName(sourceName)
                .sourceVersion(sourceVersion)
                .location(input.location())
                .property(Package.PROPERTY_ARCH, arch)
                .property("maintainer", stanza.get("maintainer"))
                .build());
        if (name.equals("base-files")) {
            reportDebianRelease(version, stanza.get("maintainer"), sink);
        }
    }

    /** Distroless images have no os-release; Debian's base-files version still names the release. */
    private static void reportDebianRelease(String version, String maintainer, ResultSink sink) {
        Matcher m = DEBIAN_BASE_FILES.matcher(version);
        if (!m.matches() || (maintainer != null && maintainer.toLowerCase(Locale.ROOT).contains("ubuntu"))) {
            return;
        }
        sink.operatingSystem(OperatingSystem.of("debian", m.group(1)), 30);
    }

    /**
     * dpkg's {@code info/NAME[:ARCH].list} holds one absolute path per line, starting with
     * {@code /.} for the root; directories are listed like files.
     */
    private static void readFileList(AnalyzerInput input, ResultSink sink) throws IOException {
        String fileName = FileSelector.fileName(input.path());
        String pkg = fileName.substring(0, fileName.length() - ".list".length());
        int colon = pkg.indexOf(':');
        if (colon >= 0) {
            pkg = pkg.substring(0, colon);
        }
        if (pkg.isEmpty()) {
            sink.warn("file list without a package name");
            return;
        }
        Set<String> files = new LinkedHashSet<>();
        try (BufferedReader reader = reader(input.stream())) {
            String line;
            while ((line = reader.readLine()) != null) {
                String p = normalise(line);
                if (p != null) {
                    files.add(p);
                }
            }
        }
        sink.fileOwnership(new FileOwnership("deb", pkg, new ArrayList<>(files)));
    }

    /** An absolute dpkg path as a relative image path; null for the root and blank lines. */
    static String normalise(String line) {
        String p = line.strip();
        while (p.startsWith("/") || p.startsWith("./")) {
            p = p.startsWith("/") ? p.substring(1) : p.substring(2);
        }
        if (p.isEmpty() || p.equals(".")) {
            return null;
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

}
