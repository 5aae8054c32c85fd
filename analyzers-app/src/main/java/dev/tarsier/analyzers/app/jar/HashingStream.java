package dev.tarsier.analyzers.app.jar;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Feeds every byte read from an archive's source into a SHA-1 and counts them; the count is the
 * "compressed" side of the zip-bomb ratio. Closing does not close the source: a nested archive's
 * source is its parent's entry, which the parent still reads.
 */
final class HashingStream extends FilterInputStream {
    private final MessageDigest sha1;
    private final byte[] head = new byte[4];
    private long count;

    HashingStream(InputStream in) {
        super(in);
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            // every Java platform must provide SHA-1 (MessageDigest Javadoc)
            throw new IllegalStateException(e);
        }
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
            if (count < head.length) {
                System.arraycopy(b, off, head, (int) count, (int) Math.min(n, head.length - count));
            }
            sha1.update(b, off, n);
            count += n;
        }
        return n;
    }

    /** Skips by reading, so that skipped bytes are hashed too. */
    @Override
    public long skip(long n) throws IOException {
        byte[] buf = new byte[(int) Math.min(n, 8192)];
        long done = 0;
        while (done < n) {
            int r = read(buf, 0, (int) Math.min(buf.length, n - done));
            if (r < 0) {
                break;
            }
            done += r;
        }
        return done;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public void close() {
        // the source belongs to the caller (the layer walker or the parent archive)
    }

    long count() {
        return count;
    }

    /** Whether the first bytes read are the given ones. */
    boolean startsWith(byte[] prefix) {
        if (count < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (head[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** Hex SHA-1 of everything read; call once, at the end. */
    String sha1Hex() {
        return HexFormat.of().formatHex(sha1.digest());
    }
}
