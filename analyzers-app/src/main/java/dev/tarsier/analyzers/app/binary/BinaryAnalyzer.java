package dev.tarsier.analyzers.app.binary;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import dev.tarsier.api.Diagnostic;
import dev.tarsier.api.Package;
import dev.tarsier.api.PackageKind;
import dev.tarsier.api.spi.Analyzer;
import dev.tarsier.api.spi.AnalyzerInput;
import dev.tarsier.api.spi.FileSelector;
import dev.tarsier.api.spi.ResultSink;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Go and Rust executables that record what they were built from: Go's build information
 * ({@code runtime/debug.BuildInfo}, read as {@code go version -m} does) and the dependency list
 * {@code cargo auditable} puts in the {@code .dep-v0} section. ELF files only.
 *
 * <p>Selects every executable file that no other analyzer selects by name ({@link
 * FileSelector.Builder#unclaimedExecutables()}), so the {@code node} runtime stays {@code app.node}'s
 * and one pass reads each binary once. The file is read as a stream, front to back, and reading
 * stops as soon as the answer is known:
 * <ol>
 *   <li>64 bytes: not ELF, done.</li>
 *   <li>The program header table and the notes it points to (all near the start). Go's linker
 *       writes a {@code Go} build-id note; a file with it is a Go binary.</li>
 *   <li>The writable, non-executable {@code PT_LOAD} segments, in file order, until found: Go's
 *       linker puts the {@code .go.buildinfo} section at the start of the first one (of the second
 *       in a position-independent executable, after the relocation-read-only data): the 16-byte aligned magic {@code "\xff Go buildinf:"}, a
 *       pointer size and flags. With flag 2 (Go 1.18+) the toolchain version and the module
 *       information follow inline as varint-prefixed strings. Without it (Go 1.13-1.17) two
 *       pointers lead to Go string headers, whose bytes usually lie in the read-only segment, before
 *       the data segment: in a Go binary that segment is scanned on the way for the strings those
 *       pointers may name ({@code go1.}, {@code devel } and the module-information sentinels) and
 *       the pointers then pick the candidate at the exact file offset.</li>
 *   <li>Not Go: the bytes between the last loaded segment and the section header table (at most
 *       {@value #MAX_TAIL} bytes, the last ones), then the section headers, for a {@code .dep-v0}
 *       section.</li>
 * </ol>
 *
 * <p>Packages: Go modules as type {@code golang}, ecosystem {@value #GO}, PURL
 * {@code pkg:golang/<module path>@<version>} (replacements applied), the toolchain as module
 * {@code stdlib} with the SemVer form of its version ({@code go1.20.12} → {@code 1.20.12}), build
 * settings as properties {@code go.build.<key>} of the main module; Rust crates as type
 * {@code cargo}, ecosystem {@value #CRATES_IO}, PURL {@code pkg:cargo/<name>@<version>}.
 *
 * @since 0.4
 */
public final class BinaryAnalyzer implements Analyzer {

    /** This analyzer's id. */
    public static final String ID = "app.binary";
    /** Ecosystem of Go modules and the Go standard library (OSV's name). */
    public static final String GO = "Go";
    /** Ecosystem of Rust crates (OSV's name). */
    public static final String CRATES_IO = "crates.io";
    /** Package type (and PURL type) of Go modules. */
    public static final String TYPE_GOLANG = "golang";
    /** Package type (and PURL type) of Rust crates. */
    public static final String TYPE_CARGO = "cargo";
    /** Largest binary read: 512 MiB. */
    public static final long MAX_FILE_SIZE = 512L << 20;
    /** Most bytes kept from the end of the file for the {@code .dep-v0} section. */
    public static final int MAX_TAIL = 4 << 20;
    /** Largest module information read. */
    static final int MAX_MODINFO = 1 << 20;

    static final byte[] MAGIC = "\u00ff Go buildinf:".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] GO1 = "go1.".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DEVEL = "devel ".getBytes(StandardCharsets.US_ASCII);
    private static final int WINDOW = 64 * 1024;
    private static final int KEEP = 64;
    private static final int MAX_VERSION_CANDIDATES = 4096;
    /** How far past the build-info header the pointer form may point forward. */
    private static final int MAX_FORWARD = 16 << 20;
    private static final int MAX_NOTES = 64 * 1024;

    private static final FileSelector SELECTOR = FileSelector.builder()
            .unclaimedExecutables()
            .maxFileSize(MAX_FILE_SIZE)
            .build();

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
        Cursor cursor = new Cursor(input.stream());
        byte[] header = cursor.read(64);
        if (!Elf.isElf(header)) {
            return;
        }
        try {
            new Reading(Elf.header(header), header, cursor, input, sink).run();
        } catch (Corrupt e) {
            sink.diagnostic(Diagnostic.Severity.WARNING, null, e.getMessage());
        }
    }

    /** Bad or truncated structure; the message becomes the diagnostic. */
    private static final class Corrupt extends Exception {
        private static final long serialVersionUID = 1L;

        Corrupt(String message) {
            super(message, null, false, false);
        }
    }

    /** The state of reading one file. */
    private static final class Reading {
        private final Elf elf;
        /** The first 64 bytes: an ELFCLASS32 file's program headers start inside them, at 52. */
        private final byte[] header;
        private final Cursor cursor;
        private final AnalyzerInput input;
        private final ResultSink sink;
        private final Map<Long, byte[]> versionCandidates = new HashMap<>();
        private long modinfoCandidateAt = -1;
        private byte[] modinfoCandidate;
        /** Bytes from the build-info header on, as far as read. */
        private long headerAt;
        private byte[] ahead = new byte[0];
        private int aheadLength;

        Reading(Elf elf, byte[] header, Cursor cursor, AnalyzerInput input, ResultSink sink) {
            this.elf = elf;
            this.header = header;
            this.cursor = cursor;
            this.input = input;
            this.sink = sink;
        }

        void run() throws IOException, Corrupt {
            if (elf.phnum == 0) {
                return;
            }
            if (elf.phnum > Elf.MAX_PROGRAM_HEADERS || elf.phentsize < elf.programHeaderSize()
                    || elf.phoff < elf.headerSize()) {
                throw new Corrupt("corrupt ELF header: " + elf.phnum + " program headers of " + elf.phentsize
                        + " bytes at offset " + elf.phoff);
            }
            int tableSize = elf.phnum * elf.phentsize;
            byte[] table;
            if (elf.phoff < cursor.position()) {
                byte[] rest = cursor.read(Math.max(0, tableSize - (int) (cursor.position() - elf.phoff)));
                table = Arrays.copyOfRange(header, (int) elf.phoff, (int) elf.phoff + tableSize);
                System.arraycopy(rest, 0, table, header.length - (int) elf.phoff, rest.length);
                tableSize = Math.min(tableSize, header.length - (int) elf.phoff + rest.length);
            } else if (cursor.skipTo(elf.phoff)) {
                table = cursor.read(tableSize);
            } else {
                throw new Corrupt("truncated ELF file: ends before its program headers");
            }
            if (table.length < tableSize || tableSize < elf.phnum * elf.phentsize) {
                throw new Corrupt("truncated ELF file: ends inside its program headers");
            }
            elf.programHeaders(table);
            boolean go = hasGoNote();
            List<Elf.Segment> data = elf.dataSegments();
            if (go && !data.isEmpty() && data.get(0).offset() >= cursor.position()) {
                scanForStrings(data.get(0).offset());
            }
            for (Elf.Segment d : data) {
                if (d.offset() < cursor.position() || d.fileSize() <= 0) {
                    continue;
                }
                Optional<Long> at = findMagic(d);
                if (at.isPresent()) {
                    readBuildInfo(at.get());
                    return;
                }
            }
            if (go) {
                sink.diagnostic(Diagnostic.Severity.INFO, null,
                        "Go binary without build information (built before Go 1.13, or stripped of it); no packages");
                return;
            }
            readDepSection();
        }

        private boolean hasGoNote() throws IOException {
            List<Elf.Segment> notes = new ArrayList<>();
            for (Elf.Segment s : elf.segments) {
                if (s.type() == Elf.PT_NOTE && s.fileSize() > 0 && s.fileSize() <= MAX_NOTES) {
                    notes.add(s);
                }
            }
            notes.sort(Comparator.comparingLong(Elf.Segment::offset));
            for (Elf.Segment s : notes) {
                if (!cursor.skipTo(s.offset())) {
                    continue;
                }
                byte[] b = cursor.read((int) s.fileSize());
                // Elf64_Nhdr / Elf32_Nhdr: namesz, descsz, type (4 bytes each), name and desc 4-aligned
                int p = 0;
                while (p + 12 <= b.length) {
                    long namesz = elf.u32(b, p);
                    long descsz = elf.u32(b, p + 4);
                    long type = elf.u32(b, p + 8);
                    if (namesz > b.length || descsz > b.length) {
                        break;
                    }
                    int name = p + 12;
                    if (namesz == 4 && type == 4 && name + 4 <= b.length && b[name] == 'G' && b[name + 1] == 'o' && b[name + 2] == 0) {
                        return true;
                    }
                    p = (int) (name + ((namesz + 3) & ~3L) + ((descsz + 3) & ~3L));
                }
            }
            return false;
        }

        /**
         * Reads up to {@code end}, keeping the strings a pointer-form build-info header may point
         * to: every {@code go1.}/{@code devel } (64 bytes) and the first sentinel-wrapped module
         * information.
         */
        private void scanForStrings(long end) throws IOException {
            byte[] buf = new byte[WINDOW + KEEP];
            int len = 0;
            long bufStart = cursor.position();
            ByteArrayOutputStream capture = null;
            int captureFrom = 0;
            while (cursor.position() < end) {
                int n = cursor.readInto(buf, len, (int) Math.min(buf.length - len, end - cursor.position()));
                if (n == 0) {
                    break;
                }
                len += n;
                boolean last = cursor.position() >= end;
                int limit = last ? len : len - KEEP;
                if (limit <= 0) {
                    continue;
                }
                for (int i = 0; i < limit; i++) {
                    byte b = buf[i];
                    if ((b == 'g' && startsWith(buf, i, len, GO1)) || (b == 'd' && startsWith(buf, i, len, DEVEL))) {
                        if (versionCandidates.size() < MAX_VERSION_CANDIDATES) {
                            versionCandidates.put(bufStart + i, Arrays.copyOfRange(buf, i, Math.min(len, i + KEEP)));
                        }
                    } else if (b == 0x30 && capture == null && modinfoCandidate == null
                            && startsWith(buf, i, len, GoBuildInfo.START)) {
                        capture = new ByteArrayOutputStream();
                        captureFrom = i;
                        modinfoCandidateAt = bufStart + i;
                    }
                }
                if (capture != null) {
                    capture.write(buf, captureFrom, limit - captureFrom);
                    captureFrom = 0;
                    byte[] got = capture.toByteArray();
                    int endAt = indexOf(got, GoBuildInfo.END, GoBuildInfo.START.length);
                    if (endAt >= 0) {
                        modinfoCandidate = Arrays.copyOf(got, endAt + GoBuildInfo.END.length);
                        capture = null;
                    } else if (got.length > MAX_MODINFO) {
                        capture = null;
                        modinfoCandidateAt = -1;
                    }
                }
                System.arraycopy(buf, limit, buf, 0, len - limit);
                bufStart += limit;
                len -= limit;
            }
        }

        /** Searches the segment, 16-byte aligned, for the magic; the file offset of the first one. */
        private Optional<Long> findMagic(Elf.Segment d) throws IOException {
            long start = (d.offset() + 15) & ~15L;
            if (!cursor.skipTo(start)) {
                return Optional.empty();
            }
            long end = d.offset() + d.fileSize();
            byte[] buf = new byte[WINDOW];
            while (cursor.position() < end) {
                long bufStart = cursor.position();
                int n = cursor.readInto(buf, 0, (int) Math.min(WINDOW, end - bufStart));
                if (n == 0) {
                    return Optional.empty();
                }
                for (int i = 0; i + MAGIC.length <= n; i += 16) {
                    if (buf[i] == MAGIC[0] && startsWith(buf, i, n, MAGIC)) {
                        headerAt = bufStart + i;
                        ahead = Arrays.copyOfRange(buf, i, Math.max(n, i + 64));
                        aheadLength = n - i;
                        return Optional.of(headerAt);
                    }
                }
            }
            return Optional.empty();
        }

        /** Bytes at a file offset at or after the header, reading forward as needed. */
        private byte[] bytesAt(long offset, int length) throws IOException, Corrupt {
            long rel = offset - headerAt;
            if (rel < 0 || rel + length > MAX_FORWARD + (long) MAX_MODINFO) {
                throw new Corrupt("Go build information points outside the bytes read");
            }
            int need = (int) (rel + length);
            if (need > aheadLength) {
                if (need > ahead.length) {
                    ahead = Arrays.copyOf(ahead, Math.max(need, ahead.length * 2));
                }
                aheadLength += cursor.readInto(ahead, aheadLength, need - aheadLength);
                if (need > aheadLength) {
                    throw new Corrupt("truncated Go build information");
                }
            }
            return Arrays.copyOfRange(ahead, (int) rel, need);
        }

        private void readBuildInfo(long at) throws IOException, Corrupt {
            byte[] h = bytesAt(at, 32);
            int ptrSize = h[14];
            int flags = h[15];
            String version;
            String modinfo;
            if ((flags & 2) != 0) {
                long[] pos = {at + 32};
                version = inlineString(pos);
                modinfo = inlineString(pos);
            } else {
                if (ptrSize != 4 && ptrSize != 8) {
                    throw new Corrupt("Go build information with pointer size " + ptrSize);
                }
                boolean bigEndian = (flags & 1) != 0;
                version = pointedString(Elf.pointer(h, 16, ptrSize, bigEndian), ptrSize, bigEndian, false);
                modinfo = pointedString(Elf.pointer(h, 16 + ptrSize, ptrSize, bigEndian), ptrSize, bigEndian, true);
            }
            report(version, GoBuildInfo.stripSentinels(modinfo));
        }

        private String inlineString(long[] pos) throws IOException, Corrupt {
            long length = 0;
            for (int shift = 0; ; shift += 7) {
                if (shift > 28) {
                    throw new Corrupt("bad string length in Go build information");
                }
                int b = bytesAt(pos[0]++, 1)[0] & 0xff;
                length |= (long) (b & 0x7f) << shift;
                if (b < 0x80) {
                    break;
                }
            }
            if (length > MAX_MODINFO) {
                throw new Corrupt("Go module information of " + length + " bytes exceeds the cap of " + MAX_MODINFO);
            }
            byte[] s = bytesAt(pos[0], (int) length);
            pos[0] += length;
            return new String(s, StandardCharsets.UTF_8);
        }

        /** Follows a pointer to a Go string header {data, len} and then to its bytes. */
        private String pointedString(long address, int ptrSize, boolean bigEndian, boolean modinfo)
                throws IOException, Corrupt {
            long headerOffset = elf.fileOffset(address, 2L * ptrSize)
                    .orElseThrow(() -> new Corrupt("Go build information points outside the file's segments"));
            byte[] sh = bytesAt(headerOffset, 2 * ptrSize);
            long data = Elf.pointer(sh, 0, ptrSize, bigEndian);
            long length = Elf.pointer(sh, ptrSize, ptrSize, bigEndian);
            if (length < 0 || length > MAX_MODINFO) {
                throw new Corrupt("Go build information string of " + length + " bytes");
            }
            if (length == 0) {
                return "";
            }
            long offset = elf.fileOffset(data, length)
                    .orElseThrow(() -> new Corrupt("Go build information points outside the file's segments"));
            if (offset >= headerAt) {
                return new String(bytesAt(offset, (int) length), StandardCharsets.UTF_8);
            }
            byte[] candidate = modinfo ? (offset == modinfoCandidateAt ? modinfoCandidate : null)
                    : versionCandidates.get(offset);
            if (candidate == null || candidate.length < length) {
                throw new Corrupt("Go build information points to bytes before it that were not kept (offset "
                        + offset + ", " + length + " bytes)");
            }
            return new String(candidate, 0, (int) length, StandardCharsets.UTF_8);
        }

        private void report(String goVersion, String modinfo) {
            List<String> problems = new ArrayList<>();
            GoBuildInfo info = GoBuildInfo.parse(modinfo, problems);
            problems.forEach(p -> sink.diagnostic(Diagnostic.Severity.WARNING, null, "Go module information: " + p));
            Optional<String> toolchain = GoBuildInfo.toolchainSemver(goVersion);
            if (toolchain.isPresent()) {
                add(TYPE_GOLANG, GO, "stdlib", toolchain.get(), Map.of("go.toolchain", goVersion));
            } else {
                sink.diagnostic(Diagnostic.Severity.INFO, null,
                        "Go toolchain version '" + goVersion + "' is not a release; standard library not reported");
            }
            if (info.main() != null) {
                Map<String, String> props = new HashMap<>();
                info.settings().forEach((k, v) -> props.put("go.build." + k, v));
                props.put("go.toolchain", goVersion);
                if (info.path() != null) {
                    props.put("go.path", info.path());
                }
                GoBuildInfo.Module m = info.main();
                String version = "(devel)".equals(m.version()) ? "" : m.version();
                if (version.isEmpty() && !info.settings().containsKey("vcs.revision")) {
                    sink.diagnostic(Diagnostic.Severity.INFO, null, "Go main module " + m.path()
                            + " has version (devel) and no vcs.revision; reported without a version");
                }
                addModule(m, version, props);
            }
            for (GoBuildInfo.Module dep : info.deps()) {
                addModule(dep, dep.version(), new HashMap<>());
            }
        }

        private void addModule(GoBuildInfo.Module m, String version, Map<String, String> props) {
            GoBuildInfo.Module r = m.replacement();
            if (r == null) {
                add(TYPE_GOLANG, GO, m.path(), version, props);
            } else if (r.version().isEmpty()) {
                // replaced by a directory: the module's code is not that of any published version
                props.put("go.replacedBy", r.path());
                add(TYPE_GOLANG, GO, m.path(), "", props);
            } else {
                props.put("go.replaces", m.path() + (m.version().isEmpty() ? "" : "@" + m.version()));
                add(TYPE_GOLANG, GO, r.path(), r.version(), props);
            }
        }

        private void add(String type, String ecosystem, String name, String version, Map<String, String> props) {
            int slash = name.lastIndexOf('/');
            String namespace = slash > 0 ? name.substring(0, slash) : null;
            String simple = slash > 0 ? name.substring(slash + 1) : name;
            try {
                sink.addPackage(Package.builder(type, name, version)
                        .purl(new PackageURL(type, namespace, simple, version.isEmpty() ? null : version, null, null))
                        .kind(PackageKind.APPLICATION)
                        .ecosystem(ecosystem)
                        .location(input.location())
                        .properties(props)
                        .build());
            } catch (MalformedPackageURLException | IllegalArgumentException e) {
                sink.diagnostic(Diagnostic.Severity.WARNING, null, "cannot report " + name + " " + version + ": " + e.getMessage());
            }
        }

        private void readDepSection() throws IOException, Corrupt {
            if (elf.shoff == 0 || elf.shnum == 0) {
                return;
            }
            if (elf.shnum > Elf.MAX_SECTION_HEADERS || elf.shentsize < elf.sectionHeaderSize()
                    || elf.shstrndx >= elf.shnum || elf.shoff < cursor.position()) {
                return;
            }
            long start = Math.max(cursor.position(), Math.max(elf.loadedEnd(), elf.shoff - MAX_TAIL));
            if (start > elf.shoff || !cursor.skipTo(start)) {
                return;
            }
            // both are 16-bit fields: their product overflows an int; a real table is far below the cap
            long tableBytes = (long) elf.shnum * elf.shentsize;
            if (tableBytes > MAX_TAIL) {
                return;
            }
            int tableSize = (int) tableBytes;
            byte[] tail = cursor.read((int) (elf.shoff - start));
            byte[] table = cursor.read(tableSize);
            if (tail.length < elf.shoff - start || table.length < tableSize) {
                return;
            }
            Elf.Section names = elf.section(table, elf.shstrndx);
            byte[] strtab = slice(tail, start, names.offset(), names.size());
            if (strtab == null) {
                return;
            }
            for (int i = 0; i < elf.shnum; i++) {
                Elf.Section s = elf.section(table, i);
                if (s.type() == Elf.SHT_NOBITS || !nameIs(strtab, s.nameOffset(), ".dep-v0")) {
                    continue;
                }
                byte[] compressed = slice(tail, start, s.offset(), s.size());
                if (compressed == null) {
                    throw new Corrupt(".dep-v0 section (" + s.size() + " bytes at offset " + s.offset()
                            + ") lies outside the last " + MAX_TAIL + " bytes before the section headers; not read");
                }
                try {
                    for (CargoAuditable.Crate c : CargoAuditable.runtimeCrates(compressed)) {
                        Map<String, String> props = new HashMap<>();
                        props.put("cargo.source", c.source());
                        if (c.root()) {
                            props.put("cargo.root", "true");
                        }
                        add(TYPE_CARGO, CRATES_IO, c.name(), c.version(), props);
                    }
                } catch (CargoAuditable.BadSection e) {
                    throw new Corrupt("cargo-auditable .dep-v0 section: " + e.getMessage());
                }
                return;
            }
        }
    }

    private static byte[] slice(byte[] tail, long tailStart, long offset, long size) {
        if (offset < tailStart || size < 0 || offset - tailStart > tail.length - size) {
            return null;
        }
        int from = (int) (offset - tailStart);
        return Arrays.copyOfRange(tail, from, from + (int) size);
    }

    private static boolean nameIs(byte[] strtab, int at, String name) {
        if (at < 0 || at + name.length() >= strtab.length) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (strtab[at + i] != name.charAt(i)) {
                return false;
            }
        }
        return strtab[at + name.length()] == 0;
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

    private static int indexOf(byte[] buf, byte[] marker, int from) {
        for (int i = from; i + marker.length <= buf.length; i++) {
            if (startsWith(buf, i, buf.length, marker)) {
                return i;
            }
        }
        return -1;
    }
}
