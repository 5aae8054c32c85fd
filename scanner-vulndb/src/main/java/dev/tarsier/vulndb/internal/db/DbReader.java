package dev.tarsier.vulndb.internal.db;

import dev.tarsier.vulndb.internal.enrich.CveFacts;
import dev.tarsier.vulndb.internal.enrich.Rating;
import dev.tarsier.vulndb.internal.osv.OsvAdvisory;
import dev.tarsier.vulndb.internal.osv.OsvAdvisory.Event;
import dev.tarsier.vulndb.internal.osv.OsvAdvisory.EventKind;
import dev.tarsier.vulndb.internal.osv.OsvAdvisory.Range;
import dev.tarsier.vulndb.internal.osv.OsvAdvisory.RangeType;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * Reads a {@link DbFormat} file through a read-only memory mapping.
 *
 * <p>Opening checks the header, the file length (truncation), the footer magic and the CRCs of the
 * small sections, and reads nothing else; lookups binary-search the key table in place and decode
 * only the records they touch, checking each record's CRC. {@link #verify()} checks the whole file
 * against its SHA-256. Thread-safe: every read works on its own duplicate of the mapping.
 */
public final class DbReader {

    private static final RangeType[] RANGE_TYPES = RangeType.values();
    private static final EventKind[] EVENT_KINDS = EventKind.values();

    private final Path path;
    private final MappedByteBuffer map;
    private final long[] offset = new long[DbFormat.SECTIONS];
    private final long[] length = new long[DbFormat.SECTIONS];
    private final int[] crc = new int[DbFormat.SECTIONS];
    private final int[] count = new int[DbFormat.SECTIONS];
    private final byte[] metadata;
    private final int sections;
    /** Version 2 files only: the Maven index derived from the keys, built on first use. */
    private volatile java.util.Map<String, List<String>> derivedMavenIndex;

    /**
     * One affected entry of a package as stored. The explicit versions list stays encoded in the
     * mapping (GHSA lists run to hundreds of versions) and is searched in place.
     *
     * @param advisory index of the advisory
     * @param rating the per-package rating overriding the advisory's
     * @param ranges the ranges
     * @param versions the explicit versions, still encoded
     */
    public record Entry(int advisory, Optional<Rating> rating, List<Range> ranges, EncodedVersions versions) {
    }

    /** A list of version strings in the mapped file: a count, then varint-length UTF-8 strings. */
    public static final class EncodedVersions {
        private final ByteBuffer buffer;
        private final int start;
        private final int count;

        EncodedVersions(ByteBuffer buffer, int start, int count) {
            this.buffer = buffer;
            this.start = start;
            this.count = count;
        }

        /** Number of versions. */
        public int size() {
            return count;
        }

        /** Whether the list holds exactly this version string; compares bytes without decoding. */
        public boolean contains(String version) {
            if (count == 0) {
                return false;
            }
            byte[] target = version.getBytes(StandardCharsets.UTF_8);
            ByteBuffer b = buffer.duplicate();
            b.position(start);
            for (int i = 0; i < count; i++) {
                int len = Bytes.readVarint(b);
                int pos = b.position();
                if (len == target.length && compare(b, pos, len, target) == 0) {
                    return true;
                }
                b.position(pos + len);
            }
            return false;
        }

        /** Decodes the versions. */
        public List<String> decode() {
            List<String> out = new ArrayList<>(count);
            ByteBuffer b = buffer.duplicate();
            b.position(start);
            for (int i = 0; i < count; i++) {
                out.add(Bytes.readStr(b));
            }
            return out;
        }
    }

