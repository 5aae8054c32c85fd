package dev.tarsier.core.internal.db;

import dev.tarsier.core.internal.osv.OsvAdvisory;
import dev.tarsier.core.internal.osv.OsvAdvisory.Affected;
import dev.tarsier.core.internal.osv.OsvAdvisory.Event;
import dev.tarsier.core.internal.osv.OsvAdvisory.Range;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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

    /** An advisory in encoded form. */
    private record Pending(String modified, byte[] vuln, List<byte[]> keys, List<byte[]> entries, int affectedCount) {
    }

    private final Map<String, Pending> byId = new HashMap<>();

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
        Pending old = byId.get(a.id());
        if (old != null && old.modified().compareTo(a.modified()) > 0) {
            return false;
        }
        Bytes v = new Bytes(64);
        v.str(a.id()).varint(a.aliases().size());
        a.aliases().forEach(v::str);
        v.str(a.modified());
        v.u8(a.summary().isPresent() ? 1 : 0);
        a.summary().ifPresent(v::str);
        v.u8(a.severity().ordinal()).i16(score10(a.cvssScore()));
        List<byte[]> keys = new ArrayList<>();
        List<byte[]> entries = new ArrayList<>();
        for (Affected af : a.affected()) {
            keys.add(DbFormat.key(af.ecosystem(), af.name()).getBytes(StandardCharsets.UTF_8));
            Bytes e = new Bytes(32);
            e.u8(af.severity().map(Enum::ordinal).orElse(DbFormat.NO_SEVERITY)).i16(score10(af.cvssScore()));
            e.varint(af.ranges().size());
            for (Range r : af.ranges()) {
                e.u8(r.type().ordinal()).varint(r.events().size());
                for (Event ev : r.events()) {
                    e.u8(ev.kind().ordinal()).str(ev.value());
                }
            }
            e.varint(af.versions().size());
            af.versions().forEach(e::str);
            entries.add(e.toArray());
        }
        byId.put(a.id(), new Pending(a.modified(), v.toArray(), keys, entries, a.affected().size()));
        return true;
    }

    private static int score10(double score) {
        return Double.isNaN(score) ? -1 : (int) Math.round(score * 10);
    }

    /** Counts for the metadata. */
    public record Counts(int advisories, int affected, int packages) {
    }

    /**
     * Writes the DB atomically.
     *
     * @param out the target file
     * @param metadata the metadata JSON (UTF-8) to embed; see {@link DbFormat}
     * @throws IOException on a write failure; the target is then unchanged
     */
    public void write(Path out, byte[] metadata) throws IOException {
        List<String> ids = new ArrayList<>(byId.keySet());
        ids.sort(null);
        // Package data: key -> entries with the advisory index prepended.
        TreeMap<byte[], List<byte[]>> packages = new TreeMap<>(Arrays::compareUnsigned);
        Bytes vulnData = new Bytes(1 << 16);
        Bytes vulnTable = new Bytes(4 * (ids.size() + 1));
        for (int i = 0; i < ids.size(); i++) {
            Pending p = byId.get(ids.get(i));
            vulnTable.i32(vulnData.size());
            vulnData.i32(crc(p.vuln(), 0, p.vuln().length)).bytes(p.vuln());
            for (int k = 0; k < p.keys().size(); k++) {
                Bytes e = new Bytes(p.entries().get(k).length + 4);
                e.varint(i).bytes(p.entries().get(k));
                packages.computeIfAbsent(p.keys().get(k), x -> new ArrayList<>()).add(e.toArray());
            }
        }
        vulnTable.i32(vulnData.size());
        Bytes keyTable = new Bytes(packages.size() * DbFormat.KEY_ENTRY);
        Bytes keyBlob = new Bytes(1 << 16);
        Bytes pkgData = new Bytes(1 << 16);
        for (Map.Entry<byte[], List<byte[]>> e : packages.entrySet()) {
            Bytes rec = new Bytes(256);
            rec.varint(e.getValue().size());
            for (byte[] entry : e.getValue()) {
                rec.bytes(entry);
            }
            byte[] payload = rec.toArray();
            int start = pkgData.size();
            pkgData.i32(crc(payload, 0, payload.length)).bytes(payload);
            keyTable.i32(keyBlob.size()).i32(e.getKey().length).i32(start).i32(pkgData.size() - start);
            keyBlob.bytes(e.getKey());
        }
        byte[][] sections = {metadata, vulnTable.toArray(), vulnData.toArray(), keyTable.toArray(),
            keyBlob.toArray(), pkgData.toArray()};
        int[] counts = {0, ids.size(), ids.size(), packages.size(), packages.size(), packages.size()};
        long offset = DbFormat.HEADER_LENGTH;
        Bytes header = new Bytes(DbFormat.HEADER_LENGTH);
        long fileLength = DbFormat.HEADER_LENGTH + DbFormat.FOOTER_LENGTH;
        for (byte[] s : sections) {
            fileLength += s.length;
        }
        header.bytes(DbFormat.MAGIC).i32(DbFormat.FORMAT_VERSION).i32(DbFormat.HEADER_LENGTH).i64(fileLength);
        for (int s = 0; s < sections.length; s++) {
            header.i64(offset).i64(sections[s].length).i32(crc(sections[s], 0, sections[s].length)).i32(counts[s]);
            offset += sections[s].length;
        }
        byte[] h = header.toArray();
        header.i32(crc(h, 0, h.length));

        Path dir = out.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + out.getFileName() + ".", ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                MessageDigest sha = sha256();
                OutputStream os = new DigestOutputStream(Channels.newOutputStream(ch), sha);
                os.write(header.toArray());
                for (byte[] s : sections) {
                    os.write(s);
                }
                os.flush();
                ch.write(java.nio.ByteBuffer.wrap(sha.digest()));
                ch.write(java.nio.ByteBuffer.wrap(DbFormat.END_MAGIC));
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

    /** The counts the written file will hold. */
    public Counts counts() {
        int affected = 0;
        java.util.Set<String> keys = new java.util.HashSet<>();
        for (Pending p : byId.values()) {
            affected += p.affectedCount();
            for (byte[] k : p.keys()) {
                keys.add(new String(k, StandardCharsets.UTF_8));
            }
        }
        return new Counts(byId.size(), affected, keys.size());
    }

    /** The distinct ecosystems of all affected entries, sorted. */
    public List<String> ecosystems() {
        java.util.TreeSet<String> out = new java.util.TreeSet<>();
        for (Pending p : byId.values()) {
            for (byte[] k : p.keys()) {
                String s = new String(k, StandardCharsets.UTF_8);
                out.add(s.substring(0, s.indexOf('\0')));
            }
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
