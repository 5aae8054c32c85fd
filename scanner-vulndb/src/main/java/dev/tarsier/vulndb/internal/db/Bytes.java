package dev.tarsier.vulndb.internal.db;

import dev.tarsier.api.Severity;
import dev.tarsier.vulndb.internal.enrich.Rating;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/** A growable byte buffer with the encodings the DB format uses: big-endian ints, varints, strings. */
final class Bytes {
    private byte[] buf;
    private int size;

    Bytes(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    int size() {
        return size;
    }

    /** Empties the buffer, keeping its capacity. */
    Bytes reset() {
        size = 0;
        return this;
    }

    byte[] toArray() {
        return Arrays.copyOf(buf, size);
    }

    private void ensure(int extra) {
        if (size + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + extra));
        }
    }

    Bytes u8(int v) {
        ensure(1);
        buf[size++] = (byte) v;
        return this;
    }

    Bytes i16(int v) {
        ensure(2);
        buf[size++] = (byte) (v >>> 8);
        buf[size++] = (byte) v;
        return this;
    }

    Bytes i32(int v) {
        ensure(4);
        buf[size++] = (byte) (v >>> 24);
        buf[size++] = (byte) (v >>> 16);
        buf[size++] = (byte) (v >>> 8);
        buf[size++] = (byte) v;
        return this;
    }

    Bytes i64(long v) {
        i32((int) (v >>> 32));
        return i32((int) v);
    }

    /** Unsigned LEB128. */
    Bytes varint(int v) {
        if (v < 0) {
            throw new IllegalArgumentException("negative varint " + v);
        }
        while ((v & ~0x7f) != 0) {
            u8((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        return u8(v);
    }

    Bytes bytes(byte[] b) {
        return bytes(b, 0, b.length);
    }

    /** A run of bytes of an array. */
    Bytes bytes(byte[] b, int offset, int length) {
        ensure(length);
        System.arraycopy(b, offset, buf, size, length);
        size += length;
        return this;
    }

    /** A string: varint byte length, then UTF-8. */
    Bytes str(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        varint(b.length);
        return bytes(b);
    }

    /** Reads a varint from a buffer at its position. */
    static int readVarint(ByteBuffer b) {
        int shift = 0;
        int result = 0;
        while (true) {
            int x = b.get() & 0xff;
            result |= (x & 0x7f) << shift;
            if ((x & 0x80) == 0) {
                return result;
            }
            shift += 7;
            if (shift > 28) {
                throw new IllegalStateException("varint too long");
            }
        }
    }

    /** Reads a string written by {@link #str}. */
    static String readStr(ByteBuffer b) {
        int len = readVarint(b);
        if (len > b.remaining()) {
            throw new IllegalStateException("string runs past its record");
        }
        byte[] tmp = new byte[len];
        b.get(tmp);
        return new String(tmp, StandardCharsets.UTF_8);
    }

    /** Writes an optional rating (see {@link DbFormat}). */
    Bytes rating(Optional<Rating> rating) {
        if (rating.isEmpty()) {
            return u8(DbFormat.NO_SEVERITY);
        }
        Rating r = rating.get();
        return u8(r.severity().ordinal()).i16(Double.isNaN(r.score()) ? -1 : (int) Math.round(r.score() * 10))
                .str(r.vector()).str(r.source());
    }

    private static final Severity[] SEVERITIES = Severity.values();

    /** Reads an optional rating. */
    static Optional<Rating> readRating(ByteBuffer b) {
        int sev = b.get() & 0xff;
        if (sev == DbFormat.NO_SEVERITY) {
            return Optional.empty();
        }
        int score = b.getShort();
        String vector = readStr(b);
        String source = readStr(b);
        return Optional.of(new Rating(SEVERITIES[sev],
                score < 0 ? Double.NaN : score / 10.0, vector, source));
    }
}
