package dev.tarsier.analyzers.os.rpm.bdb;

import java.util.BitSet;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Reads the values of a Berkeley DB hash database held in memory, the format of rpm's
 * {@code Packages} file up to rpm 4.15 (CentOS/RHEL 5-8, Amazon Linux 2).
 *
 * <p>Layout (Berkeley DB 4.x-5.x {@code dbinc/db_page.h}, {@code dbinc/hash.h}), all integers in the
 * byte order of the machine that wrote the file, recognised from the magic:
 * <ul>
 *   <li>page 0, the metadata page: magic {@code 0x061561} at offset 12, version at 16, page size
 *       at 20, encryption algorithm at 24, page type at 25 (8 = hash metadata), last page number
 *       at 32;</li>
 *   <li>every page starts with a 26-byte header: LSN (8), page number (4), previous page (4), next
 *       page (4), entry count (2), high-free offset (2), level (1), page type (1);</li>
 *   <li>hash pages (type 13, or 2 for the unsorted pages of older releases) hold an array of
 *       entry offsets after the header, keys and values alternating; an entry starts with its
 *       item type: 1 = the bytes follow inline (length up to the previous entry, or to the page
 *       end for the first), 3 = off-page: 3 unused bytes, first overflow page (4), total length
 *       (4);</li>
 *   <li>overflow pages (type 7) carry their data after the header, the high-free offset giving
 *       the byte count on that page, linked by the next-page number.</li>
 * </ul>
 * Hash pages are read in page order rather than bucket order: every page is visited once and the
 * result does not depend on the bucket links, which a corrupt file may break. Duplicate items (2,
 * 4) do not occur in rpm databases and are reported.
 *
 * <p>Bounded work: an overflow chain is followed for at most as many pages as its declared length
 * needs and never through the same page twice; declared lengths larger than the file are
 * rejected.
 */
public final class BerkeleyHashDatabase {

    /** Berkeley DB hash magic number. */
    static final int HASH_MAGIC = 0x061561;

    private static final int PAGE_HEADER = 26;
    private static final int P_HASH_UNSORTED = 2;
    private static final int P_OVERFLOW = 7;
    private static final int P_HASHMETA = 8;
    private static final int P_HASH = 13;
    private static final int H_KEYDATA = 1;
    private static final int H_DUPLICATE = 2;
    private static final int H_OFFPAGE = 3;
    private static final int H_OFFDUP = 4;

    private final byte[] file;
    private final boolean littleEndian;
    private final int pageSize;
    private final long lastPage;
    private final Consumer<String> problems;

    private BerkeleyHashDatabase(byte[] file, boolean littleEndian, int pageSize, long lastPage,
                                 Consumer<String> problems) {
        this.file = file;
        this.littleEndian = littleEndian;
        this.pageSize = pageSize;
        this.lastPage = lastPage;
        this.problems = problems;
    }

    /** Whether the bytes carry the Berkeley DB hash magic at offset 12, in either byte order. */
    public static boolean hasMagic(byte[] bytes) {
        return bytes.length >= 16 && (le32(bytes, 12) == HASH_MAGIC || be32(bytes, 12) == HASH_MAGIC);
    }

    /**
     * Opens a database.
     *
     * @param problems receives one line per defect, now and while reading
     * @throws BerkeleyFormatException if the metadata page is missing or unusable
     */
    public static BerkeleyHashDatabase open(byte[] file, Consumer<String> problems) throws BerkeleyFormatException {
        if (!hasMagic(file)) {
            throw new BerkeleyFormatException("not a Berkeley DB hash database (bad magic)");
        }
        boolean le = le32(file, 12) == HASH_MAGIC;
        if (file.length < 72) {
            throw new BerkeleyFormatException("metadata page truncated at " + file.length + " bytes");
        }
        long pageSize = le ? le32(file, 20) & 0xffffffffL : be32(file, 20) & 0xffffffffL;
        if (pageSize < 512 || pageSize > 65536 || Long.bitCount(pageSize) != 1) {
            throw new BerkeleyFormatException("bad page size " + pageSize);
        }
        if (file[24] != 0) {
            throw new BerkeleyFormatException("encrypted database (algorithm " + file[24] + ")");
        }
        if ((file[25] & 0xff) != P_HASHMETA) {
            throw new BerkeleyFormatException("metadata page has type " + (file[25] & 0xff) + ", not hash metadata");
        }
        long last = (le ? le32(file, 32) : be32(file, 32)) & 0xffffffffL;
        long inFile = file.length / pageSize - 1;
        if (last > inFile) {
            problems.accept("database truncated: last page " + last + ", file holds pages up to " + inFile);
            last = inFile;
        }
        if (file.length % pageSize != 0) {
            problems.accept("file size " + file.length + " is not a multiple of the page size " + pageSize);
        }
        return new BerkeleyHashDatabase(file, le, (int) pageSize, last, problems);
    }

    /** Page size in bytes. */
    public int pageSize() {
        return pageSize;
    }

