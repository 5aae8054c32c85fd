package dev.tarsier.analyzers.app.jar;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import dev.tarsier.api.Diagnostic;
import dev.tarsier.api.Location;
import dev.tarsier.api.Package;
import dev.tarsier.api.PackageKind;
import dev.tarsier.api.spi.FileSelector;
import dev.tarsier.api.spi.ResultSink;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Reads one file and the archives nested in it, depth first, in a single pass. One walker per
 * {@code analyze} call: it holds the byte budget of that file and a skip buffer shared by all
 * levels (only the innermost level reads at any time).
 */
final class ArchiveWalker {

    private static final byte[] EMPTY_ZIP = {'P', 'K', 5, 6};
    /** "PK\3\4" read as a big-endian int: the local file header signature (APPNOTE 4.3.7). */
    private static final int LOCAL_HEADER = 0x504B0304;
    private static final int MAX_SCRIPT = 1 << 20;

    private final JarLimits limits;
    private final ResultSink sink;
    private final byte[] skipBuffer = new byte[64 * 1024];
    private long totalInflated;

    ArchiveWalker(JarLimits limits, ResultSink sink) {
        this.limits = limits;
        this.sink = sink;
    }

    /** Walks a file of the image; everything that goes wrong becomes a diagnostic. */
    void walkFile(InputStream in, Location location) {
        try {
            walk(in, location, 0);
        } catch (ArchiveAbort abort) {
            // only an abort without an origin (the file's budget) gets here
            sink.diagnostic(Diagnostic.Severity.WARNING, null, abort.getMessage());
        }
    }

    /** What one archive level has seen so far. */
    private static final class Level {
        final Location location;
        final Set<Coordinates> poms = new LinkedHashSet<>();
        Map<String, String> manifest = Map.of();
        int entries;

        Level(Location location) {
            this.location = location;
        }
    }

