package dev.tarsier.core.internal.walk;

import dev.tarsier.api.Diagnostic;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads one layer blob in a single streaming pass: verifies the blob digest while reading,
 * decompresses (gzip, zstd or none), iterates the tar entries and feeds them to a
 * {@link LayerWalk}. Nothing is written to disk and no entry is buffered beyond what the walk's
 * analyzers ask for.
 */
public final class LayerReader {

    /** Buffer for reading past unselected entries; reused for the whole layer. */
    private static final int SKIP_BUFFER = 1 << 16;

    /** Told about every layer walked: blob key, bytes read from the blob, tar entries. */
    @FunctionalInterface
    public interface Progress {
        void layerWalked(String blob, long bytes, int entries);
    }

    private final SelectorIndex index;
    private final long sharedBufferCap;
    private final Progress progress;
    private final LayerStore store;
    private final long ratioFloor;
    private final long maxExtendedHeader;
    /** Analyzers (by index) that failed for good during this scan, shared by the layer walks. */
    private final Set<Integer> disabled = ConcurrentHashMap.newKeySet();

    public LayerReader(SelectorIndex index, long sharedBufferCap) {
        this(index, sharedBufferCap, (blob, bytes, entries) -> { });
    }

    public LayerReader(SelectorIndex index, long sharedBufferCap, Progress progress) {
        this(index, sharedBufferCap, progress, LayerStore.NONE);
    }

    /**
     * @param store where layers are looked up by diffID before they are opened, and stored after a
     *     walk whose content matched the diffID
     */
    public LayerReader(SelectorIndex index, long sharedBufferCap, Progress progress, LayerStore store) {
        this(index, sharedBufferCap, progress, store, LayerInput.RATIO_FLOOR, TarHeaderGuard.MAX_EXTENDED_HEADER);
    }

    /** With other caps than the documented ones (tests reach them without gigabytes of input). */
    LayerReader(SelectorIndex index, long sharedBufferCap, Progress progress, LayerStore store, long ratioFloor,
                long maxExtendedHeader) {
        this.index = index;
        this.sharedBufferCap = sharedBufferCap;
        this.progress = progress;
        this.store = store;
        this.ratioFloor = ratioFloor;
        this.maxExtendedHeader = maxExtendedHeader;
    }

    /** The layer store of this scan ({@link LayerStore#NONE} without one). */
    public LayerStore store() {
        return store;
    }

    /**
     * Looks a layer up in the store by diffID.
     *
     * @return the stored result attributed to {@code layer}, or a miss; a miss caused by an unusable
     *     entry carries its reason as an INFO diagnostic for the layer read again
     */
    public Cached cached(int layer, Optional<String> diffId) {
        if (!store.enabled() || diffId.isEmpty() || !cacheable(diffId.get())) {
            return new Cached(Optional.empty(), Optional.empty());
        }
        LayerStore.Lookup found = store.lookup(diffId.get());
        return new Cached(found.result().map(r -> r.withLayer(layer)),
                found.problem().map(p -> Diagnostic.of(Diagnostic.Severity.INFO, Diagnostic.SCANNER, layer, null, p)));
    }

    /** A store lookup: the result, or why a stored entry could not be used. */
    public record Cached(Optional<LayerResult> result, Optional<Diagnostic> problem) {
    }

    private static boolean cacheable(String diffId) {
        return diffId.startsWith("sha256:") && diffId.length() == 71;
    }

    /** Starts a walk for a layer that is not a tar stream (a root filesystem directory). */
    public LayerWalk newWalk(int layer) {
        return new LayerWalk(index, layer, sharedBufferCap, disabled);
    }

    /**
     * Walks a layer blob. Problems in the blob become diagnostics of the result; only interruption
     * escapes.
     *
     * @param layer index the results are attributed to
     * @param raw the blob as stored (possibly compressed); closed by this method
     * @param expectedDigest the blob's digest ({@code sha256:<hex>}) to verify, when known
     * @throws InterruptedIOException when the thread was interrupted
     */
    public LayerResult read(int layer, InputStream raw, Optional<String> expectedDigest) throws InterruptedIOException {
        return read(layer, "layer " + layer, raw, expectedDigest);
    }

