package dev.tarsier.core.internal.registry;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Consumer;

/**
 * Hashes a blob as it streams through and, when closed, reads whatever the consumer left (a tar
 * end-of-archive padding, a gzip trailer) so that the whole blob is verified; a mismatch is
 * reported to {@code onMismatch} with the actual digest. Only {@code sha256:} digests are checked.
 */
final class VerifyingStream extends FilterInputStream {

    private final String expected;
    private final MessageDigest digest;
    private final Consumer<String> onMismatch;
    private boolean eof;
    private boolean closed;

    VerifyingStream(InputStream in, String expected, Consumer<String> onMismatch) {
        super(in);
        this.expected = expected;
        this.onMismatch = onMismatch;
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b < 0) {
            eof = true;
        } else {
            digest.update((byte) b);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int off, int len) throws IOException {
        int n = in.read(buffer, off, len);
        if (n < 0) {
            eof = true;
        } else {
            digest.update(buffer, off, n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // skipped bytes must still be hashed
        byte[] buffer = new byte[(int) Math.min(n, 8192)];
        long done = 0;
        while (done < n) {
            int r = read(buffer, 0, (int) Math.min(buffer.length, n - done));
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
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (!eof && !Thread.currentThread().isInterrupted()) {
                transferTo(OutputStream.nullOutputStream());
            }
            if (eof && expected.startsWith("sha256:")) {
                String actual = "sha256:" + HexFormat.of().formatHex(digest.digest());
                if (!actual.equals(expected)) {
                    onMismatch.accept(actual);
                }
            }
        } finally {
            in.close();
        }
    }
}
