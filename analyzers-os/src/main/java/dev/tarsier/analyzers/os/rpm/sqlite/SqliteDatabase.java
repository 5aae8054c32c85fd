package dev.tarsier.analyzers.os.rpm.sqlite;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Deque;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * A read-only view of a SQLite 3 database file held in memory, enough to list the rows of a
 * rowid table. Written from sqlite.org/fileformat2.html:
 * <ul>
 *   <li>§1.3 the 100-byte header: magic {@code "SQLite format 3\0"}, page size at offset 16
 *       (1 meaning 65536), reserved bytes per page at 20, text encoding at 56;</li>
 *   <li>§1.6 b-tree pages: table interior pages (type 5: left-child pointers and a right-most
 *       pointer at header offset 8) and table leaf pages (type 13: payload size varint, rowid
 *       varint, payload); page 1's b-tree header follows the file header;</li>
 *   <li>§1.6 payload spill: with usable size U, a leaf cell keeps P bytes locally when
 *       P &lt;= U-35, otherwise M + ((P-M) % (U-4)) bytes if that is &lt;= U-35, else M, where
 *       M = ((U-12)*32/255)-23; the rest goes to a chain of overflow pages whose first four
 *       bytes link to the next page;</li>
 *   <li>§2.1 the record format: a header of serial types (varints), then the values;</li>
 *   <li>§2.6 the schema table {@code sqlite_schema} rooted at page 1.</li>
 * </ul>
 * A {@link SqliteWal} with committed frames overlays the pages it holds, as SQLite readers do.
 *
 * <p>Defects are bounded and reported, never fatal beyond the page they are in: every page is
 * visited at most once per table walk (a b-tree that points back into itself cannot loop), an
 * overflow chain is followed for at most the number of pages its payload needs, and a cell whose
 * offsets fall outside its page is skipped.
 */
public final class SqliteDatabase {

    private static final byte[] MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    private static final int TABLE_INTERIOR = 5;
    private static final int TABLE_LEAF = 13;

    /** Receives rows of a table. */
    @FunctionalInterface
    public interface RowConsumer {
        /**
         * One row.
         *
         * @param rowid the row's rowid
         * @param values column values: null, {@code Long}, {@code Double}, {@code String} or
         *     {@code byte[]}
         */
        void row(long rowid, Object[] values);
    }

    private final byte[] file;
    private final SqliteWal wal;
    private final int pageSize;
    private final int usable;
    private final long pageCount;
    private final Charset textEncoding;
    private final Consumer<String> problems;

    private SqliteDatabase(byte[] file, SqliteWal wal, int pageSize, int usable, long pageCount,
                           Charset textEncoding, Consumer<String> problems) {
        this.file = file;
        this.wal = wal;
        this.pageSize = pageSize;
        this.usable = usable;
        this.pageCount = pageCount;
        this.textEncoding = textEncoding;
        this.problems = problems;
    }

