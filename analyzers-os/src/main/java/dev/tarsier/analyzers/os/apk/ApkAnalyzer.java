package dev.tarsier.analyzers.os.apk;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import dev.tarsier.analyzers.os.OsPackageUrls;
import dev.tarsier.api.Package;
import dev.tarsier.api.PackageKind;
import dev.tarsier.api.spi.Analyzer;
import dev.tarsier.api.spi.AnalyzerInput;
import dev.tarsier.api.spi.FileSelector;
import dev.tarsier.api.spi.ResultSink;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds Alpine (and Wolfi) packages in apk's installed database, {@code lib/apk/db/installed}.
 *
 * <p>Format (apk-tools, "Apk spec" / {@code apk_db_index_read}): blocks of {@code K:value} lines
 * separated by blank lines. Used keys: {@code P} name, {@code V} version, {@code A} arch,
 * {@code o} origin (the source package), {@code L} license, {@code m} maintainer, {@code F} a
 * directory, {@code R} a file in the most recent {@code F} directory. Other keys are ignored.
 *
 * <p>A block without {@code P} is skipped with a warning; one without {@code V} is reported with
 * an empty version and a warning. The file is streamed; memory is bounded by one block (its file
 * list) and by the selector's size cap ({@link FileSelector#DEFAULT_MAX_FILE_SIZE}).
 *
 * <p>PURL: {@code pkg:apk/alpine/NAME@VERSION?arch=ARCH}; the namespace is {@code alpine} because
 * the database does not name its distribution (Wolfi uses the same format). The scanner rewrites
 * the namespace and adds the {@code distro} qualifier once the image's OS is known.
 */
public final class ApkAnalyzer implements Analyzer {

    static final String INSTALLED = "lib/apk/db/installed";

    private static final FileSelector SELECTOR = FileSelector.builder().paths(INSTALLED).build();

    @Override
    public String id() {
        return "os.apk";
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
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(input.stream(),
                StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPLACE)
                        .onUnmappableCharacter(CodingErrorAction.REPLACE)))) {
            Block block = new Block();
            String line;
            int lineNo = 0;
            while ((line = reader.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    block.emit(input, sink);
                    block = new Block();
                    continue;
                }
                if (line.length() < 2 || line.charAt(1) != ':') {
                    sink.warn("line " + lineNo + ": not a 'K:value' line");
                    continue;
                }
                if (block.startLine == 0) {
                    block.startLine = lineNo;
                }
                block.accept(line.charAt(0), line.substring(2));
            }
            block.emit(input, sink);
        }
    }

    /** The fields of one package block as they are read. */
    private static final class Block {
        int startLine;
        String name;
        String version;
        String arch;
        String origin;
        String license;
        String maintainer;
        String dir = "";
        final List<String> files = new ArrayList<>();

        void accept(char key, String value) {
            switch (key) {
                case 'P' -> name = value.strip();
                case 'V' -> version = value.strip();
                case 'A' -> arch = value.strip();
                case 'o' -> origin = value.strip();
                case 'L' -> license = value.strip();
                case 'm' -> maintainer = value.strip();
                case 'F' -> dir = stripSlashes(value.strip());
                case 'R' -> {
                    String file = value.strip();
                    if (!file.isEmpty()) {
                        files.add(dir.isEmpty() ? file : dir + "/" + file);
                    }
                }
                default -> {
                    // checksums, sizes, dependencies, ACLs: not part of the package model
                }
            }
        }

        void emit(AnalyzerInput input, ResultSink sink) {
            if (startLine == 0) {
                return;
            }
            if (name == null || name.isEmpty()) {
                sink.warn("line " + startLine + ": package block without P (name); skipped");
                return;
            }
            String v = version == null ? "" : version;
            if (v.isEmpty()) {
                sink.warn("package " + name + " (line " + startLine + ") has no V (version)");
            }
            PackageURL purl;
            try {
                purl = OsPackageUrls.of("apk", "alpine", name, v, "arch", arch);
            } catch (MalformedPackageURLException e) {
                sink.warn("package " + name + ": cannot form a package URL: " + e.getMessage());
                return;
            }
            sink.addPackage(Package.builder("apk", name, v)
                    .purl(purl)
                    .kind(PackageKind.OS)
                    .sourceName(origin == null || origin.isEmpty() ? name : origin)
                    .sourceVersion(v)
                    .location(input.location())
                    .license(license)
                    .files(files)
                    .property(Package.PROPERTY_ARCH, arch)
                    .property("maintainer", maintainer)
                    .build());
        }

        private static String stripSlashes(String p) {
            String s = p;
            while (s.startsWith("/")) {
                s = s.substring(1);
            }
            while (s.endsWith("/")) {
                s = s.substring(0, s.length() - 1);
            }
            return s;
        }
    }
}
