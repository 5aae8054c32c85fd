package dev.tarsier.core.internal.registry;

import java.io.IOException;
import java.io.InputStream;

/**
 * An input stream implemented by its bulk {@code read}: the single-byte one (rarely used by the
 * walker's decompressors) goes through it, and so does {@code skip}, so the subclass keeps one
 * place where bytes are counted.
 */
abstract class BulkInputStream extends InputStream {

    @Override
    public final int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public abstract int read(byte[] b, int off, int len) throws IOException;
}
