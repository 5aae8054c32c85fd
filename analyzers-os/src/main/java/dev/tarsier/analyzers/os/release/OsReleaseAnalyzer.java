package dev.tarsier.analyzers.os.release;

import dev.tarsier.api.Diagnostic;
import dev.tarsier.api.OperatingSystem;
import dev.tarsier.api.spi.Analyzer;
import dev.tarsier.api.spi.AnalyzerInput;
import dev.tarsier.api.spi.FileSelector;
import dev.tarsier.api.spi.ResultSink;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Detects the distribution from {@code os-release(5)} and the distributions' own release files.
 *
 * <p>Confidence, highest wins in the scanner: {@code etc/os-release} 100,
 * {@code usr/lib/os-release} 90 (the os-release(5) fallback), {@code etc/lsb-release} 70, a
 * distribution's release file ({@code etc/alpine-release}, {@code etc/redhat-release} and its
 * siblings) 70, {@code etc/debian_version} 60 (Ubuntu ships one too, naming its Debian base).
 *
 * <p>A Red Hat content manifest ({@code root/buildinfo/content_manifests/*.json}, in every RHEL and
 * UBI image) gives family {@code rhel} with its content sets and no version, confidence 20: it
 * only adds the content sets to the os-release evidence of a RHEL image (the scanner merges
 * evidence of the same family).
 *
 * <p>Release files are read up to {@link #MAX_FILE_SIZE}, content manifests (which may list the
 * image's contents) up to {@link #MAX_MANIFEST_SIZE}; the selector offers nothing larger.
 */
public final class OsReleaseAnalyzer implements Analyzer {

    /** Largest release file read: real ones are well under 1 KiB. */
    public static final long MAX_FILE_SIZE = 64 * 1024;

    /** Largest content manifest read: real ones are a few KiB, with the image contents listed some 100 KiB. */
    public static final long MAX_MANIFEST_SIZE = 4 * 1024 * 1024;

    static final String CONTENT_MANIFESTS = "root/buildinfo/content_manifests/";

    static final String ETC_OS_RELEASE = "etc/os-release";
    static final String USR_LIB_OS_RELEASE = "usr/lib/os-release";
    static final String LSB_RELEASE = "etc/lsb-release";
    static final String ALPINE_RELEASE = "etc/alpine-release";
    static final String DEBIAN_VERSION = "etc/debian_version";

    /** Release files of the Red Hat family and others written as {@code NAME release VERSION (CODENAME)}. */
    static final List<String> RELEASE_LINE_FILES = List.of(
            "etc/redhat-release", "etc/centos-release", "etc/rocky-release", "etc/almalinux-release",
            "etc/fedora-release", "etc/oracle-release", "etc/system-release");

    /**
     * Names used in release lines, lower-case prefix to os-release ID. Longest prefixes first so
     * that "centos stream" is not taken for something else.
     */
    private static final List<Map.Entry<String, String>> RELEASE_LINE_FAMILIES = List.of(
            Map.entry("red hat enterprise linux", "rhel"),
            Map.entry("centos", "centos"),
            Map.entry("rocky linux", "rocky"),
            Map.entry("almalinux", "almalinux"),
            Map.entry("fedora", "fedora"),
            Map.entry("oracle linux", "ol"),
            Map.entry("amazon linux", "amzn"),
            Map.entry("cbl-mariner", "mariner"),
            Map.entry("common base linux mariner", "mariner"),
            Map.entry("scientific linux", "scientific"));

    /** "NAME release VERSION (CODENAME)", as redhat-release and its siblings write it. */
    private static final Pattern RELEASE_LINE =
            Pattern.compile("^(.+?)\\s+release\\s+([0-9][^\\s]*)(?:\\s+\\((.+)\\))?");

    private static final FileSelector SELECTOR = FileSelector.builder()
            .paths(ETC_OS_RELEASE, USR_LIB_OS_RELEASE, LSB_RELEASE, ALPINE_RELEASE, DEBIAN_VERSION)
            .paths(RELEASE_LINE_FILES.toArray(String[]::new))
            .globs(CONTENT_MANIFESTS + "*.json")
            .maxFileSize(MAX_MANIFEST_SIZE)
            .build();

    @Override
    public String id() {
        return "os.release";
    }

    @Override
    public int version() {
        return 2;
    }

    @Override
    public FileSelector selector() {
        return SELECTOR;
    }

    @Override
    public void analyze(AnalyzerInput input, ResultSink sink) throws IOException {
        String path = input.path();
        boolean manifest = path.startsWith(CONTENT_MANIFESTS);
        long cap = manifest ? MAX_MANIFEST_SIZE : MAX_FILE_SIZE;
        String text;
        try (InputStream in = input.stream()) {
            byte[] bytes = in.readNBytes((int) cap + 1);
            if (bytes.length > cap) {
                sink.warn((manifest ? "content manifest" : "release file") + " larger than " + cap + " bytes; ignored");
                return;
            }
            text = new String(bytes, StandardCharsets.UTF_8);
        }
        if (manifest) {
            fromContentManifest(text, sink);
            return;
        }
        switch (path) {
            case ETC_OS_RELEASE -> fromOsRelease(text, 100, sink);
            case USR_LIB_OS_RELEASE -> fromOsRelease(text, 90, sink);
            case LSB_RELEASE -> fromLsbRelease(text, sink);
            case ALPINE_RELEASE -> fromSingleVersion("alpine", text, 70, sink);
            case DEBIAN_VERSION -> fromDebianVersion(text, sink);
            default -> fromReleaseLine(text, sink);
        }
    }

    private static void fromOsRelease(String text, int confidence, ResultSink sink) {
        Map<String, String> fields = ShellAssignments.parse(text);
        String id = fields.getOrDefault("ID", "").strip().toLowerCase(Locale.ROOT);
        if (id.isEmpty()) {
            sink.warn("os-release has no ID");
            return;
        }
        Optional<String> codename = nonBlank(fields.get("VERSION_CODENAME"))
                .or(() -> nonBlank(fields.get("UBUNTU_CODENAME")));
        Optional<String> name = nonBlank(fields.get("PRETTY_NAME")).or(() -> nonBlank(fields.get("NAME")));
        List<String> idLike = nonBlank(fields.get("ID_LIKE"))
                .map(v -> Arrays.asList(v.toLowerCase(Locale.ROOT).strip().split("\\s+")))
                .orElse(List.of());
        String version = fields.getOrDefault("VERSION_ID", "").strip();
        sink.operatingSystem(new OperatingSystem(id, version, codename, name, idLike), confidence);
    }

    private static void fromContentManifest(String text, ResultSink sink) {
        List<String> sets;
        try {
            sets = ContentManifest.contentSets(text);
        } catch (IllegalArgumentException e) {
            sink.warn("content manifest is not valid: " + e.getMessage());
            return;
        }
        if (!sets.isEmpty()) {
            sink.operatingSystem(new OperatingSystem("rhel", "", Optional.empty(), Optional.empty(), List.of(), sets), 20);
        }
    }

    private static void fromLsbRelease(String text, ResultSink sink) {
        Map<String, String> fields = ShellAssignments.parse(text);
        String id = fields.getOrDefault("DISTRIB_ID", "").strip().toLowerCase(Locale.ROOT);
        if (id.isEmpty()) {
            sink.warn("lsb-release has no DISTRIB_ID");
            return;
        }
        sink.operatingSystem(new OperatingSystem(id, fields.getOrDefault("DISTRIB_RELEASE", "").strip(),
                nonBlank(fields.get("DISTRIB_CODENAME")), nonBlank(fields.get("DISTRIB_DESCRIPTION")),
                List.of()), 70);
    }

    private static void fromSingleVersion(String family, String text, int confidence, ResultSink sink) {
        String version = firstLine(text);
        if (version.isEmpty()) {
            sink.warn("release file is empty");
            return;
        }
        sink.operatingSystem(OperatingSystem.of(family, version), confidence);
    }

    /**
     * {@code etc/debian_version} holds a point release ({@code 12.4}) on stable releases and
     * {@code CODENAME/sid} on testing and unstable, where no version number exists yet.
     */
    private static void fromDebianVersion(String text, ResultSink sink) {
        String line = firstLine(text);
        if (line.isEmpty()) {
            sink.warn("debian_version is empty");
            return;
        }
        if (Character.isDigit(line.charAt(0))) {
            sink.operatingSystem(OperatingSystem.of("debian", line), 60);
        } else {
            int slash = line.indexOf('/');
            String codename = slash < 0 ? line : line.substring(0, slash);
            sink.operatingSystem(new OperatingSystem("debian", "", Optional.of(codename), Optional.empty(),
                    List.of()), 60);
        }
    }

    private static void fromReleaseLine(String text, ResultSink sink) {
        String line = firstLine(text);
        Matcher m = RELEASE_LINE.matcher(line);
        if (!m.find()) {
            sink.warn("unrecognised release line: " + abbreviate(line));
            return;
        }
        String distro = m.group(1).strip().toLowerCase(Locale.ROOT);
        String family = null;
        for (Map.Entry<String, String> e : RELEASE_LINE_FAMILIES) {
            if (distro.startsWith(e.getKey())) {
                family = e.getValue();
                break;
            }
        }
        if (family == null) {
            sink.diagnostic(Diagnostic.Severity.INFO, null,
                    "unknown distribution in release line: " + abbreviate(line));
            return;
        }
        sink.operatingSystem(new OperatingSystem(family, m.group(2), Optional.ofNullable(m.group(3)),
                Optional.of(line), List.of()), 70);
    }

    private static String firstLine(String text) {
        String stripped = text.strip();
        int nl = stripped.indexOf('\n');
        return (nl < 0 ? stripped : stripped.substring(0, nl)).strip();
    }

    private static Optional<String> nonBlank(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }
}