    private void walk(InputStream source, Location location, int depth) throws ArchiveAbort {
        Level level = new Level(location);
        HashingStream raw = new HashingStream(source);
        BufferedInputStream buffered = new BufferedInputStream(raw, 8192);
        ZipInputStream zip = null;
        String sha1 = null;
        String lastEntry = null;
        try {
            // ISO-8859-1 for names without the UTF-8 flag: it never fails on bytes old zip tools
            // wrote, and the names this analyzer looks for are ASCII
            zip = new ZipInputStream(skipLaunchScript(buffered), StandardCharsets.ISO_8859_1);
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                level.entries++;
                lastEntry = entry.getName();
                EntryStream data = new EntryStream(level, zip, raw, lastEntry);
                if (!entry.isDirectory()) {
                    readEntry(level, lastEntry, data, depth);
                }
                data.drain();
            }
            // the central directory follows the last entry; read it so that the SHA-1 covers the file
            drain(buffered);
            sha1 = raw.sha1Hex();
            if (level.entries == 0) {
                if (raw.startsWith(EMPTY_ZIP)) {
                    sink.diagnostic(Diagnostic.Severity.INFO, path(location, depth), "empty archive");
                } else {
                    sink.diagnostic(Diagnostic.Severity.WARNING, path(location, depth), "not a zip archive");
                }
            }
        } catch (ArchiveAbort abort) {
            if (abort.origin != level) {
                emit(level, null);
                throw abort;
            }
            sink.diagnostic(Diagnostic.Severity.WARNING, path(location, depth), abort.getMessage());
            sha1 = finishHash(buffered, raw, level);
        } catch (IOException | RuntimeException e) {
            // java.util.zip reports format errors as ZipException, EOFException and, for names
            // that are not valid UTF-8 although flagged so, IllegalArgumentException
            String where = level.entries == 0 ? "not a zip archive: "
                    : "malformed archive after entry " + lastEntry + ": ";
            sink.diagnostic(Diagnostic.Severity.WARNING, path(location, depth), where + describe(e));
            sha1 = finishHash(buffered, raw, level);
        } finally {
            if (zip != null) {
                closeQuietly(zip);
            }
        }
        emit(level, sha1);
    }

    /**
     * Spring Boot's "fully executable" jars start with a shell script; the zip format allows data
     * before the first local header (APPNOTE 4.3.6 counts offsets from the file start), but
     * {@code ZipInputStream} expects a header at byte 0. A file starting with {@code #!} is read
     * up to the first local file header signature, at most {@value #MAX_SCRIPT} bytes.
     */
    private static InputStream skipLaunchScript(BufferedInputStream in) throws IOException {
        in.mark(2);
        if (in.read() != '#' || in.read() != '!') {
            in.reset();
            return in;
        }
        int last4 = 0;
        for (int i = 2; i < MAX_SCRIPT; i++) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            last4 = last4 << 8 | b;
            if (last4 == LOCAL_HEADER) {
                PushbackInputStream p = new PushbackInputStream(in, 4);
                p.unread(new byte[] {'P', 'K', 3, 4});
                return p;
            }
        }
        return in;
    }

    private void readEntry(Level level, String name, EntryStream data, int depth) throws IOException {
        if (JarIdentity.isPomProperties(name)) {
            byte[] content = readMetadata(level, name, data);
            if (content == null) {
                return;
            }
            var coordinates = JarIdentity.fromPomProperties(name, content);
            if (coordinates.isEmpty()) {
                sink.diagnostic(Diagnostic.Severity.WARNING, level.location.nested(name).path(),
                        "pom.properties without groupId, artifactId or version; ignored");
            } else if (level.poms.size() >= limits.maxIdentities()) {
                sink.diagnostic(Diagnostic.Severity.WARNING, level.location.nested(name).path(),
                        "more than " + limits.maxIdentities() + " pom.properties; ignored");
            } else {
                level.poms.add(coordinates.get());
            }
        } else if (JarIdentity.isManifest(name) && level.manifest.isEmpty()) {
            byte[] content = readMetadata(level, name, data);
            if (content != null) {
                level.manifest = JarIdentity.manifestMainSection(content);
            }
        } else if (JarAnalyzer.isArchiveName(name)) {
            if (depth + 1 > limits.maxDepth()) {
                sink.diagnostic(Diagnostic.Severity.WARNING, level.location.nested(name).path(),
                        "archive nested deeper than " + limits.maxDepth() + " levels; not read");
            } else {
                walk(data, level.location.nested(name), depth + 1);
            }
        }
    }

    /** Reads a small metadata entry, or returns null with a diagnostic when it is over the cap. */
    private byte[] readMetadata(Level level, String name, EntryStream data) throws IOException {
        byte[] content = data.readNBytes(limits.maxMetadataBytes() + 1);
        if (content.length > limits.maxMetadataBytes()) {
            sink.diagnostic(Diagnostic.Severity.WARNING, level.location.nested(name).path(),
                    "larger than " + limits.maxMetadataBytes() + " bytes; ignored");
            return null;
        }
        return content;
    }

    /**
     * After this level's own problem, reads the rest of its source (raw bytes, nothing inflated)
     * so that the SHA-1 still covers the whole archive; an abort from a parent level propagates.
     */
    private String finishHash(BufferedInputStream buffered, HashingStream raw, Level level) throws ArchiveAbort {
        try {
            drain(buffered);
            return raw.sha1Hex();
        } catch (ArchiveAbort abort) {
            emit(level, null);
            throw abort;
        } catch (IOException e) {
            return null;
        }
    }

    private void drain(InputStream in) throws IOException {
        while (in.read(skipBuffer) >= 0) {
            // discard
        }
    }

    private static void closeQuietly(ZipInputStream zip) {
        try {
            // ends the Inflater now instead of at garbage collection; the source is not closed
            zip.close();
        } catch (IOException e) {
            // nothing was buffered for writing; the source stays with its owner
        }
    }

    private static String describe(Exception e) {
        if (e instanceof java.io.EOFException) {
            return "unexpected end of data";
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /** The path for diagnostics: null for the input itself, the nested chain otherwise. */
    private static String path(Location location, int depth) {
        return depth == 0 ? null : location.path();
    }

    /** Reports the packages of one archive level; nothing when not a single entry was read. */
    private void emit(Level level, String sha1) {
        if (level.entries == 0) {
            return;
        }
        List<Coordinates> found = new ArrayList<>(level.poms);
        if (found.isEmpty()) {
            String fileName = FileSelector.fileName(level.location.path());
            Coordinates guessed = JarIdentity.fromManifestOrFileName(level.manifest, fileName);
            if (guessed.version().isEmpty()) {
                sink.diagnostic(Diagnostic.Severity.INFO, level.location.path().equals(level.location.filePath())
                        ? null : level.location.path(), "no version in pom.properties, manifest or file name");
            }
            found.add(guessed);
        }
        for (Coordinates c : found) {
            try {
                PackageURL purl = new PackageURL("maven", c.groupId(), c.artifactId(),
                        c.version().isEmpty() ? null : c.version(), null, null);
                sink.addPackage(Package.builder("maven", c.artifactId(), c.version())
                        .purl(purl)
                        .kind(PackageKind.APPLICATION)
                        .ecosystem(JarAnalyzer.ECOSYSTEM)
                        .location(level.location)
                        .property(JarAnalyzer.PROPERTY_SHA1, sha1)
                        .property(JarAnalyzer.PROPERTY_IDENTIFIED_BY, c.identifiedBy())
                        .property(Package.PROPERTY_GROUP_SOURCE, c.groupSource())
                        .property(JarAnalyzer.PROPERTY_GROUP_GUESS, c.groupGuess())
                        .build());
            } catch (MalformedPackageURLException e) {
                sink.diagnostic(Diagnostic.Severity.WARNING, level.location.path(),
                        "cannot build a package URL for " + c.groupId() + ":" + c.artifactId() + ": " + e.getMessage());
            }
        }
    }

    /** Counts bytes against the file's budget. */
    private void account(int n) throws ArchiveAbort {
        totalInflated += n;
        if (totalInflated > limits.maxTotalBytes()) {
            throw new ArchiveAbort(null, "archive inflates to more than " + limits.maxTotalBytes()
                    + " bytes in all; the rest was not read");
        }
    }

    /**
     * The content of the current entry of one level: counts inflated bytes against the entry cap,
     * the ratio cap and the file budget, and tags every failure of this level's zip stream with
     * the level, so that nested levels can tell their own corruption from their parent's.
     */
    private final class EntryStream extends InputStream {
        private final Level level;
        private final ZipInputStream zip;
        private final HashingStream raw;
        private final String name;
        private final long rawStart;
        private long inflated;

        EntryStream(Level level, ZipInputStream zip, HashingStream raw, String name) {
            this.level = level;
            this.zip = zip;
            this.raw = raw;
            this.name = name;
            this.rawStart = raw.count();
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n;
            try {
                n = zip.read(b, off, len);
            } catch (ArchiveAbort abort) {
                throw abort;
            } catch (IOException | RuntimeException e) {
                throw new ArchiveAbort(level, "malformed entry " + name + ": " + describe(e));
            }
            if (n > 0) {
                inflated += n;
                account(n);
                if (inflated > limits.maxEntryBytes()) {
                    throw new ArchiveAbort(level, "entry " + name + " inflates to more than "
                            + limits.maxEntryBytes() + " bytes; the rest of the archive was not read");
                }
                long compressed = Math.max(1, raw.count() - rawStart);
                if (inflated > limits.ratioFloor() && inflated / compressed > limits.maxRatio()) {
                    throw new ArchiveAbort(level, "entry " + name + " inflates more than "
                            + limits.maxRatio() + " times its compressed size (zip bomb?); the rest of the archive was not read");
                }
            }
            return n;
        }

        void drain() throws IOException {
            while (read(skipBuffer, 0, skipBuffer.length) >= 0) {
                // discard
            }
        }

        @Override
        public void close() {
            // the entry is finished by the level that owns it
        }
    }

    static boolean hasArchiveSuffix(String name, Set<String> suffixes) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (String s : suffixes) {
            if (lower.endsWith(s)) {
                return true;
            }
        }
        return false;
    }
}