    /**
     * Reads every key/value pair that can be read.
     *
     * @param pairs receives the key and the value of each pair, in page order
     */
    public void forEach(BiConsumer<byte[], byte[]> pairs) {
        for (long pgno = 1; pgno <= lastPage; pgno++) {
            int base = (int) (pgno * pageSize);
            int type = file[base + 25] & 0xff;
            if (type != P_HASH && type != P_HASH_UNSORTED) {
                continue;
            }
            int entries = u16(base + 20);
            if (PAGE_HEADER + 2L * entries > pageSize) {
                problems.accept("page " + pgno + ": entry count " + entries + " does not fit the page");
                continue;
            }
            for (int i = 0; i + 1 < entries; i += 2) {
                byte[] key = item(pgno, base, i);
                if (key == null) {
                    continue;
                }
                byte[] value = item(pgno, base, i + 1);
                if (value != null) {
                    pairs.accept(key, value);
                }
            }
            if (entries % 2 != 0) {
                problems.accept("page " + pgno + ": odd entry count " + entries);
            }
        }
    }

    /** Entry {@code i} of a hash page, or null (reported) when it cannot be read. */
    private byte[] item(long pgno, int base, int i) {
        int offset = u16(base + PAGE_HEADER + 2 * i);
        // Entries fill the page from its end: each one ends where the previous one starts.
        int end = i == 0 ? pageSize : u16(base + PAGE_HEADER + 2 * (i - 1));
        if (offset < PAGE_HEADER + 2 || offset >= pageSize || end > pageSize || end <= offset) {
            problems.accept("page " + pgno + ": entry " + i + " has bad offset " + offset);
            return null;
        }
        int type = file[base + offset] & 0xff;
        switch (type) {
            case H_KEYDATA -> {
                byte[] out = new byte[end - offset - 1];
                System.arraycopy(file, base + offset + 1, out, 0, out.length);
                return out;
            }
            case H_OFFPAGE -> {
                if (offset + 12 > end) {
                    problems.accept("page " + pgno + ": off-page entry " + i + " truncated");
                    return null;
                }
                long first = u32(base + offset + 4);
                long length = u32(base + offset + 8);
                return overflow(pgno, first, length);
            }
            case H_DUPLICATE, H_OFFDUP -> {
                problems.accept("page " + pgno + ": entry " + i + " holds duplicates, which rpm never writes; skipped");
                return null;
            }
            default -> {
                problems.accept("page " + pgno + ": entry " + i + " has unknown item type " + type);
                return null;
            }
        }
    }

    private byte[] overflow(long fromPage, long first, long length) {
        if (length > file.length) {
            problems.accept("page " + fromPage + ": overflow item claims " + length + " bytes, more than the file");
            return null;
        }
        byte[] out = new byte[(int) length];
        int filled = 0;
        long pgno = first;
        int perPage = pageSize - PAGE_HEADER;
        long maxPages = (length + perPage - 1) / perPage;
        BitSet seen = new BitSet();
        for (long n = 0; n < maxPages && filled < length; n++) {
            if (pgno < 1 || pgno > lastPage) {
                problems.accept("overflow chain from page " + fromPage + " leads to page " + pgno
                        + " outside the database");
                return null;
            }
            if (seen.get((int) pgno)) {
                problems.accept("overflow chain from page " + fromPage + " loops back to page " + pgno);
                return null;
            }
            seen.set((int) pgno);
            int base = (int) (pgno * pageSize);
            if ((file[base + 25] & 0xff) != P_OVERFLOW) {
                problems.accept("overflow chain from page " + fromPage + " reaches page " + pgno
                        + " of type " + (file[base + 25] & 0xff));
                return null;
            }
            int onPage = u16(base + 22);
            if (onPage > perPage || onPage > length - filled) {
                problems.accept("overflow page " + pgno + " claims " + onPage + " bytes");
                return null;
            }
            System.arraycopy(file, base + PAGE_HEADER, out, filled, onPage);
            filled += onPage;
            pgno = u32(base + 16);
        }
        if (filled != length) {
            problems.accept("overflow chain from page " + fromPage + " holds " + filled + " of " + length + " bytes");
            return null;
        }
        return out;
    }

    private int u16(int at) {
        return littleEndian ? (file[at] & 0xff) | ((file[at + 1] & 0xff) << 8)
                : ((file[at] & 0xff) << 8) | (file[at + 1] & 0xff);
    }

    private long u32(int at) {
        return (littleEndian ? le32(file, at) : be32(file, at)) & 0xffffffffL;
    }

    /** Reads a 32-bit value in the database's byte order, e.g. an rpm header number used as key. */
    public int int32(byte[] bytes) {
        if (bytes.length < 4) {
            return -1;
        }
        return littleEndian ? le32(bytes, 0) : be32(bytes, 0);
    }

    private static int le32(byte[] b, int at) {
        return (b[at] & 0xff) | ((b[at + 1] & 0xff) << 8) | ((b[at + 2] & 0xff) << 16) | ((b[at + 3] & 0xff) << 24);
    }

    private static int be32(byte[] b, int at) {
        return ((b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
    }
}
