package dev.tarsier.core.internal.walk;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Follows the frames of a Zstandard stream (RFC 8878, section 3.1) on their way to the decoder and
 * stops one whose window is larger than the cap before the decoder sees its header. A decoder
 * allocates the window a frame header asks for (up to 3.75 TB by the format, 128 MiB by zstd's own
 * default limit) before it has decoded a byte: under a 64 MiB heap, a 27-bit window is an
 * OutOfMemoryError. Layers written by {@code zstd} up to level 19 and by the Go compressors of
 * Docker and containerd use windows of at most 8 MiB; {@code --ultra} and {@code --long} go beyond,
 * and such layers are refused with a diagnostic.
 */
final class ZstdFrameGuard extends FilterInputStream {

    /** Largest window a zstd frame of a layer may declare (16 MiB). */
    static final long MAX_WINDOW = 16L << 20;

    private static final int MAGIC = 0xFD2FB528;
    private static final int SKIPPABLE_MASK = 0xFFFFFFF0;
    private static final int SKIPPABLE = 0x184D2A50;

    private enum State { MAGIC, HEADER, BLOCK_HEADER, SKIP, SKIP_SIZE, UNKNOWN }

    private final long maxWindow;
    private State state = State.MAGIC;
    /** Bytes of the current fixed-size field collected so far. */
    private final byte[] field = new byte[14];
    private int have;
    private int need = 4;
    /** Bytes to pass through unexamined (block content, checksum, skippable frame). */
    private long skip;
    private boolean lastBlock;
    private boolean checksum;
    private int frames;

    ZstdFrameGuard(InputStream in, long maxWindow) {
        super(in);
        this.maxWindow = maxWindow;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            examine(b, off, n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] scratch = new byte[(int) Math.min(n, 8192)];
        int r = read(scratch, 0, scratch.length);
        return Math.max(r, 0);
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void examine(byte[] b, int off, int n) throws LayerLimitException {
        int i = off;
        int end = off + n;
        while (i < end && state != State.UNKNOWN) {
            if (skip > 0) {
                int step = (int) Math.min(skip, end - i);
                skip -= step;
                i += step;
                if (skip == 0 && state == State.SKIP) {
                    expect(State.MAGIC, 4);
                }
                continue;
            }
            field[have++] = b[i++];
            if (have == need) {
                fieldComplete();
            }
        }
    }

    private void expect(State next, int bytes) {
        state = next;
        have = 0;
        need = bytes;
    }

    private void fieldComplete() throws LayerLimitException {
        switch (state) {
            case MAGIC -> {
                int magic = (int) littleEndian(0, 4);
                if (magic == MAGIC) {
                    frames++;
                    expect(State.HEADER, 1);
                } else if ((magic & SKIPPABLE_MASK) == SKIPPABLE) {
                    expect(State.SKIP_SIZE, 4);
                } else {
                    state = State.UNKNOWN; // the decoder reports what this is
                }
            }
            case SKIP_SIZE -> {
                skip = littleEndian(0, 4);
                state = State.SKIP;
                if (skip == 0) {
                    expect(State.MAGIC, 4);
                }
            }
            case HEADER -> header();
            case BLOCK_HEADER -> {
                long h = littleEndian(0, 3);
                lastBlock = (h & 1) != 0;
                int type = (int) (h >> 1) & 3;
                long size = h >>> 3;
                skip = type == 1 ? 1 : size; // an RLE block stores one byte
                expect(State.BLOCK_HEADER, 3);
                if (lastBlock) {
                    // what follows the block: the checksum, then the next frame
                    skip += checksum ? 4 : 0;
                    state = State.SKIP;
                    if (skip == 0) {
                        expect(State.MAGIC, 4);
                    }
                }
            }
            default -> throw new IllegalStateException(state.name());
        }
    }

    /** The frame header: once its descriptor byte is in, how long it is; once complete, its window. */
    private void header() throws LayerLimitException {
        int descriptor = field[0] & 0xff;
        boolean singleSegment = (descriptor & 0x20) != 0;
        int fcsFlag = descriptor >>> 6;
        int dictFlag = descriptor & 3;
        int fcsBytes = fcsFlag == 0 ? (singleSegment ? 1 : 0) : 1 << fcsFlag;
        int dictBytes = dictFlag == 3 ? 4 : dictFlag;
        int total = 1 + (singleSegment ? 0 : 1) + dictBytes + fcsBytes;
        if (need == 1 && total > 1) {
            need = total;
            return;
        }
        checksum = (descriptor & 4) != 0;
        long window;
        if (singleSegment) {
            long fcs = littleEndian(1 + dictBytes, fcsBytes);
            window = fcsBytes == 2 ? fcs + 256 : fcs;
        } else {
            int w = field[1] & 0xff;
            int log = 10 + (w >>> 3);
            long base = 1L << log;
            window = base + (base >>> 3) * (w & 7);
        }
        if (window > maxWindow) {
            throw new LayerLimitException("zstd frame " + frames + " needs a window of " + window
                    + " bytes, more than the cap of " + maxWindow + " bytes (zstd --ultra or --long?); the rest of the layer"
                    + " was not read");
        }
        expect(State.BLOCK_HEADER, 3);
    }

    private long littleEndian(int from, int count) {
        long v = 0;
        for (int k = count - 1; k >= 0; k--) {
            v = v << 8 | (field[from + k] & 0xff);
        }
        return v;
    }
}
