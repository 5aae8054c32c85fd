package dev.tarsier.vulndb.internal.db;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

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
        ensure(b.length);
        System.arraycopy(b, 0, buf, size, b.length);
        size += b.length;
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
}