    private DbReader(Path path, MappedByteBuffer map) throws DbFormatException {
        this.path = path;
        this.map = map;
        long size = map.capacity();
        if (size < DbFormat.HEADER_LENGTH + DbFormat.FOOTER_LENGTH) {
            throw new DbFormatException(path + ": not a Tarsier vulnerability DB (too short: " + size + " bytes)");
        }
        ByteBuffer b = map.duplicate();
        byte[] magic = new byte[8];
        b.get(magic);
        if (!Arrays.equals(magic, DbFormat.MAGIC)) {
            throw new DbFormatException(path + ": not a Tarsier vulnerability DB (bad magic)");
        }
        int version = b.getInt();
        if (version < DbFormat.OLDEST_READ || version > DbFormat.FORMAT_VERSION) {
            throw new DbFormatException(path + ": DB format version " + version + " is not supported (this build reads "
                    + DbFormat.OLDEST_READ + " to " + DbFormat.FORMAT_VERSION + "); rebuild it with 'tarsier db build'");
        }
        this.sections = DbFormat.sections(version);
        int headerLength = b.getInt();
        long fileLength = b.getLong();
        if (headerLength != DbFormat.headerLength(sections) || size < headerLength + DbFormat.FOOTER_LENGTH) {
            throw new DbFormatException(path + ": corrupted DB header");
        }
        byte[] header = new byte[headerLength - 4];
        map.duplicate().get(header);
        for (int s = 0; s < sections; s++) {
            offset[s] = b.getLong();
            length[s] = b.getLong();
            crc[s] = b.getInt();
            count[s] = b.getInt();
        }
        int headerCrc = b.getInt();
        if (headerCrc != DbWriter.crc(header, 0, header.length)) {
            throw new DbFormatException(path + ": corrupted DB header (checksum mismatch)");
        }
        if (fileLength != size) {
            throw new DbFormatException(path + ": truncated or extended DB file: header says " + fileLength
                    + " bytes, file has " + size);
        }
        byte[] end = new byte[8];
        map.duplicate().position((int) (size - 8)).get(end);
        if (!Arrays.equals(end, DbFormat.END_MAGIC)) {
            throw new DbFormatException(path + ": corrupted DB footer");
        }
        long expected = headerLength;
        for (int s = 0; s < sections; s++) {
            if (offset[s] != expected || length[s] < 0 || offset[s] + length[s] > size - DbFormat.FOOTER_LENGTH) {
                throw new DbFormatException(path + ": corrupted DB section table");
            }
            expected += length[s];
        }
        for (int s : new int[] {DbFormat.META, DbFormat.VULN_TABLE, DbFormat.KEY_TABLE, DbFormat.KEY_BLOB,
            DbFormat.CVE_TABLE, DbFormat.MAVEN_INDEX}) {
            if (s < sections && sectionCrc(s) != crc[s]) {
                throw new DbFormatException(path + ": corrupted DB (checksum mismatch in section " + s + ")");
            }
        }
        if (length[DbFormat.KEY_TABLE] != (long) count[DbFormat.KEY_TABLE] * DbFormat.KEY_ENTRY
                || length[DbFormat.VULN_TABLE] != 4L * (count[DbFormat.VULN_TABLE] + 1)
                || length[DbFormat.CVE_TABLE] != 4L * (count[DbFormat.CVE_TABLE] + 1)
                || sections > DbFormat.MAVEN_INDEX && (count[DbFormat.MAVEN_INDEX] < 0
                        || length[DbFormat.MAVEN_INDEX] < 4L * (count[DbFormat.MAVEN_INDEX] + 1))) {
            throw new DbFormatException(path + ": corrupted DB tables");
        }
        this.metadata = new byte[(int) length[DbFormat.META]];
        map.duplicate().position((int) offset[DbFormat.META]).get(metadata);
    }