    /**
     * Walks a layer blob, as {@link #read(int, InputStream, Optional)}, naming it {@code blob} in
     * progress reports.
     */
    public LayerResult read(int layer, String blob, InputStream raw, Optional<String> expectedDigest)
            throws InterruptedIOException {
        return read(layer, blob, raw, expectedDigest, Optional.empty());
    }

    /**
     * Walks a layer blob, as {@link #read(int, String, InputStream, Optional)}, and, when the
     * uncompressed content turns out to hash to {@code diffId}, gives the result to the
     * {@link LayerStore}. Only complete walks without ERROR diagnostics, in a scan where no analyzer
     * was disabled, are stored: anything else might not be what a later walk reports.
     */
    public LayerResult read(int layer, String blob, InputStream raw, Optional<String> expectedDigest,
                            Optional<String> diffId) throws InterruptedIOException {
        boolean storing = store.enabled() && diffId.isPresent() && cacheable(diffId.get()) && disabled.isEmpty();
        MessageDigest diffDigest = storing ? sha256() : null;
        LayerWalk walk = newWalk(layer);
        MessageDigest digest = expectedDigest.filter(d -> d.startsWith("sha256:")).map(d -> sha256()).orElse(null);
        CountingStream counted = new CountingStream(raw);
        InputStream source = digest == null ? counted : new DigestInputStream(counted, digest);
        int entries = 0;
        boolean verifiedDiffId = false;
        try (InputStream in = source) {
            LayerInput content = new LayerInput(in, () -> counted.count, ratioFloor);
            InputStream tarStream = content;
            if (diffDigest != null) {
                tarStream = new DigestInputStream(tarStream, diffDigest);
            }
            TarHeaderGuard guard = new TarHeaderGuard(new NonClosing(tarStream), maxExtendedHeader);
            TarArchiveInputStream tar = new TarArchiveInputStream(guard);
            TarArchiveEntry entry;
            boolean complete = true;
            byte[] skipBuffer = new byte[SKIP_BUFFER];
            while (true) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedIOException("scan interrupted");
                }
                try {
                    guard.atEntryBoundary();
                    entry = tar.getNextEntry();
                } catch (IOException | RuntimeException e) {
                    guard.takeNotes().forEach(note -> walk.warn(null, note));
                    walk.diagnostic(Diagnostic.Severity.ERROR, Diagnostic.SCANNER, null,
                            failure("layer truncated or corrupt after " + entries + " entries: ", e));
                    complete = false;
                    break;
                }
                String described = entry == null ? null : entry.getName();
                guard.takeNotes().forEach(note -> walk.warn(described, note));
                if (entry == null) {
                    break;
                }
                entries++;
                if (!accept(walk, tar, entry) || !drain(walk, tar, entry, skipBuffer)) {
                    complete = false;
                    break;
                }
            }
            if (complete && diffDigest != null) {
                verifiedDiffId = hashesTo(tarStream, diffDigest, diffId.get());
            }
            if (complete) {
                complete = finishContent(walk, content);
            }
            if (complete && digest != null) {
                in.transferTo(OutputStream.nullOutputStream());
                String actual = "sha256:" + HexFormat.of().formatHex(digest.digest());
                if (!actual.equals(expectedDigest.get())) {
                    walk.diagnostic(Diagnostic.Severity.ERROR, Diagnostic.SCANNER, null,
                            "layer blob digest mismatch: expected " + expectedDigest.get() + ", got " + actual);
                }
            }
        } catch (InterruptedIOException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            walk.diagnostic(Diagnostic.Severity.ERROR, Diagnostic.SCANNER, null,
                    failure("layer unreadable after " + entries + " entries: ", e));
        }
        try {
            progress.layerWalked(blob, counted.count, entries);
        } catch (RuntimeException e) {
            // a progress display must never break a scan
        }
        LayerResult result = walk.finish();
        if (verifiedDiffId && disabled.isEmpty()) {
            store.store(diffId.get(), result);
        }
        return result;
    }

    /**
     * Reads the rest of the uncompressed layer (the tar's end blocks and padding) and compares its
     * hash with the diffID. A failure here only means "not stored": the walk itself was complete,
     * and a scan without a store would report nothing about it either.
     */
    private static boolean hashesTo(InputStream tarStream, MessageDigest diffDigest, String diffId)
            throws InterruptedIOException {
        try {
            tarStream.transferTo(OutputStream.nullOutputStream());
        } catch (InterruptedIOException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            return false;
        }
        return diffId.equals("sha256:" + HexFormat.of().formatHex(diffDigest.digest()));
    }

    /**
     * Reads what the tar end left of the uncompressed content (end blocks, padding) so that the
     * decompressor sees the end of the blob, and reports trailing data after the last gzip member.
     * A failure here is reported but costs none of the entries already read.
     */
    private static boolean finishContent(LayerWalk walk, LayerInput content) throws InterruptedIOException {
        try {
            content.transferTo(OutputStream.nullOutputStream());
        } catch (InterruptedIOException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            walk.diagnostic(Diagnostic.Severity.WARNING, Diagnostic.SCANNER, null,
                    failure("layer content after the end of the tar archive is unreadable: ", e));
            return false;
        }
        content.trailingData().ifPresent(message -> walk.warn(null, message));
        return true;
    }

    /** The message for a failed walk: a cap's own message, or the prefix and the failure. */
    static String failure(String prefix, Throwable e) {
        return e instanceof LayerLimitException ? e.getMessage() : prefix + LayerWalk.describe(e);
    }

    /** Handles one entry; returns false when the layer stream failed and the walk must stop. */
    private static boolean accept(LayerWalk walk, TarArchiveInputStream tar, TarArchiveEntry entry) {
        String path = walk.normalise(entry.getName());
        if (path == null) {
            return true;
        }
        if (walk.whiteout(path)) {
            return true;
        }
        if (entry.isSymbolicLink()) {
            walk.symlink(path, entry.getLinkName());
        } else if (entry.isLink()) {
            walk.hardlink(path, entry.getLinkName());
        } else if (entry.isDirectory()) {
            walk.directory(path);
        } else if (entry.isFile()) {
            try {
                walk.file(path, entry.getSize(), entry.getMode() & 07777, tar);
            } catch (IOException e) {
                walk.diagnostic(Diagnostic.Severity.ERROR, Diagnostic.SCANNER, path,
                        failure("layer truncated or corrupt while reading this file: ", e));
                return false;
            }
        }
        return true;
    }

    /**
     * Reads past what is left of the current entry with one reusable buffer. (Leaving it to the tar
     * reader's own skip costs a fresh scratch buffer per 8 KiB in commons-io, which made the walk
     * allocate more bytes than the layer holds.)
     */
    private static boolean drain(LayerWalk walk, TarArchiveInputStream tar, TarArchiveEntry entry, byte[] buffer) {
        try {
            while (tar.read(buffer, 0, buffer.length) > 0) {
                // discard
            }
            return true;
        } catch (IOException e) {
            walk.diagnostic(Diagnostic.Severity.ERROR, Diagnostic.SCANNER, entry.getName(),
                    failure("layer truncated or corrupt while reading this entry: ", e));
            return false;
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    /** Keeps the tar reader from closing the decompressor before the digest is complete. */
    private static final class NonClosing extends FilterInputStream {
        NonClosing(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
        }
    }

    /** Counts the bytes read from a blob, for progress reports. */
    private static final class CountingStream extends FilterInputStream {
        long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count += skipped;
            return skipped;
        }
    }
}
