package dev.tarsier.core.internal.walk;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decompresses a gzip stream (RFC 1952) member after member, and tells what followed the last one.
 *
 * <p>A gzip file may hold several members one after the other (RFC 1952 section 2.2); their
 * contents concatenate, and layers written by parallel compressors (pigz, igzip) use that, so every
 * member is read. What {@link java.util.zip.GZIPInputStream} does with other bytes after a member
 * depends on {@code available()} and it drops them without a word. Here bytes after the last member
 * that do not start another member end the content and are counted as {@link #trailingBytes()}:
 * Docker's layer store ignores them (it discards the rest of a layer after the tar end), containerd's
 * applier fails the layer ("gzip: invalid header"), and GNU gzip warns about "trailing garbage"
 * unless they are all zero. The walk reports them as a warning and keeps what it read.
 */
final class GzipMembers extends InputStream {

    private static final int FHCRC = 2;
    private static final int FEXTRA = 4;
    private static final int FNAME = 8;
    private static final int FCOMMENT = 16;
    private static final int RESERVED = 0xe0;

    private final InputStream in;
    private final byte[] buffer;
    private int pos;
    private int limit;
    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    private long memberSize;
    private int members;
    private boolean finished;
    private long trailing;
    private boolean trailingNonZero;

    /**
     * @param in the compressed stream, positioned at the first member's header
     * @param bufferSize size of the input buffer
     * @throws IOException when the first member's header is not a gzip header
     */
    GzipMembers(InputStream in, int bufferSize) throws IOException {
        this.in = in;
        this.buffer = new byte[bufferSize];
        readHeader();
    }

    /** Members read so far. */
    int members() {
        return members;
    }

    /**
     * Bytes after the last member that did not start another member; meaningful once this stream
     * returned end of data.
     */
    long trailingBytes() {
        return trailing;
    }

    /** Whether any of the {@link #trailingBytes()} is not zero (GNU gzip ignores zero padding). */
    boolean trailingNonZero() {
        return trailingNonZero;
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
        while (!finished) {
            int n;
            try {
                n = inflater.inflate(b, off, len);
            } catch (DataFormatException e) {
                throw new IOException("corrupt gzip data in member " + members + ": " + e.getMessage(), e);
            }
            if (n > 0) {
                crc.update(b, off, n);
                memberSize += n;
                return n;
            }
            if (inflater.finished()) {
                pos = limit - inflater.getRemaining();
                readTrailer();
                nextMember();
            } else if (inflater.needsDictionary()) {
                throw new IOException("corrupt gzip data in member " + members + ": preset dictionary required");
            } else if (inflater.needsInput()) {
                if (pos == limit && fill() < 0) {
                    throw new EOFException("gzip stream truncated in member " + members);
                }
                inflater.setInput(buffer, pos, limit - pos);
                pos = limit;
            }
        }
        return -1;
    }

    @Override
    public int available() {
        return finished ? 0 : 1;
    }

    @Override
    public void close() throws IOException {
        inflater.end();
        in.close();
    }

    private void readHeader() throws IOException {
        if (next() != 0x1f || next() != 0x8b) {
            throw new IOException("not in gzip format");
        }
        if (next() != 8) {
            throw new IOException("unsupported gzip compression method");
        }
        int flags = next();
        if ((flags & RESERVED) != 0) {
            throw new IOException("gzip header with reserved flags set");
        }
        for (int i = 0; i < 6; i++) {
            next(); // MTIME, XFL, OS
        }
        if ((flags & FEXTRA) != 0) {
            int length = next() | next() << 8;
            for (int i = 0; i < length; i++) {
                next();
            }
        }
        if ((flags & FNAME) != 0) {
            skipZeroTerminated();
        }
        if ((flags & FCOMMENT) != 0) {
            skipZeroTerminated();
        }
        if ((flags & FHCRC) != 0) {
            next();
            next();
        }
        members++;
        memberSize = 0;
        crc.reset();
        inflater.reset();
    }

    private void readTrailer() throws IOException {
        long expectedCrc = littleEndianInt();
        long expectedSize = littleEndianInt();
        if (expectedCrc != crc.getValue()) {
            throw new IOException("gzip member " + members + " fails its CRC check");
        }
        if (expectedSize != (memberSize & 0xffffffffL)) {
            throw new IOException("gzip member " + members + " has a wrong size in its trailer");
        }
    }

    /** After a member: another member, the end of the stream, or trailing bytes. */
    private void nextMember() throws IOException {
        if (pos == limit && fill() < 0) {
            finished = true;
            return;
        }
        if (limit - pos < 2) {
            fill();
        }
        if (limit - pos >= 2 && (buffer[pos] & 0xff) == 0x1f && (buffer[pos + 1] & 0xff) == 0x8b) {
            readHeader();
            return;
        }
        finished = true;
        // count (never keep) what follows: it may be a whole file appended to the layer
        do {
            for (int i = pos; i < limit; i++) {
                trailingNonZero |= buffer[i] != 0;
            }
            trailing += limit - pos;
            pos = limit;
        } while (fill() >= 0);
    }

    private long littleEndianInt() throws IOException {
        return (long) next() | (long) next() << 8 | (long) next() << 16 | (long) next() << 24;
    }

    private void skipZeroTerminated() throws IOException {
        while (next() != 0) {
            // a file name or comment: not needed
        }
    }

    private int next() throws IOException {
        if (pos == limit && fill() < 0) {
            throw new EOFException("gzip stream truncated in a member header or trailer");
        }
        return buffer[pos++] & 0xff;
    }

    /**
     * Reads more input keeping the unread bytes; returns -1 at the end of the input. Compacts so
     * that a two-byte look-ahead always fits.
     */
    private int fill() throws IOException {
        if (pos > 0) {
            System.arraycopy(buffer, pos, buffer, 0, limit - pos);
            limit -= pos;
            pos = 0;
        }
        int n = in.read(buffer, limit, buffer.length - limit);
        if (n > 0) {
            limit += n;
        }
        return n;
    }
}
