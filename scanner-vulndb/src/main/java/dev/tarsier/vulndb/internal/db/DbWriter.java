package dev.tarsier.vulndb.internal.db;

import dev.tarsier.vulndb.internal.enrich.CveFacts;
import dev.tarsier.vulndb.internal.osv.OsvAdvisory;
import dev.tarsier.vulndb.internal.osv.OsvAdvisory.Affected;
import dev.tarsier.vulndb.internal.osv.OsvAdvisory.Event;
import dev.tarsier.vulndb.internal.osv.OsvAdvisory.Range;

import java.io.IOException;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Collects advisories and writes them as one {@link DbFormat} file.
 *
 * <p>Advisories are encoded as they arrive, so the heap holds the compact binary form (about the
 * size of the finished file), never the source JSON. When two sources carry the same id, the record
 * with the later {@code modified} wins (the later one added on a tie). The file is written to a
 * temporary file in the target directory, forced to disk, then moved over the target atomically:
 * a crash mid-build leaves the previous DB intact. Not thread-safe.
 */
public final class DbWriter {

    /*
     * Each advisory is held as one packed byte array: varint length + its VULN_DATA record, varint
     * entry count, then per affected entry varint key id + varint length + its PKG_DATA entry.
     * Nothing else is held (the id, aliases and modified are read back from the record when
     * needed): one array and one map entry per advisory, so that 600,000 advisories fit in a few
     * hundred MiB.
     */
    private final Map<String, byte[]> byId = new HashMap<>();
    /** Package keys by id; many advisories name the same package. */
    private final List<byte[]> keys = new ArrayList<>();
    private final Map<String, Integer> keyIds = new HashMap<>();
    /** CVE facts by id, encoded as CVE_DATA stores them (a quarter of their size as objects). */
    private final Map<String, byte[]> facts = new HashMap<>();

    /** Number of distinct advisories added so far. */
    public int advisoryCount() {
        return byId.size();
    }

    /**
     * Adds an advisory; replaces an earlier one with the same id unless that one is newer.
     *
     * @return true if the advisory was kept
     */
    public boolean add(OsvAdvisory a) {
        Bytes v = new Bytes(64);
        v.str(a.id()).varint(a.aliases().size());
        a.aliases().forEach(v::str);
        v.str(a.modified());
        v.u8(a.summary().isPresent() ? 1 : 0);
        a.summary().ifPresent(v::str);
        v.rating(a.rating());
        byte[][] keys = new byte[a.affected().size()][];
        byte[][] entries = new byte[a.affected().size()][];
        int k = 0;
        for (Affected af : a.affected()) {
            keys[k] = DbFormat.key(af.ecosystem(), af.name()).getBytes(StandardCharsets.UTF_8);
            Bytes e = new Bytes(32);
            e.rating(af.rating());
            e.varint(af.ranges().size());
            for (Range r : af.ranges()) {
                e.u8(r.type().ordinal()).varint(r.events().size());
                for (Event ev : r.events()) {
                    e.u8(ev.kind().ordinal()).str(ev.value());
                }
            }
            e.varint(af.versions().size());
            af.versions().forEach(e::str);
            entries[k++] = e.toArray();
        }
        return addEncoded(v.toArray(), keys, entries);
    }

    /**
     * Adds an advisory already encoded as the file stores it (merging compiled DBs copies records
     * without decoding them); replaces an earlier one with the same id unless that one is newer.
     *
     * @param vuln the VULN_DATA record without its CRC
     * @param keys the package key of each affected entry
     * @param entries the PKG_DATA entry (without the advisory index) of each affected entry
     * @return true if the advisory was kept
     */
    public boolean addEncoded(byte[] vuln, byte[][] keys, byte[][] entries) {
        if (keys.length != entries.length) {
            throw new IllegalArgumentException(keys.length + " keys for " + entries.length + " entries");
        }
        ByteBuffer b = ByteBuffer.wrap(vuln);
        String id = Bytes.readStr(b);
        byte[] old = byId.get(id);
        if (old != null && modified(vuln(old)).compareTo(modified(ByteBuffer.wrap(vuln))) > 0) {
            return false;
        }
        Bytes packed = new Bytes(vuln.length + 16);
        packed.varint(vuln.length).bytes(vuln).varint(keys.length);
        for (int i = 0; i < keys.length; i++) {
            byte[] key = keys[i];
            int keyId = keyIds.computeIfAbsent(new String(key, StandardCharsets.UTF_8), k -> {
                this.keys.add(key);
                return this.keys.size() - 1;
            });
            packed.varint(keyId).varint(entries[i].length).bytes(entries[i]);
        }
        byId.put(id, packed.toArray());
        referenced = null;
        layout = null;
        return true;
    }