    /** Whether the bytes start with the SQLite 3 magic string. */
    public static boolean hasMagic(byte[] bytes) {
        return bytes.length >= MAGIC.length && Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    /**
     * Opens a database.
     *
     * @param file the database file
     * @param wal its write-ahead log, or null; ignored (with a problem reported) when its page size
     *     differs from the database's
     * @param problems receives one line per defect found, now or while reading tables
     * @throws SqliteFormatException if the file is not a SQLite database or its header is unusable
     */
    public static SqliteDatabase open(byte[] file, SqliteWal wal, Consumer<String> problems)
            throws SqliteFormatException {
        if (!hasMagic(file)) {
            throw new SqliteFormatException("not a SQLite 3 database (bad magic)");
        }
        if (file.length < 100) {
            throw new SqliteFormatException("SQLite header truncated at " + file.length + " bytes");
        }
        int ps = u16(file, 16);
        int pageSize = ps == 1 ? 65536 : ps;
        if (pageSize < 512 || Integer.bitCount(pageSize) != 1) {
            throw new SqliteFormatException("bad page size " + ps);
        }
        int reserved = file[20] & 0xff;
        int usable = pageSize - reserved;
        if (usable < 480) {
            throw new SqliteFormatException("usable page size " + usable + " below 480");
        }
        long encoding = u32(file, 56);
        Charset cs = encoding == 2 ? StandardCharsets.UTF_16LE
                : encoding == 3 ? StandardCharsets.UTF_16BE : StandardCharsets.UTF_8;
        long pages = file.length / pageSize;
        if (file.length % pageSize != 0) {
            problems.accept("file size " + file.length + " is not a multiple of the page size " + pageSize
                    + "; the last page is truncated");
        }
        // §1.3.7: the in-header database size is valid when the change counter (offset 24) equals
        // the version-valid-for number (offset 92); a file shorter than that lost pages.
        long headerPages = u32(file, 28);
        if (headerPages != 0 && u32(file, 24) == u32(file, 92) && headerPages > pages) {
            problems.accept("database truncated: header says " + headerPages + " pages, file holds " + pages);
        }
        SqliteWal usedWal = null;
        if (wal != null && wal.committedFrames() > 0) {
            if (wal.pageSize() != pageSize) {
                problems.accept("WAL page size " + wal.pageSize() + " differs from the database's " + pageSize
                        + "; WAL ignored");
            } else {
                usedWal = wal;
                pages = wal.databasePages();
            }
        }
        return new SqliteDatabase(file, usedWal, pageSize, usable, pages, cs, problems);
    }

    /** Page size in bytes. */
    public int pageSize() {
        return pageSize;
    }

    /** Whether committed WAL frames are overlaid on the file. */
    public boolean usesWal() {
        return wal != null;
    }

    /**
     * Finds a table's root page in the schema table.
     *
     * @param table table name, compared case-insensitively as SQLite does
     * @return the root page number, or 0 when the schema has no such table
     */
    public long rootPage(String table) {
        long[] root = {0};
        walkTable(1, (rowid, values) -> {
            if (root[0] == 0 && values.length >= 4 && "table".equals(values[0])
                    && values[1] instanceof String name && name.toLowerCase(Locale.ROOT)
                    .equals(table.toLowerCase(Locale.ROOT)) && values[3] instanceof Long page) {
                root[0] = page;
            }
        });
        return root[0];
    }

    /**
     * Reads every row of a rowid table that can be read.
     *
     * @return false when the schema has no such table
     */
    public boolean scanTable(String table, RowConsumer rows) {
        long root = rootPage(table);
        if (root == 0) {
            return false;
        }
        walkTable(root, rows);
        return true;
    }

    /** Depth-first walk of a table b-tree, left to right, each page at most once. */
    private void walkTable(long root, RowConsumer rows) {
        BitSet visited = new BitSet();
        Deque<Long> stack = new ArrayDeque<>();
        stack.push(root);
        while (!stack.isEmpty()) {
            long pgno = stack.pop();
            if (pgno < 1 || pgno > pageCount) {
                problems.accept("page " + pgno + " referenced but outside the database (" + pageCount + " pages)");
                continue;
            }
            if (visited.get((int) pgno)) {
                problems.accept("page " + pgno + " referenced twice; b-tree loop cut");
                continue;
            }
            visited.set((int) pgno);
            Page page = page((int) pgno);
            if (page == null) {
                problems.accept("page " + pgno + " missing (file truncated)");
                continue;
            }
            int h = page.headerStart();
            int type = page.data[h] & 0xff;
            int cells = u16(page.data, h + 3);
            if (type == TABLE_INTERIOR) {
                int cellArray = h + 12;
                if (cellArray + 2L * cells > page.end()) {
                    problems.accept("page " + pgno + ": cell count " + cells + " does not fit the page");
                    continue;
                }
                // Push right-most first so that children are visited in key order.
                stack.push(u32(page.data, h + 8));
                for (int i = cells - 1; i >= 0; i--) {
                    int cell = page.base + u16(page.data, cellArray + 2 * i);
                    if (cell < page.base || cell + 4 > page.end()) {
                        problems.accept("page " + pgno + ": cell " + i + " outside the page");
                        continue;
                    }
                    stack.push(u32(page.data, cell));
                }
            } else if (type == TABLE_LEAF) {
                int cellArray = h + 8;
                if (cellArray + 2L * cells > page.end()) {
                    problems.accept("page " + pgno + ": cell count " + cells + " does not fit the page");
                    continue;
                }
                for (int i = 0; i < cells; i++) {
                    readLeafCell(page, pgno, i, u16(page.data, cellArray + 2 * i), rows);
                }
            } else {
                problems.accept("page " + pgno + ": not a table b-tree page (type " + type + ")");
            }
        }
    }

    private void readLeafCell(Page page, long pgno, int index, int cellOffset, RowConsumer rows) {
        int pos = page.base + cellOffset;
        int end = page.end();
        if (cellOffset < 8 || pos >= end) {
            problems.accept("page " + pgno + ": cell " + index + " outside the page");
            return;
        }
        long[] v = new long[2];
        pos = varint(page.data, pos, end, v);
        long payloadSize = v[0];
        if (pos < 0) {
            problems.accept("page " + pgno + ": cell " + index + " has a truncated size");
            return;
        }
        pos = varint(page.data, pos, end, v);
        long rowid = v[0];
        if (pos < 0) {
            problems.accept("page " + pgno + ": cell " + index + " has a truncated rowid");
            return;
        }
        long maxPayload = (pageCount + 1) * (long) usable;
        if (payloadSize < 0 || payloadSize > maxPayload || payloadSize > Integer.MAX_VALUE - 16) {
            problems.accept("page " + pgno + ": row " + rowid + " claims a payload of " + payloadSize + " bytes");
            return;
        }
        int p = (int) payloadSize;
        int local = localPayload(p);
        if (pos + local > end || (local < p && pos + local + 4 > end)) {
            problems.accept("page " + pgno + ": row " + rowid + " runs past the end of its page");
            return;
        }
        byte[] payload;
        if (local == p) {
            payload = Arrays.copyOfRange(page.data, pos, pos + p);
        } else {
            payload = new byte[p];
            System.arraycopy(page.data, pos, payload, 0, local);
            if (!readOverflow(u32(page.data, pos + local), payload, local, rowid)) {
                return;
            }
        }
        Object[] values = decodeRecord(payload, rowid);
        if (values != null) {
            rows.row(rowid, values);
        }
    }

    /** §1.6: how many payload bytes a table leaf cell keeps on its own page. */
    private int localPayload(int p) {
        int maxLocal = usable - 35;
        if (p <= maxLocal) {
            return p;
        }
        int minLocal = ((usable - 12) * 32 / 255) - 23;
        int k = minLocal + (p - minLocal) % (usable - 4);
        return k <= maxLocal ? k : minLocal;
    }

    private boolean readOverflow(long first, byte[] payload, int filled, long rowid) {
        int need = payload.length - filled;
        int chunk = usable - 4;
        long maxPages = (need + (long) chunk - 1) / chunk;
        long pgno = first;
        int at = filled;
        BitSet chain = new BitSet();
        for (long n = 0; n < maxPages; n++) {
            if (pgno < 1 || pgno > pageCount) {
                problems.accept("row " + rowid + ": overflow page " + pgno + " outside the database");
                return false;
            }
            if (chain.get((int) pgno)) {
                problems.accept("row " + rowid + ": overflow chain loops back to page " + pgno);
                return false;
            }
            chain.set((int) pgno);
            Page page = page((int) pgno);
            if (page == null) {
                problems.accept("row " + rowid + ": overflow page " + pgno + " missing (file truncated)");
                return false;
            }
            int take = Math.min(chunk, payload.length - at);
            System.arraycopy(page.data, page.base + 4, payload, at, take);
            at += take;
            pgno = u32(page.data, page.base);
        }
        if (at < payload.length) {
            problems.accept("row " + rowid + ": overflow chain shorter than its payload");
            return false;
        }
        return true;
    }

    /** §2.1: a record header of serial types followed by the values. */
    private Object[] decodeRecord(byte[] rec, long rowid) {
        long[] v = new long[2];
        int pos = varint(rec, 0, rec.length, v);
        if (pos < 0 || v[0] > rec.length || v[0] < pos) {
            problems.accept("row " + rowid + ": bad record header");
            return null;
        }
        int headerEnd = (int) v[0];
        int count = 0;
        long[] types = new long[8];
        while (pos < headerEnd) {
            pos = varint(rec, pos, headerEnd, v);
            if (pos < 0) {
                problems.accept("row " + rowid + ": truncated record header");
                return null;
            }
            if (count == types.length) {
                types = Arrays.copyOf(types, count * 2);
            }
            types[count++] = v[0];
        }
        Object[] values = new Object[count];
        int data = headerEnd;
        for (int i = 0; i < count; i++) {
            long t = types[i];
            int len = serialLength(t);
            if (len < 0 || data + (long) len > rec.length) {
                problems.accept("row " + rowid + ": column " + i + " runs past the record");
                return null;
            }
            values[i] = value(rec, data, t, len);
            data += len;
        }
        return values;
    }

    private static int serialLength(long t) {
        if (t >= 12) {
            long len = (t - 12) / 2;
            return len > Integer.MAX_VALUE ? -1 : (int) len;
        }
        return switch ((int) t) {
            case 0, 8, 9 -> 0;
            case 1 -> 1;
            case 2 -> 2;
            case 3 -> 3;
            case 4 -> 4;
            case 5 -> 6;
            case 6, 7 -> 8;
            default -> -1;
        };
    }

    private Object value(byte[] b, int at, long t, int len) {
        if (t >= 12) {
            return (t & 1) == 0 ? Arrays.copyOfRange(b, at, at + len) : new String(b, at, len, textEncoding);
        }
        if (t == 0) {
            return null;
        }
        if (t == 8 || t == 9) {
            return Long.valueOf(t - 8);
        }
        long x = b[at];
        for (int i = 1; i < len; i++) {
            x = (x << 8) | (b[at + i] & 0xff);
        }
        if (t == 7) {
            return Double.longBitsToDouble(x);
        }
        return Long.valueOf(x);
    }

    /** A page: its bytes live in {@code data} from {@code base}, for one page size. */
    private record Page(byte[] data, int base, int number, int size) {
        int headerStart() {
            return base + (number == 1 ? 100 : 0);
        }

        int end() {
            return base + size;
        }
    }

    private Page page(int number) {
        if (wal != null) {
            int off = wal.pageOffset(number);
            if (off >= 0) {
                return new Page(wal.bytes(), off, number, pageSize);
            }
        }
        long start = (long) (number - 1) * pageSize;
        if (start + pageSize > file.length) {
            return null;
        }
        return new Page(file, (int) start, number, pageSize);
    }

    /**
     * §1.6 varint: 1 to 9 bytes, big-endian, 7 bits per byte with the high bit as continuation,
     * the ninth byte contributing all 8 bits. Returns the position after it, or -1 if it runs past
     * {@code end}; the value goes to {@code out[0]}.
     */
    static int varint(byte[] b, int pos, int end, long[] out) {
        long x = 0;
        for (int i = 0; i < 9; i++) {
            if (pos >= end) {
                return -1;
            }
            int c = b[pos++] & 0xff;
            if (i == 8) {
                x = (x << 8) | c;
                break;
            }
            x = (x << 7) | (c & 0x7f);
            if ((c & 0x80) == 0) {
                break;
            }
        }
        out[0] = x;
        return pos;
    }

    private static int u16(byte[] b, int at) {
        return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
    }

    private static long u32(byte[] b, int at) {
        return SqliteWal.u32(b, at);
    }
}
