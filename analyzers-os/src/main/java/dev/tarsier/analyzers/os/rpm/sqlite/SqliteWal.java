package dev.tarsier.analyzers.os.rpm.sqlite;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The committed content of a SQLite write-ahead log ({@code NAME-wal}).
 *
 * <p>Rules from sqlite.org/fileformat2.html, section "The WAL File Format": a 32-byte header
 * (magic {@code 0x377f0682} or {@code 0x377f0683}, the low bit selecting big-endian checksums;
 * format version; page size; checkpoint sequence; two salts; a checksum of the first 24 bytes),
 * then frames of a 24-byte header (page number; database size in pages for a commit frame, else
 * 0; the two salts; a cumulative checksum) followed by one page. A frame is valid when its salts
 * equal the header's and its checksum, computed over the frame header's first 8 bytes and the
 * page, continuing from the previous frame's, matches. Only the valid frames up to the last commit
 * frame count: anything after it belongs to an unfinished transaction.
 */
public final class SqliteWal {

    /** Size of the WAL file header. */
    static final int HEADER_SIZE = 32;
    /** Size of a frame header. */
    static final int FRAME_HEADER_SIZE = 24;

    private final byte[] bytes;
    private final int pageSize;
    private final int committedFrames;
    private final long databasePages;
    private final Map<Integer, Integer> latestFrame;

    private SqliteWal(byte[] bytes, int pageSize, int committedFrames, long databasePages,
                      Map<Integer, Integer> latestFrame) {
        this.bytes = bytes;
        this.pageSize = pageSize;
        this.committedFrames = committedFrames;
        this.databasePages = databasePages;
        this.latestFrame = latestFrame;
    }

    /**
     * Reads a WAL file. A log with a bad header, or one that is empty, has no committed frames; that
     * is not an error for SQLite either (it ignores such a log), but it is reported to
     * {@code problems} when the header is present and wrong.
     *
     * @param wal the whole WAL file
     * @param problems receives one line per defect found
     */
    public static SqliteWal parse(byte[] wal, Consumer<String> problems) {
        if (wal.length == 0) {
            return new SqliteWal(wal, 0, 0, 0, Map.of());
        }
        if (wal.length < HEADER_SIZE) {
            problems.accept("WAL of " + wal.length + " bytes is shorter than its header; ignored");
            return new SqliteWal(wal, 0, 0, 0, Map.of());
        }
        long magic = u32(wal, 0);
        if (magic != 0x377f0682L && magic != 0x377f0683L) {
            problems.accept("WAL has bad magic 0x" + Long.toHexString(magic) + "; ignored");
            return new SqliteWal(wal, 0, 0, 0, Map.of());
        }
        boolean bigEndian = (magic & 1) == 1;
        long pageSizeField = u32(wal, 8);
        int pageSize = pageSizeField == 1 ? 65536 : (int) pageSizeField;
        if (pageSize < 512 || pageSize > 65536 || Integer.bitCount(pageSize) != 1) {
            problems.accept("WAL has bad page size " + pageSizeField + "; ignored");
            return new SqliteWal(wal, 0, 0, 0, Map.of());
        }
        int[] sum = new int[2];
        checksum(wal, 0, 24, bigEndian, sum);
        if (sum[0] != (int) u32(wal, 24) || sum[1] != (int) u32(wal, 28)) {
            problems.accept("WAL header checksum mismatch; ignored");
            return new SqliteWal(wal, 0, 0, 0, Map.of());
        }
        long salt1 = u32(wal, 16);
        long salt2 = u32(wal, 20);
        Map<Integer, Integer> pending = new HashMap<>();
        Map<Integer, Integer> committed = new HashMap<>();
        int committedFrames = 0;
        long dbPages = 0;
        int frame = 0;
        int frameSize = FRAME_HEADER_SIZE + pageSize;
        for (long at = HEADER_SIZE; at + frameSize <= wal.length; at += frameSize, frame++) {
            int off = (int) at;
            if (u32(wal, off + 8) != salt1 || u32(wal, off + 12) != salt2) {
                break;
            }
            checksum(wal, off, 8, bigEndian, sum);
            checksum(wal, off + FRAME_HEADER_SIZE, pageSize, bigEndian, sum);
            if (sum[0] != (int) u32(wal, off + 16) || sum[1] != (int) u32(wal, off + 20)) {
                break;
            }
            long pgno = u32(wal, off);
            if (pgno < 1 || pgno > Integer.MAX_VALUE) {
                break;
            }
            pending.put((int) pgno, off + FRAME_HEADER_SIZE);
            long commitSize = u32(wal, off + 4);
            if (commitSize != 0) {
                committed.putAll(pending);
                pending.clear();
                committedFrames = frame + 1;
                dbPages = commitSize;
            }
        }
        return new SqliteWal(wal, pageSize, committedFrames, dbPages, committed);
    }

    /** Number of frames up to and including the last valid commit frame. */
    public int committedFrames() {
        return committedFrames;
    }

    /** Page size the log was written with; 0 when the log was ignored. */
    public int pageSize() {
        return pageSize;
    }

    /** Database size in pages after the last commit; 0 when nothing is committed. */
    long databasePages() {
        return databasePages;
    }

    /** The WAL bytes, for page reads at the offsets of {@link #pageOffset}. */
    byte[] bytes() {
        return bytes;
    }

    /** Offset in {@link #bytes()} of the newest committed copy of a page, or -1. */
    int pageOffset(int pageNumber) {
        Integer off = latestFrame.get(pageNumber);
        return off == null ? -1 : off;
    }

    /**
     * SQLite's WAL checksum ({@code walChecksumBytes}): over 32-bit words taken in pairs,
     * {@code s0 += x0 + s1; s1 += x1 + s0}, words read in the byte order the magic selects.
     */
    static void checksum(byte[] b, int from, int length, boolean bigEndian, int[] sum) {
        int s0 = sum[0];
        int s1 = sum[1];
        for (int i = from; i + 8 <= from + length; i += 8) {
            int x0 = bigEndian ? be32(b, i) : le32(b, i);
            int x1 = bigEndian ? be32(b, i + 4) : le32(b, i + 4);
            s0 += x0 + s1;
            s1 += x1 + s0;
        }
        sum[0] = s0;
        sum[1] = s1;
    }

    private static int be32(byte[] b, int at) {
        return ((b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
    }

    private static int le32(byte[] b, int at) {
        return ((b[at + 3] & 0xff) << 24) | ((b[at + 2] & 0xff) << 16) | ((b[at + 1] & 0xff) << 8) | (b[at] & 0xff);
    }

    static long u32(byte[] b, int at) {
        return be32(b, at) & 0xffffffffL;
    }
}