    /** The VULN_DATA record of a packed advisory. */
    private static ByteBuffer vuln(byte[] packed) {
        ByteBuffer b = ByteBuffer.wrap(packed);
        int len = Bytes.readVarint(b);
        return b.slice(b.position(), len);
    }

    /** The position of a packed advisory's entry count, right after its VULN_DATA record. */
    private static ByteBuffer entries(byte[] packed) {
        ByteBuffer b = ByteBuffer.wrap(packed);
        int len = Bytes.readVarint(b);
        return b.position(b.position() + len);
    }

    /** The ids of an encoded advisory: its own, then its aliases. */
    private static List<String> ids(ByteBuffer b) {
        String id = Bytes.readStr(b);
        int n = Bytes.readVarint(b);
        List<String> out = new ArrayList<>(n + 1);
        out.add(id);
        for (int i = 0; i < n; i++) {
            out.add(Bytes.readStr(b));
        }
        return out;
    }

    /** The {@code modified} timestamp of an encoded advisory. */
    private static String modified(ByteBuffer b) {
        Bytes.readStr(b);
        int n = Bytes.readVarint(b);
        for (int i = 0; i < n; i++) {
            Bytes.readStr(b);
        }
        return Bytes.readStr(b);
    }

    private java.util.Set<String> referenced;

    /** Whether an advisory added so far has this CVE id as its id or an alias. */
    public boolean refersTo(String id) {
        if (referenced == null) {
            java.util.Set<String> ids = new java.util.HashSet<>();
            // CVE facts are keyed by CVE id: other ids (GHSA, DSA, ...) need no room here
            for (byte[] p : byId.values()) {
                for (String known : ids(vuln(p))) {
                    if (known.startsWith("CVE-")) {
                        ids.add(known);
                    }
                }
            }
            referenced = ids;
        }
        return referenced.contains(id);
    }

    /**
     * Adds what a CVE-level feed says about one CVE, merged with what earlier feeds said. Only the
     * facts of CVEs that an advisory refers to (by id or alias) are written.
     */
    public void addFacts(CveFacts partial) {
        byte[] old = facts.get(partial.id());
        CveFacts merged = old == null ? partial : DbReader.decodeCve(ByteBuffer.wrap(old)).merge(partial);
        facts.put(partial.id(), encode(merged, new Bytes(64)));
        layout = null;
    }

    private boolean keepAllFacts;

    /**
     * Keeps the facts of every CVE, referenced or not: for a partial DB compiled from one feed,
     * which is merged later with the advisories that refer to its CVEs.
     */
    public void keepAllFacts() {
        keepAllFacts = true;
        layout = null;
    }

    /**
     * What the file will hold, in file order: the advisories sorted by id, the package index over
     * them and the CVE records. Computed once for {@link #counts()}, {@link #ecosystems()} and
     * {@link #write}, and again only after something was added.
     */
    private record Layout(byte[][] advisories, PackageIndex packages, List<byte[]> cves, byte[] mavenIndex,
                          int mavenArtifacts) {
    }

    private Layout layout;

    private Layout layout() {
        if (layout == null) {
            List<String> ids = new ArrayList<>(byId.keySet());
            ids.sort(null);
            byte[][] advisories = new byte[ids.size()][];
            for (int i = 0; i < advisories.length; i++) {
                advisories[i] = byId.get(ids.get(i));
            }
            PackageIndex packages = packageIndex(advisories);
            java.util.SortedMap<String, java.util.SortedSet<String>> maven = MavenIndex.create();
            for (int k : packages.keyOrder()) {
                MavenIndex.add(maven, new String(keys.get(k), StandardCharsets.UTF_8));
            }
            layout = new Layout(advisories, packages, referencedFacts(), MavenIndex.encode(maven), maven.size());
        }
        return layout;
    }

