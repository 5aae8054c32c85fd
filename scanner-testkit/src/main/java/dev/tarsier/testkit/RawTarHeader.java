package dev.tarsier.testkit;

import java.nio.charset.StandardCharsets;

/**
 * Builds one 512-byte POSIX ustar header verbatim (POSIX.1-2017 {@code pax}, "ustar Interchange
 * Format"), without the name normalization a tar library applies. Used for entries a well-behaved
 * writer refuses to produce: names with {@code ..} or a leading {@code /}, and sizes that the data
 * that follows does not have.
 */
final class RawTarHeader {

    static final int RECORD = 512;

    /** Largest value an 11-digit octal field can hold (8 GiB - 1). */
    private static final long MAX_OCTAL_11 = 077777777777L;

    private RawTarHeader() {
    }

    /**
     * @param name written as-is into the 100-byte name field
     * @param typeflag ustar typeflag, e.g. {@code '0'} regular, {@code '2'} symlink
     * @param size the size field; above 8 GiB - 1 it is written in the GNU/star base-256 form
     *     (first byte 0x80), which GNU tar, Go's archive/tar and commons-compress all read
     * @throws IllegalArgumentException if the name or link target exceeds 100 bytes
     */
    static byte[] header(String name, char typeflag, long size, int mode, long mtime,
            String linkTarget) {
        byte[] h = new byte[RECORD];
        put(h, 0, 100, name);
        octal(h, 100, 8, mode);
        octal(h, 108, 8, 0);
        octal(h, 116, 8, 0);
        if (size > MAX_OCTAL_11) {
            h[124] = (byte) 0x80;
            for (int i = 0; i < 8; i++) {
                h[124 + 11 - i] = (byte) (size >>> (8 * i));
            }
        } else {
            octal(h, 124, 12, size);
        }
        octal(h, 136, 12, mtime);
        h[156] = (byte) typeflag;
        put(h, 157, 100, linkTarget == null ? "" : linkTarget);
        put(h, 257, 6, "ustar");
        h[263] = '0';
        h[264] = '0';
        put(h, 265, 32, "root");
        put(h, 297, 32, "root");
        // ustar: the checksum is the sum of all header bytes, taken as unsigned, with the
        // checksum field itself counted as eight spaces; stored as six octal digits, NUL, space.
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        String digits = String.format("%06o", sum);
        put(h, 148, 6, digits);
        h[154] = 0;
        h[155] = ' ';
        return h;
    }

    /** Zero bytes needed after {@code length} bytes of content to reach a record boundary. */
    static int padding(long length) {
        int rest = (int) (length % RECORD);
        return rest == 0 ? 0 : RECORD - rest;
    }

    private static void put(byte[] h, int offset, int length, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > length) {
            throw new IllegalArgumentException("does not fit in " + length + " bytes: " + value);
        }
        System.arraycopy(bytes, 0, h, offset, bytes.length);
    }

    /** Zero-padded octal digits followed by a NUL, filling the field. */
    private static void octal(byte[] h, int offset, int length, long value) {
        String digits = Long.toOctalString(value);
        String padded = "0".repeat(length - 1 - digits.length()) + digits;
        put(h, offset, length - 1, padded);
        h[offset + length - 1] = 0;
    }
}
