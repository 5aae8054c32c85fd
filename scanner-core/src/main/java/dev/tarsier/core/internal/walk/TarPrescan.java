package dev.tarsier.core.internal.walk;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;

/**
 * Looks over the headers of an uncompressed tar file before a random-access reader indexes it,
 * seeking past the data: commons-compress's {@code TarFile} reads every extended header into memory
 * and keeps every entry, so an archive with a header of gigabytes or with millions of members must
 * be refused before it is opened. Only headers are read; a block that is not a valid header ends the
 * look (the tar reader reports what is wrong with it).
 */
public final class TarPrescan {

    /** Most members of an image archive indexed for random access. */
    public static final int MAX_MEMBERS = 100_000;

    private static final int RECORD = 512;

    private TarPrescan() {
    }

    /**
     * @throws IOException with the reason when the archive has an extended header over
     *     {@link TarHeaderGuard#MAX_EXTENDED_HEADER} or more than {@link #MAX_MEMBERS} members
     */
    public static void check(FileChannel channel) throws IOException {
        check(channel, TarHeaderGuard.MAX_EXTENDED_HEADER, MAX_MEMBERS);
    }

    static void check(FileChannel channel, long maxExtended, int maxMembers) throws IOException {
        long pos = 0;
        long length = channel.size();
        long nextSize = -1;
        int members = 0;
        ByteBuffer block = ByteBuffer.allocate(RECORD);
        while (pos + RECORD <= length) {
            block.clear();
            readFully(channel, block, pos);
            byte[] h = block.array();
            if (!TarHeaderGuard.checksumOk(h)) {
                return;
            }
            long size = TarHeaderGuard.size(h);
            if (size < 0) {
                return;
            }
            char type = (char) (h[156] & 0xff);
            if (TarHeaderGuard.isExtended(type)) {
                if (size > maxExtended) {
                    throw new IOException(TarHeaderGuard.tooLarge(h, maxExtended) + "; the archive is not read");
                }
                if (type == 'x' || type == 'X') {
                    ByteBuffer data = ByteBuffer.allocate((int) size);
                    readFully(channel, data, pos + RECORD);
                    nextSize = paxSize(data.array(), nextSize);
                }
            } else {
                if (++members > maxMembers) {
                    throw new IOException("more than " + maxMembers + " members in the archive; it is not read");
                }
                if (nextSize >= 0) {
                    size = nextSize;
                    nextSize = -1;
                }
            }
            pos += RECORD + (size + RECORD - 1) / RECORD * RECORD;
        }
    }

    /** The {@code size} record of a PAX header, or {@code previous} when it has none. */
    private static long paxSize(byte[] data, long previous) {
        long found = previous;
        int i = 0;
        while (i < data.length) {
            int space = i;
            while (space < data.length && data[space] != ' ') {
                space++;
            }
            long length;
            try {
                length = Long.parseLong(new String(data, i, space - i, StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                return found;
            }
            if (length <= 0 || i + length > data.length) {
                return found;
            }
            String record = new String(data, space + 1, (int) (i + length - space - 2), StandardCharsets.UTF_8);
            if (record.startsWith("size=")) {
                try {
                    found = Long.parseLong(record.substring(5));
                } catch (NumberFormatException e) {
                    return found;
                }
            }
            i += (int) length;
        }
        return found;
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                throw new EOFException("tar archive truncated");
            }
            at += n;
        }
    }
}