    /**
     * The encoded facts that will be written, in the file's order (by the id's UTF-8 bytes,
     * unsigned): those of ids some advisory refers to, or all with {@link #keepAllFacts()}.
     */
    private List<byte[]> referencedFacts() {
        List<Map.Entry<byte[], byte[]>> kept = new ArrayList<>();
        facts.forEach((id, record) -> {
            if (keepAllFacts || refersTo(id)) {
                kept.add(Map.entry(id.getBytes(StandardCharsets.UTF_8), record));
            }
        });
        kept.sort((x, y) -> Arrays.compareUnsigned(x.getKey(), y.getKey()));
        List<byte[]> out = new ArrayList<>(kept.size());
        kept.forEach(e -> out.add(e.getValue()));
        return out;
    }

    private static byte[] encode(CveFacts f, Bytes b) {
        b.reset().str(f.id()).rating(f.nvd()).rating(f.cna()).rating(f.adp());
        if (f.kevDateAdded().isPresent()) {
            b.u8(1).varint((int) f.kevDateAdded().get().toEpochDay());
        } else {
            b.u8(0);
        }
        if (f.epss().isPresent()) {
            b.u8(1).i32(Float.floatToIntBits((float) f.epss().get().score()))
                    .i32(Float.floatToIntBits((float) f.epss().get().percentile()));
        } else {
            b.u8(0);
        }
        return b.toArray();
    }

    /**
     * Counts for the metadata.
     *
     * @param cves CVE records to be written (referenced by an advisory and known to a CVE feed)
     * @param knownExploited those of them in the KEV catalog
     * @param epss those of them with an EPSS score
     * @param mavenArtifacts distinct Maven artifactIds in the Maven index
     */
    public record Counts(int advisories, int affected, int packages, int cves, int knownExploited, int epss,
                         int mavenArtifacts) {
    }

    /**
     * The affected entries of every package, in key order, without an object per entry: for each
     * used key (sorted), the range of {@code advisory}/{@code position} that holds its entries, in
     * advisory order; {@code position} is where the entry's length sits in the packed advisory.
     */
    private record PackageIndex(int[] keyOrder, int[] start, int[] advisory, int[] position) {

        int entryCount() {
            return advisory.length;
        }
    }

    private PackageIndex packageIndex(byte[][] advisories) {
        int[] perKey = new int[keys.size()];
        int total = 0;
        for (byte[] p : advisories) {
            ByteBuffer b = entries(p);
            int n = Bytes.readVarint(b);
            for (int e = 0; e < n; e++) {
                perKey[Bytes.readVarint(b)]++;
                int len = Bytes.readVarint(b);
                b.position(b.position() + len);
                total++;
            }
        }
        Integer[] used = java.util.stream.IntStream.range(0, keys.size()).filter(k -> perKey[k] > 0).boxed()
                .toArray(Integer[]::new);
        Arrays.sort(used, (x, y) -> Arrays.compareUnsigned(keys.get(x), keys.get(y)));
        int[] keyOrder = new int[used.length];
        int[] start = new int[used.length + 1];
        int[] next = new int[keys.size()];
        for (int i = 0; i < used.length; i++) {
            keyOrder[i] = used[i];
            start[i + 1] = start[i] + perKey[used[i]];
            next[used[i]] = start[i];
        }
        int[] advisory = new int[total];
        int[] position = new int[total];
        for (int i = 0; i < advisories.length; i++) {
            ByteBuffer b = entries(advisories[i]);
            int n = Bytes.readVarint(b);
            for (int e = 0; e < n; e++) {
                int slot = next[Bytes.readVarint(b)]++;
                advisory[slot] = i;
                position[slot] = b.position();
                int len = Bytes.readVarint(b);
                b.position(b.position() + len);
            }
        }
        return new PackageIndex(keyOrder, start, advisory, position);
    }