    /**
     * Opens a DB file.
     *
     * @throws DbFormatException if the file is not a valid DB
     * @throws IOException if it cannot be read
     */
    public static DbReader open(Path path) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size > Integer.MAX_VALUE) {
                throw new DbFormatException(path + ": DB files over 2 GiB are not supported");
            }
            return new DbReader(path, ch.map(FileChannel.MapMode.READ_ONLY, 0, size));
        }
    }

    private int sectionCrc(int s) {
        CRC32C c = new CRC32C();
        ByteBuffer b = map.duplicate();
        b.position((int) offset[s]).limit((int) (offset[s] + length[s]));
        c.update(b);
        return (int) c.getValue();
    }

    /** The metadata JSON, UTF-8. */
    public byte[] metadata() {
        return metadata.clone();
    }

    /** Number of advisories. */
    public int advisoryCount() {
        return count[DbFormat.VULN_TABLE];
    }

    /** Number of distinct packages (ecosystem, name). */
    public int packageCount() {
        return count[DbFormat.KEY_TABLE];
    }

    /** Size of the file in bytes. */
    public long fileSize() {
        return map.capacity();
    }

    /**
     * Checks every byte: the SHA-256 footer and the CRC of every section.
     *
     * @throws DbFormatException on any mismatch
     */
    public void verify() throws DbFormatException {
        MessageDigest sha = DbWriter.sha256();
        ByteBuffer b = map.duplicate();
        b.limit(map.capacity() - DbFormat.FOOTER_LENGTH);
        sha.update(b);
        byte[] expected = new byte[32];
        map.duplicate().position(map.capacity() - DbFormat.FOOTER_LENGTH).get(expected);
        if (!MessageDigest.isEqual(expected, sha.digest())) {
            throw new DbFormatException(path + ": corrupted DB (SHA-256 mismatch)");
        }
        for (int s = 0; s < sections; s++) {
            if (sectionCrc(s) != crc[s]) {
                throw new DbFormatException(path + ": corrupted DB (checksum mismatch in section " + s + ")");
            }
        }
    }

    /**
     * The entries stored for a package, in advisory order; empty when the package is unknown.
     *
     * @throws DbFormatException if the package's record is corrupted
     */
    public List<Entry> lookup(String ecosystem, String name) throws DbFormatException {
        byte[] key = DbFormat.key(ecosystem, name).getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = map.duplicate();
        int tableStart = (int) offset[DbFormat.KEY_TABLE];
        int blobStart = (int) offset[DbFormat.KEY_BLOB];
        int lo = 0;
        int hi = count[DbFormat.KEY_TABLE] - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int entry = tableStart + mid * DbFormat.KEY_ENTRY;
            int keyOff = blobStart + b.getInt(entry);
            int keyLen = b.getInt(entry + 4);
            int c = compare(b, keyOff, keyLen, key);
            if (c < 0) {
                lo = mid + 1;
            } else if (c > 0) {
                hi = mid - 1;
            } else {
                return readPackage(b, b.getInt(entry + 8), b.getInt(entry + 12), ecosystem + "/" + name);
            }
        }
        return List.of();
    }

    private static int compare(ByteBuffer b, int off, int len, byte[] key) {
        int n = Math.min(len, key.length);
        for (int i = 0; i < n; i++) {
            int x = b.get(off + i) & 0xff;
            int y = key[i] & 0xff;
            if (x != y) {
                return x - y;
            }
        }
        return len - key.length;
    }

    private ByteBuffer record(ByteBuffer b, long start, int len, String what) throws DbFormatException {
        if (start < 0 || len < 4 || start + len > map.capacity() - DbFormat.FOOTER_LENGTH) {
            throw new DbFormatException(path + ": corrupted DB (bad record bounds for " + what + ")");
        }
        ByteBuffer r = b.duplicate();
        r.position((int) start + 4).limit((int) start + len);
        CRC32C c = new CRC32C();
        c.update(r.duplicate());
        if ((int) c.getValue() != b.getInt((int) start)) {
            throw new DbFormatException(path + ": corrupted DB (checksum mismatch in record of " + what + ")");
        }
        return r;
    }

    private List<Entry> readPackage(ByteBuffer b, int dataOffset, int dataLength, String what) throws DbFormatException {
        ByteBuffer r = record(b, offset[DbFormat.PKG_DATA] + dataOffset, dataLength, what);
        try {
            int n = Bytes.readVarint(r);
            List<Entry> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(readEntry(r, Bytes.readVarint(r)));
            }
            return out;
        } catch (BufferUnderflowException | IllegalStateException | ArrayIndexOutOfBoundsException e) {
            throw new DbFormatException(path + ": corrupted DB record of " + what, e);
        }
    }

    /**
     * Reads one affected entry (after its advisory index) at the buffer's position and moves past
     * it; the versions stay encoded in the buffer. A malformed entry throws one of the unchecked
     * exceptions the callers turn into a {@link DbFormatException}.
     */
    private static Entry readEntry(ByteBuffer r, int advisory) {
        Optional<Rating> rating = Bytes.readRating(r);
        int rangeCount = Bytes.readVarint(r);
        List<Range> ranges = new ArrayList<>(rangeCount);
        for (int k = 0; k < rangeCount; k++) {
            RangeType type = RANGE_TYPES[r.get()];
            int events = Bytes.readVarint(r);
            List<Event> ev = new ArrayList<>(events);
            for (int e = 0; e < events; e++) {
                EventKind kind = EVENT_KINDS[r.get()];
                ev.add(new Event(kind, Bytes.readStr(r)));
            }
            ranges.add(new Range(type, ev));
        }
        int versionCount = Bytes.readVarint(r);
        EncodedVersions versions = new EncodedVersions(r, r.position(), versionCount);
        for (int k = 0; k < versionCount; k++) {
            int len = Bytes.readVarint(r);
            if (len > r.remaining()) {
                throw new IllegalStateException("version runs past its record");
            }
            r.position(r.position() + len);
        }
        return new Entry(advisory, rating, ranges, versions);
    }

    /**
     * An advisory by index (its affected list is empty: packages point to advisories, not back).
     *
     * @throws DbFormatException if the record is corrupted
     */
    public OsvAdvisory advisory(int index) throws DbFormatException {
        if (index < 0 || index >= advisoryCount()) {
            throw new DbFormatException(path + ": corrupted DB (advisory index " + index + " out of range)");
        }
        ByteBuffer b = map.duplicate();
        int table = (int) offset[DbFormat.VULN_TABLE];
        int start = b.getInt(table + 4 * index);
        int end = b.getInt(table + 4 * (index + 1));
        ByteBuffer r = record(b, offset[DbFormat.VULN_DATA] + start, end - start, "advisory #" + index);
        try {
            String id = Bytes.readStr(r);
            int n = Bytes.readVarint(r);
            List<String> aliases = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                aliases.add(Bytes.readStr(r));
            }
            String modified = Bytes.readStr(r);
            Optional<String> summary = r.get() == 1 ? Optional.of(Bytes.readStr(r)) : Optional.empty();
            return new OsvAdvisory(id, aliases, modified, summary, Bytes.readRating(r), List.of());
        } catch (BufferUnderflowException | IllegalStateException | ArrayIndexOutOfBoundsException e) {
            throw new DbFormatException(path + ": corrupted DB advisory record #" + index, e);
        }
    }

    /** Number of CVE records (facts of CVEs the advisories refer to). */
    public int cveCount() {
        return count[DbFormat.CVE_TABLE];
    }

    /**
     * What the CVE-level feeds say about a CVE id; empty when the DB has nothing on it.
     *
     * @throws DbFormatException if the record is corrupted
     */
    public Optional<CveFacts> cve(String id) throws DbFormatException {
        byte[] key = id.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = map.duplicate();
        int table = (int) offset[DbFormat.CVE_TABLE];
        long data = offset[DbFormat.CVE_DATA];
        int lo = 0;
        int hi = count[DbFormat.CVE_TABLE] - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int start = b.getInt(table + 4 * mid);
            int end = b.getInt(table + 4 * (mid + 1));
            if (start < 0 || end - start < 5 || data + end > map.capacity() - DbFormat.FOOTER_LENGTH) {
                throw new DbFormatException(path + ": corrupted DB (bad CVE table entry " + mid + ")");
            }
            // Compare the id in place (after the record's CRC) before checking the record.
            ByteBuffer idAt = b.duplicate();
            idAt.position((int) (data + start + 4));
            int c;
            try {
                int len = Bytes.readVarint(idAt);
                c = compare(b, idAt.position(), Math.min(len, end - start), key);
            } catch (IllegalStateException | IndexOutOfBoundsException | BufferUnderflowException e) {
                throw new DbFormatException(path + ": corrupted DB CVE record #" + mid, e);
            }
            if (c < 0) {
                lo = mid + 1;
            } else if (c > 0) {
                hi = mid - 1;
            } else {
                return Optional.of(readCve(record(b, data + start, end - start, id), id));
            }
        }
        return Optional.empty();
    }

    private CveFacts readCve(ByteBuffer r, String what) throws DbFormatException {
        try {
            return decodeCve(r);
        } catch (BufferUnderflowException | IllegalStateException | IllegalArgumentException
                 | ArrayIndexOutOfBoundsException | java.time.DateTimeException e) {
            throw new DbFormatException(path + ": corrupted DB CVE record of " + what, e);
        }
    }

    /** Decodes a CVE record (after its CRC); unchecked exceptions when it is malformed. */
    static CveFacts decodeCve(ByteBuffer r) {
        String id = Bytes.readStr(r);
        Optional<Rating> nvd = Bytes.readRating(r);
        Optional<Rating> cna = Bytes.readRating(r);
        Optional<Rating> adp = Bytes.readRating(r);
        Optional<java.time.LocalDate> kev = r.get() == 1
                ? Optional.of(java.time.LocalDate.ofEpochDay(Bytes.readVarint(r))) : Optional.empty();
        Optional<CveFacts.Epss> epss = r.get() == 1
                ? Optional.of(new CveFacts.Epss(Float.intBitsToFloat(r.getInt()), Float.intBitsToFloat(r.getInt())))
                : Optional.empty();
        return new CveFacts(id, nvd, cna, adp, kev, epss);
    }

    /**
     * The groupIds under which the advisories name a Maven artifactId, sorted; empty when no
     * advisory names it. A version 3 file answers from its MAVEN_INDEX section (binary search in
     * place); a version 2 file from an index built once from its Maven package keys.
     *
     * @throws DbFormatException if the index is corrupted
     */
    public List<String> mavenGroups(String artifactId) throws DbFormatException {
        if (sections <= DbFormat.MAVEN_INDEX) {
            return derivedMavenIndex().getOrDefault(artifactId, List.of());
        }
        byte[] key = artifactId.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = map.duplicate();
        int table = (int) offset[DbFormat.MAVEN_INDEX];
        int n = count[DbFormat.MAVEN_INDEX];
        long data = table + 4L * (n + 1);
        long end = offset[DbFormat.MAVEN_INDEX] + length[DbFormat.MAVEN_INDEX];
        int lo = 0;
        int hi = n - 1;
        try {
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                int start = b.getInt(table + 4 * mid);
                if (start < 0 || data + start >= end) {
                    throw new DbFormatException(path + ": corrupted DB (bad Maven index entry " + mid + ")");
                }
                ByteBuffer r = b.duplicate().limit((int) end).position((int) (data + start));
                int len = Bytes.readVarint(r);
                if (len > r.remaining()) {
                    throw new DbFormatException(path + ": corrupted DB (bad Maven index entry " + mid + ")");
                }
                int c = compare(b, r.position(), len, key);
                if (c < 0) {
                    lo = mid + 1;
                } else if (c > 0) {
                    hi = mid - 1;
                } else {
                    r.position(r.position() + len);
                    int groups = Bytes.readVarint(r);
                    List<String> out = new ArrayList<>(Math.min(groups, 64));
                    for (int i = 0; i < groups; i++) {
                        out.add(Bytes.readStr(r));
                    }
                    return List.copyOf(out);
                }
            }
        } catch (BufferUnderflowException | IllegalStateException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new DbFormatException(path + ": corrupted DB Maven index", e);
        }
        return List.of();
    }

    /** The Maven index of a version 2 file, from its sorted Maven keys. */
    private java.util.Map<String, List<String>> derivedMavenIndex() {
        java.util.Map<String, List<String>> index = derivedMavenIndex;
        if (index == null) {
            java.util.SortedMap<String, java.util.SortedSet<String>> groups = MavenIndex.create();
            ByteBuffer b = map.duplicate();
            int tableStart = (int) offset[DbFormat.KEY_TABLE];
            int blobStart = (int) offset[DbFormat.KEY_BLOB];
            for (int k = 0; k < count[DbFormat.KEY_TABLE]; k++) {
                int entry = tableStart + k * DbFormat.KEY_ENTRY;
                byte[] key = new byte[b.getInt(entry + 4)];
                b.duplicate().position(blobStart + b.getInt(entry)).get(key);
                MavenIndex.add(groups, new String(key, StandardCharsets.UTF_8));
            }
            java.util.Map<String, List<String>> built = new java.util.HashMap<>();
            groups.forEach((artifact, g) -> built.put(artifact, List.copyOf(g)));
            derivedMavenIndex = index = built;
        }
        return index;
    }

    /** Whether a file starts like a compiled DB (its magic), so that it can be merged as a source. */
    public static boolean isDb(Path file) throws IOException {
        if (!java.nio.file.Files.isRegularFile(file)) {
            return false;
        }
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(DbFormat.MAGIC.length), DbFormat.MAGIC);
        }
    }

    /** Receives advisories as the file stores them. */
    public interface EncodedSink {
        /**
         * One advisory.
         *
         * @param vuln its VULN_DATA record without the CRC
         * @param keys the package key of each of its affected entries
         * @param entries each affected entry as PKG_DATA stores it, without the advisory index
         */
        void accept(byte[] vuln, byte[][] keys, byte[][] entries);
    }

    /**
     * Every advisory with its affected entries, still encoded (merging compiled DBs copies them
     * without decoding), in advisory order. Every record's CRC is checked on the way.
     *
     * @throws DbFormatException if a record is corrupted
     */
    public void forEachEncoded(EncodedSink sink) throws DbFormatException {
        int n = advisoryCount();
        List<List<byte[]>> keys = new ArrayList<>(n);
        List<List<byte[]>> entries = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            keys.add(new ArrayList<>(1));
            entries.add(new ArrayList<>(1));
        }
        ByteBuffer b = map.duplicate();
        int tableStart = (int) offset[DbFormat.KEY_TABLE];
        int blobStart = (int) offset[DbFormat.KEY_BLOB];
        for (int k = 0; k < count[DbFormat.KEY_TABLE]; k++) {
            int entry = tableStart + k * DbFormat.KEY_ENTRY;
            byte[] key = new byte[b.getInt(entry + 4)];
            b.duplicate().position(blobStart + b.getInt(entry)).get(key);
            ByteBuffer r = record(b, offset[DbFormat.PKG_DATA] + b.getInt(entry + 8), b.getInt(entry + 12), "package #" + k);
            try {
                int m = Bytes.readVarint(r);
                for (int e = 0; e < m; e++) {
                    int advisory = Bytes.readVarint(r);
                    if (advisory < 0 || advisory >= n) {
                        throw new DbFormatException(path + ": corrupted DB (advisory index " + advisory + " out of range)");
                    }
                    int from = r.position();
                    readEntry(r, advisory); // checks the entry and finds its end
                    byte[] raw = new byte[r.position() - from];
                    r.duplicate().position(from).get(raw);
                    keys.get(advisory).add(key);
                    entries.get(advisory).add(raw);
                }
            } catch (BufferUnderflowException | IllegalStateException | IllegalArgumentException
                     | IndexOutOfBoundsException e) {
                throw new DbFormatException(path + ": corrupted DB package record #" + k, e);
            }
        }
        int table = (int) offset[DbFormat.VULN_TABLE];
        for (int i = 0; i < n; i++) {
            int start = b.getInt(table + 4 * i);
            int end = b.getInt(table + 4 * (i + 1));
            ByteBuffer r = record(b, offset[DbFormat.VULN_DATA] + start, end - start, "advisory #" + i);
            byte[] vuln = new byte[r.remaining()];
            r.get(vuln);
            sink.accept(vuln, keys.get(i).toArray(new byte[0][]), entries.get(i).toArray(new byte[0][]));
            keys.set(i, null);
            entries.set(i, null);
        }
    }

    /**
     * Every CVE record, in id order, one at a time.
     *
     * @throws DbFormatException if a record is corrupted
     */
    public void forEachCve(java.util.function.Consumer<CveFacts> sink) throws DbFormatException {
        ByteBuffer b = map.duplicate();
        int table = (int) offset[DbFormat.CVE_TABLE];
        long data = offset[DbFormat.CVE_DATA];
        for (int i = 0; i < count[DbFormat.CVE_TABLE]; i++) {
            int start = b.getInt(table + 4 * i);
            int end = b.getInt(table + 4 * (i + 1));
            sink.accept(readCve(record(b, data + start, end - start, "CVE #" + i), "CVE #" + i));
        }
    }
}
