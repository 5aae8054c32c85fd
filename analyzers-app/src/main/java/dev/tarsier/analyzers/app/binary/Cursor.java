package dev.tarsier.analyzers.app.binary;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/** A forward-only view of the file's stream that knows its offset. */
final class Cursor {

    private final InputStream in;
    private long position;

    Cursor(InputStream in) {
        this.in = in;
    }

    long position() {
        return position;
    }

    /** Skips forward to the offset; false when the stream ends first or the offset is behind. */
    boolean skipTo(long offset) throws IOException {
        if (offset < position) {
            return false;
        }
        try {
            in.skipNBytes(offset - position);
        } catch (EOFException e) {
            return false;
        }
        position = offset;
        return true;
    }

    /** Reads up to {@code n} bytes; fewer only at the end of the stream. */
    byte[] read(int n) throws IOException {
        byte[] b = in.readNBytes(n);
        position += b.length;
        return b;
    }

    /** Reads into {@code buf[off..off+len)}; the count read, 0 at the end of the stream. */
    int readInto(byte[] buf, int off, int len) throws IOException {
        int n = in.readNBytes(buf, off, len);
        position += n;
        return n;
    }
}