    /**
     * Writes the DB atomically.
     *
     * <p>Sections are streamed to the temporary file; only the key table and key blob (16 bytes
     * plus the key per package) are assembled in memory, so the heap needed beyond the encoded
     * advisories is small. The header, whose CRCs are known only at the end, is written last; the
     * footer digest is computed by reading the file back.
     *
     * @param out the target file
     * @param metadata the metadata JSON (UTF-8) to embed; see {@link DbFormat}
     * @throws IOException on a write failure; the target is then unchanged
     */
    public void write(Path out, byte[] metadata) throws IOException {
        Layout l = layout();
        Path dir = out.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + out.getFileName() + ".", ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                writeSections(ch, l, metadata);
                ch.force(true);
            }
            try {
                Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Counts bytes and their CRC32C while passing them on. */
    private static final class SectionStream extends OutputStream {
        private final OutputStream out;
        private final CRC32C crc = new CRC32C();
        private long count;

        SectionStream(OutputStream out) {
            this.out = out;
        }

        void restart() {
            crc.reset();
            count = 0;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            crc.update(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            crc.update(b, off, len);
            count += len;
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }
    }

    private void writeSections(FileChannel ch, Layout layout, byte[] metadata) throws IOException {
        byte[][] advisories = layout.advisories();
        PackageIndex packages = layout.packages();
        List<byte[]> cves = layout.cves();
        long[] length = new long[DbFormat.SECTIONS];
        int[] crc = new int[DbFormat.SECTIONS];
        int keyCount = packages.keyOrder().length;
        int[] counts = {0, advisories.length, advisories.length, keyCount, keyCount, keyCount, cves.size(), cves.size(),
            layout.mavenArtifacts()};
        ch.position(DbFormat.HEADER_LENGTH);
        SectionStream s = new SectionStream(new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16));

        s.write(metadata);
        length[DbFormat.META] = s.count;
        crc[DbFormat.META] = (int) s.crc.getValue();

        s.restart();
        Bytes four = new Bytes(4);
        int offset = 0;
        for (byte[] p : advisories) {
            s.write(four.reset().i32(offset).toArray());
            offset += 4 + vuln(p).remaining();
        }
        s.write(four.reset().i32(offset).toArray());
        length[DbFormat.VULN_TABLE] = s.count;
        crc[DbFormat.VULN_TABLE] = (int) s.crc.getValue();

        s.restart();
        for (byte[] p : advisories) {
            ByteBuffer v = vuln(p);
            s.write(four.reset().i32(crc(p, v.arrayOffset(), v.remaining())).toArray());
            s.write(p, v.arrayOffset(), v.remaining());
        }
        length[DbFormat.VULN_DATA] = s.count;
        crc[DbFormat.VULN_DATA] = (int) s.crc.getValue();

        // Key table and blob first (they precede the data): record sizes come from a first pass.
        Bytes record = new Bytes(1 << 12);
        Bytes keyBlob = new Bytes(1 << 16);
        s.restart();
        int dataOffset = 0;
        for (int k = 0; k < keyCount; k++) {
            byte[] key = keys.get(packages.keyOrder()[k]);
            int size = 4 + payload(record, packages, k, advisories).size();
            s.write(four.reset().i32(keyBlob.size()).toArray());
            s.write(four.reset().i32(key.length).toArray());
            s.write(four.reset().i32(dataOffset).toArray());
            s.write(four.reset().i32(size).toArray());
            keyBlob.bytes(key);
            dataOffset += size;
        }
        length[DbFormat.KEY_TABLE] = s.count;
        crc[DbFormat.KEY_TABLE] = (int) s.crc.getValue();

        s.restart();
        s.write(keyBlob.toArray());
        length[DbFormat.KEY_BLOB] = s.count;
        crc[DbFormat.KEY_BLOB] = (int) s.crc.getValue();

        s.restart();
        for (int k = 0; k < keyCount; k++) {
            payload(record, packages, k, advisories);
            byte[] payload = record.toArray();
            s.write(four.reset().i32(crc(payload, 0, payload.length)).toArray());
            s.write(payload);
        }
        length[DbFormat.PKG_DATA] = s.count;
        crc[DbFormat.PKG_DATA] = (int) s.crc.getValue();

        s.restart();
        offset = 0;
        for (byte[] r : cves) {
            s.write(four.reset().i32(offset).toArray());
            offset += 4 + r.length;
        }
        s.write(four.reset().i32(offset).toArray());
        length[DbFormat.CVE_TABLE] = s.count;
        crc[DbFormat.CVE_TABLE] = (int) s.crc.getValue();

        s.restart();
        for (byte[] r : cves) {
            s.write(four.reset().i32(crc(r, 0, r.length)).toArray());
            s.write(r);
        }
        length[DbFormat.CVE_DATA] = s.count;
        crc[DbFormat.CVE_DATA] = (int) s.crc.getValue();

        s.restart();
        s.write(layout.mavenIndex());
        length[DbFormat.MAVEN_INDEX] = s.count;
        crc[DbFormat.MAVEN_INDEX] = (int) s.crc.getValue();
        s.flush();

        long fileLength = DbFormat.HEADER_LENGTH + DbFormat.FOOTER_LENGTH;
        for (long l : length) {
            fileLength += l;
        }
        Bytes header = new Bytes(DbFormat.HEADER_LENGTH);
        header.bytes(DbFormat.MAGIC).i32(DbFormat.FORMAT_VERSION).i32(DbFormat.HEADER_LENGTH).i64(fileLength);
        long sectionOffset = DbFormat.HEADER_LENGTH;
        for (int i = 0; i < DbFormat.SECTIONS; i++) {
            header.i64(sectionOffset).i64(length[i]).i32(crc[i]).i32(counts[i]);
            sectionOffset += length[i];
        }
        byte[] h = header.toArray();
        header.i32(crc(h, 0, h.length));
        ch.write(ByteBuffer.wrap(header.toArray()), 0);

        // The footer digest covers the header, so it is computed from the file as written.
        MessageDigest sha = sha256();
        ByteBuffer buf = ByteBuffer.allocate(1 << 16);
        long pos = 0;
        long end = fileLength - DbFormat.FOOTER_LENGTH;
        while (pos < end) {
            buf.clear().limit((int) Math.min(buf.capacity(), end - pos));
            int n = ch.read(buf, pos);
            if (n < 0) {
                throw new IOException("DB file shorter than written");
            }
            buf.flip();
            sha.update(buf);
            pos += n;
        }
        ch.write(ByteBuffer.wrap(sha.digest()), end);
        ch.write(ByteBuffer.wrap(DbFormat.END_MAGIC), end + 32);
    }

    /** Encodes the payload (without its CRC) of the k-th package in key order into the reused buffer. */
    private static Bytes payload(Bytes record, PackageIndex packages, int k, byte[][] advisories) {
        int from = packages.start()[k];
        int to = packages.start()[k + 1];
        record.reset().varint(to - from);
        for (int i = from; i < to; i++) {
            int advisory = packages.advisory()[i];
            ByteBuffer b = ByteBuffer.wrap(advisories[advisory]).position(packages.position()[i]);
            int len = Bytes.readVarint(b);
            record.varint(advisory).bytes(advisories[advisory], b.position(), len);
        }
        return record;
    }

    /** The counts the written file will hold. */
    public Counts counts() {
        PackageIndex index = layout().packages();
        List<byte[]> cves = layout().cves();
        int kev = 0;
        int epss = 0;
        for (byte[] r : cves) {
            CveFacts f = DbReader.decodeCve(ByteBuffer.wrap(r));
            kev += f.kevDateAdded().isPresent() ? 1 : 0;
            epss += f.epss().isPresent() ? 1 : 0;
        }
        return new Counts(byId.size(), index.entryCount(), index.keyOrder().length, cves.size(), kev, epss,
                layout().mavenArtifacts());
    }

    /** The distinct ecosystems of all affected entries, sorted. */
    public List<String> ecosystems() {
        PackageIndex index = layout().packages();
        java.util.TreeSet<String> out = new java.util.TreeSet<>();
        for (int k : index.keyOrder()) {
            String s = new String(keys.get(k), StandardCharsets.UTF_8);
            out.add(s.substring(0, s.indexOf('\0')));
        }
        return List.copyOf(out);
    }

    static int crc(byte[] b, int off, int len) {
        CRC32C c = new CRC32C();
        c.update(b, off, len);
        return (int) c.getValue();
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
