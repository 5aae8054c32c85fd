package dev.tarsier.analyzers.os.rpm.ndb;

import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Reads the package blobs of rpm's NDB database ({@code Packages.db}, SUSE since 15 SP3), held in
 * memory.
 *
 * <p>Layout (rpm's {@code lib/backend/ndb/rpmpkg.c}), little-endian, in 16-byte blocks:
 * <ul>
 *   <li>the slot area, {@code slotnpages} pages of 4096 bytes, starts with a 32-byte header:
 *       magic {@code "RpmP"}, version (0), generation, {@code slotnpages}, next package index;</li>
 *   <li>then 16-byte slots: magic {@code "Slot"}, package index (0 = free slot), block offset,
 *       block count; a blob lives at {@code offset * 16} and spans {@code count * 16} bytes;</li>
 *   <li>a blob starts with magic {@code "BlbS"}, its package index, a checksum and its length,
 *       followed by the header blob itself.</li>
 * </ul>
 * Every slot, blob offset and blob length is checked against the file; a bad slot or blob is
 * reported and skipped. The blob checksum is not verified: a corrupt header blob is caught by
 * the header parser.
 */
public final class NdbDatabase {

    private static final int SLOT_PAGE = 4096;
    private static final int BLOCK = 16;
    private static final int HEADER_MAGIC = 'R' | 'p' << 8 | 'm' << 16 | 'P' << 24;
    private static final int SLOT_MAGIC = 'S' | 'l' << 8 | 'o' << 16 | 't' << 24;
    private static final int BLOB_MAGIC = 'B' | 'l' << 8 | 'b' << 16 | 'S' << 24;

    private final byte[] file;
    private final long slotPages;
    private final Consumer<String> problems;

    private NdbDatabase(byte[] file, long slotPages, Consumer<String> problems) {
        this.file = file;
        this.slotPages = slotPages;
        this.problems = problems;
    }

    /** Whether the bytes start with the NDB magic {@code "RpmP"}. */
    public static boolean hasMagic(byte[] bytes) {
        return bytes.length >= 4 && le32(bytes, 0) == HEADER_MAGIC;
    }

    /**
     * Opens a database.
     *
     * @param problems receives one line per defect, now and while reading
     * @throws NdbFormatException if the header is missing or unusable
     */
    public static NdbDatabase open(byte[] file, Consumer<String> problems) throws NdbFormatException {
        if (!hasMagic(file)) {
            throw new NdbFormatException("not an rpm NDB database (bad magic)");
        }
        if (file.length < 32) {
            throw new NdbFormatException("NDB header truncated at " + file.length + " bytes");
        }
        int version = le32(file, 4);
        if (version != 0) {
            throw new NdbFormatException("unsupported NDB version " + version);
        }
        long pages = le32(file, 12) & 0xffffffffL;
        if (pages == 0) {
            throw new NdbFormatException("NDB header declares no slot pages");
        }
        if (pages * SLOT_PAGE > file.length) {
            problems.accept("slot area of " + pages + " pages runs past the end of the file; truncated");
            pages = file.length / SLOT_PAGE;
        }
        return new NdbDatabase(file, pages, problems);
    }

    /**
     * Reads every blob that can be read.
     *
     * @param blobs receives the package index and the header blob of each used slot, in slot order
     */
    public void forEach(BiConsumer<Integer, byte[]> blobs) {
        long slots = slotPages * SLOT_PAGE / BLOCK;
        // The first two slot positions hold the database header.
        for (long i = 2; i < slots; i++) {
            int at = (int) (i * BLOCK);
            if (at + BLOCK > file.length) {
                problems.accept("slot " + i + " truncated");
                return;
            }
            int pkgIndex = le32(file, at + 4);
            if (le32(file, at) != SLOT_MAGIC) {
                problems.accept("slot " + i + ": bad slot magic");
                continue;
            }
            if (pkgIndex == 0) {
                continue;
            }
            long offset = (le32(file, at + 8) & 0xffffffffL) * BLOCK;
            long span = (le32(file, at + 12) & 0xffffffffL) * BLOCK;
            if (offset < slotPages * SLOT_PAGE || span < BLOCK || offset + span > file.length) {
                problems.accept("package " + Integer.toUnsignedString(pkgIndex) + ": blob at block "
                        + (offset / BLOCK) + " (" + span + " bytes) outside the file");
                continue;
            }
            int b = (int) offset;
            if (le32(file, b) != BLOB_MAGIC || le32(file, b + 4) != pkgIndex) {
                problems.accept("package " + Integer.toUnsignedString(pkgIndex) + ": bad blob header");
                continue;
            }
            long length = le32(file, b + 12) & 0xffffffffL;
            if (length > span - BLOCK) {
                problems.accept("package " + Integer.toUnsignedString(pkgIndex) + ": blob length " + length
                        + " exceeds its " + span + "-byte extent");
                continue;
            }
            byte[] blob = new byte[(int) length];
            System.arraycopy(file, b + BLOCK, blob, 0, (int) length);
            blobs.accept(pkgIndex, blob);
        }
    }

    private static int le32(byte[] b, int at) {
        return (b[at] & 0xff) | ((b[at + 1] & 0xff) << 8) | ((b[at + 2] & 0xff) << 16) | ((b[at + 3] & 0xff) << 24);
    }
}
