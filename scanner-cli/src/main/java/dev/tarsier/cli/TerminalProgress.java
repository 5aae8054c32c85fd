package dev.tarsier.cli;

import dev.tarsier.core.ScanListener;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Progress lines on standard error while layers are walked: only when standard error is a
 * terminal and {@code --quiet} is off, so CI logs and pipes stay clean.
 */
final class TerminalProgress implements ScanListener {

    private final PrintWriter err;
    private final AtomicInteger layers = new AtomicInteger();
    private final AtomicLong bytes = new AtomicLong();

    private TerminalProgress(PrintWriter err) {
        this.err = err;
    }

    /** A progress display when standard error is a terminal and not quiet; otherwise none. */
    static ScanListener forTerminal(PrintWriter err, boolean quiet) {
        return !quiet && System.console() != null ? new TerminalProgress(err) : ScanListener.NONE;
    }

    @Override
    public void layerWalked(String blob, long blobBytes, int entries) {
        int n = layers.incrementAndGet();
        long total = bytes.addAndGet(blobBytes);
        synchronized (err) {
            err.printf(Locale.ROOT, "tarsier: walked %d layer(s), %.1f MB (%s: %d entries)%n",
                    n, total / 1e6, shorten(blob), entries);
            err.flush();
        }
    }

    private static String shorten(String blob) {
        return blob.length() <= 40 ? blob : blob.substring(0, 37) + "...";
    }
}
