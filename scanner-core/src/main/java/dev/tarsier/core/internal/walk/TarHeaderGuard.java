package dev.tarsier.core.internal.walk;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Sits between the decompressed layer and the tar reader and keeps oversized extended headers
 * away from it. A PAX extended header ({@code x}, {@code g}, Solaris {@code X}) or a GNU long name
 * ({@code L}, {@code K}) is read whole into memory by a tar reader before the entry it describes;
 * a hostile layer can declare one of gigabytes. Real ones hold a long path, a link target or a few
 * extended attributes (a Linux xattr value is at most 64 KiB), so a header of more than
 * {@value #MAX_EXTENDED_HEADER} bytes is dropped here, unread, and noted: the entry after it is
 * read without it (POSIX.1-2017 {@code pax}, "pax Extended Header"; GNU tar manual, "GNU tar and
 * POSIX tar").
 *
 * <p>The guard looks at the headers it knows to be at a header position: the one the tar reader
 * reads next when {@link #atEntryBoundary()} is called, and the headers that follow an extended
 * header it let through. A block is only taken for a header when its checksum is right.
 */
public final class TarHeaderGuard extends FilterInputStream {

    /** Largest PAX extended header or GNU long name/link passed to the tar reader (1 MiB). */
    public static final long MAX_EXTENDED_HEADER = 1L << 20;

    private static final int RECORD = 512;

    private final long maxExtendedHeader;
    private final byte[] scratch = new byte[8192];
    /** Bytes given to the tar reader so far. */
    private long position;
    /** Where the next header starts (in bytes given to the reader), or -1 when not known. */
    private long nextHeader;
    /** A header block looked at and not yet fully given to the reader. */
    private byte[] pending;
    private int pendingPos;
    private final List<String> notes = new ArrayList<>();

    public TarHeaderGuard(InputStream in, long maxExtendedHeader) {
        super(in);
        this.maxExtendedHeader = maxExtendedHeader;
    }

    /** Tells the guard that the tar reader is about to read the next entry's header. */
    public void atEntryBoundary() {
        if (pending == null) {
            nextHeader = (position + RECORD - 1) / RECORD * RECORD;
        }
    }

    /** What was dropped since the last call, one message per header. */
    public List<String> takeNotes() {
        if (notes.isEmpty()) {
            return List.of();
        }
        List<String> taken = List.copyOf(notes);
        notes.clear();
        return taken;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (pending == null && position == nextHeader && !inspect()) {
            return -1;
        }
        if (pending != null) {
            int n = Math.min(len, pending.length - pendingPos);
            System.arraycopy(pending, pendingPos, b, off, n);
            pendingPos += n;
            position += n;
            if (pendingPos == pending.length) {
                pending = null;
            }
            return n;
        }
        int want = nextHeader > position ? (int) Math.min(len, nextHeader - position) : len;
        int n = in.read(b, off, want);
        if (n > 0) {
            position += n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // through read(), so that header positions stay known
        int r = read(scratch, 0, (int) Math.min(n, scratch.length));
        return Math.max(r, 0);
    }

    @Override
    public int available() throws IOException {
        return pending != null ? pending.length - pendingPos : in.available();
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public synchronized void mark(int readlimit) {
        // not supported
    }

    @Override
    public synchronized void reset() throws IOException {
        throw new IOException("mark/reset not supported");
    }

    /**
     * Looks at the header block(s) at {@link #nextHeader}: drops oversized extended headers and
     * keeps the first block to give to the reader in {@link #pending}. Returns false at the end.
     */
    private boolean inspect() throws IOException {
        while (true) {
            byte[] header = in.readNBytes(RECORD);
            if (header.length == 0) {
                nextHeader = -1;
                return false;
            }
            pending = header;
            pendingPos = 0;
            if (header.length < RECORD || !checksumOk(header)) {
                nextHeader = -1; // not a header (the end-of-archive blocks, or not a tar at all)
                return true;
            }
            long size = size(header);
            char type = (char) (header[156] & 0xff);
            boolean extended = isExtended(type);
            if (!extended || size < 0) {
                nextHeader = -1; // an entry: its data size may come from an extended header
                return true;
            }
            long data = (size + RECORD - 1) / RECORD * RECORD;
            if (size <= maxExtendedHeader) {
                nextHeader = position + RECORD + data;
                return true;
            }
            pending = null;
            long dropped = discard(data);
            notes.add(tooLarge(header, maxExtendedHeader) + "; dropped unread, the entry after it is read without it"
                    + (dropped < data ? " (the layer ends inside it)" : ""));
            if (dropped < data) {
                nextHeader = -1;
                return false;
            }
        }
    }

    /** Reads and drops up to {@code n} bytes; returns how many there were. */
    private long discard(long n) throws IOException {
        long done = 0;
        while (done < n) {
            int r = in.read(scratch, 0, (int) Math.min(scratch.length, n - done));
            if (r < 0) {
                break;
            }
            done += r;
        }
        return done;
    }

    /** Whether the typeflag is an extended header or a GNU long name/link record. */
    static boolean isExtended(char type) {
        return type == 'x' || type == 'g' || type == 'X' || type == 'L' || type == 'K';
    }

    /** "PAX extended header 'NAME' of N bytes exceeds the cap of M bytes". */
    static String tooLarge(byte[] header, long cap) {
        return kind((char) (header[156] & 0xff)) + " '" + name(header) + "' of " + size(header)
                + " bytes exceeds the cap of " + cap + " bytes";
    }

    private static String kind(char type) {
        return switch (type) {
            case 'L' -> "GNU long name";
            case 'K' -> "GNU long link name";
            case 'g' -> "PAX global extended header";
            default -> "PAX extended header";
        };
    }

    private static String name(byte[] header) {
        int end = 0;
        while (end < 100 && header[end] != 0) {
            end++;
        }
        return new String(header, 0, end, StandardCharsets.UTF_8);
    }

    /** The size field: octal, or base-256 when the first byte has its high bit set; -1 if unreadable. */
    static long size(byte[] h) {
        if ((h[124] & 0x80) != 0) {
            if ((h[124] & 0x7f) != 0) {
                return -1; // negative, or beyond any size a reader could hold
            }
            long v = 0;
            for (int i = 125; i < 136; i++) {
                if (v >>> 55 != 0) {
                    return -1;
                }
                v = v << 8 | (h[i] & 0xff);
            }
            return v;
        }
        return octal(h, 124, 12);
    }

    private static long octal(byte[] h, int offset, int length) {
        long v = 0;
        boolean digits = false;
        for (int i = offset; i < offset + length; i++) {
            int c = h[i] & 0xff;
            if (c >= '0' && c <= '7') {
                v = v << 3 | (c - '0');
                digits = true;
            } else if (c == 0 || c == ' ') {
                if (digits) {
                    break;
                }
            } else {
                return -1;
            }
        }
        return v;
    }

    /** ustar checksum: the sum of the header's bytes with the checksum field taken as spaces. */
    static boolean checksumOk(byte[] h) {
        long stored = octal(h, 148, 8);
        if (stored < 0) {
            return false;
        }
        long unsigned = 0;
        long signed = 0;
        for (int i = 0; i < RECORD; i++) {
            int b = i >= 148 && i < 156 ? ' ' : h[i];
            unsigned += b & 0xff;
            signed += (byte) b;
        }
        // historic writers summed signed bytes; readers accept both (as GNU tar does)
        return stored == unsigned || stored == signed;
    }
}
