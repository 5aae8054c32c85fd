package dev.tarsier.core.internal.cache;

import dev.tarsier.api.AnalyzerInfo;
import dev.tarsier.api.Diagnostic;
import dev.tarsier.core.internal.walk.LayerResult;
import dev.tarsier.core.internal.walk.LayerStore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The analysis of layers on disk, one file per layer and analysis fingerprint, shared by every
 * scanner and process that uses the same directory.
 *
 * <p>An entry's name is the SHA-256 of the layer's diffID and the {@linkplain #fingerprint analysis
 * fingerprint} (the analyzers' ids, versions and origins, and the options that change what a walk
 * reports), so a new analyzer version, another plugin set or another option never sees an old
 * entry; those stop being read and age out. The content is {@link LayerCodec}'s checksummed format.
 *
 * <p>Several processes may use one directory at once without any lock: an entry is written to a
 * temporary file in the same directory and renamed into place atomically, so a reader sees a whole
 * entry or none, and two writers of the same layer write the same bytes. A process killed
 * mid-write leaves only a temporary file, which a later eviction removes once it is an hour old.
 *
 * <p>Bounded: after each write, when the entries take more than {@code maxBytes}, the least
 * recently used are deleted (reads touch the file's modification time). Concurrent evictions may
 * delete a little more than needed; a reader whose entry was just deleted has a miss.
 *
 * <p>Never throws from {@link #lookup} or {@link #store}: an unreadable directory is a miss, a
 * damaged entry a miss whose reason the scan reports as a diagnostic.
 */
public final class DiskLayerCache implements LayerStore {

    private static final String SUFFIX = ".layer";
    private static final String TEMP_SUFFIX = ".tmp";
    private static final long STALE_TEMP_MILLIS = 3_600_000;
    /**
     * The walker's own output version: bump it when what the walker records for the same analyzer
     * results changes (path normalisation, links, whiteouts, diagnostics), so old entries are missed.
     */
    static final int WALKER_VERSION = 2;
    private static final System.Logger LOG = System.getLogger(DiskLayerCache.class.getName());

    private final Path dir;
    private final long maxBytes;
    private final String fingerprint;

    /**
     * @param dir the directory of entries; created on the first write
     * @param maxBytes the most the entries may take together; 0 stores nothing
     * @param fingerprint what, besides the diffID, the analysis of a layer depends on
     */
    public DiskLayerCache(Path dir, long maxBytes, String fingerprint) {
        this.dir = Objects.requireNonNull(dir, "dir");
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must be >= 0: " + maxBytes);
        }
        this.maxBytes = maxBytes;
        this.fingerprint = Objects.requireNonNull(fingerprint, "fingerprint");
    }

    /**
     * The analysis fingerprint of a scanner: every analyzer's id, version and origin (a plugin jar's
     * path with its size and modification time, so a replaced jar is a new plugin set), the shared
     * buffer cap (a file larger than it is read by one analyzer only), the walker's version and
     * scanner-core's release (when the jar records one) and the entry format version.
     */
    public static String fingerprint(List<AnalyzerInfo> analyzers, long sharedBufferCap) {
        StringBuilder s = new StringBuilder("tarsier-layer-cache/").append(LayerCodec.FORMAT_VERSION)
                .append("\nwalker=").append(WALKER_VERSION)
                .append(" core=").append(DiskLayerCache.class.getPackage().getImplementationVersion())
                .append("\nsharedBuffer=").append(sharedBufferCap);
        for (AnalyzerInfo a : analyzers) {
            s.append('\n').append(a.id()).append('@').append(a.version()).append(' ').append(a.origin());
            if (a.isPlugin()) {
                try {
                    BasicFileAttributes attrs = Files.readAttributes(Path.of(a.origin()), BasicFileAttributes.class);
                    s.append(' ').append(attrs.size()).append(' ').append(attrs.lastModifiedTime().toMillis());
                } catch (IOException | RuntimeException e) {
                    s.append(" ?");
                }
            }
        }
        return s.toString();
    }

    @Override
    public boolean enabled() {
        return maxBytes > 0;
    }

    /** The directory of entries. */
    public Path directory() {
        return dir;
    }

    /** The file name of the entry of a layer: hex SHA-256 of the key, see {@link #key}. */
    Path entry(String diffId) {
        return dir.resolve(HexFormat.of().formatHex(sha256(key(diffId))) + SUFFIX);
    }

    private String key(String diffId) {
        return diffId + "\n" + fingerprint;
    }

    @Override
    public Lookup lookup(String diffId) {
        if (maxBytes == 0) {
            return Lookup.MISS;
        }
        Path file = entry(diffId);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Lookup.MISS;
        } catch (IOException | RuntimeException e) {
            // no entry (or no usable directory: a file in its place) is a plain miss; an entry
            // that exists and cannot be read is worth telling
            return Files.isRegularFile(file) ? Lookup.unusable("layer cache entry " + file.getFileName()
                    + " unreadable, layer read again: " + e.getMessage()) : Lookup.MISS;
        }
        try {
            LayerResult result = LayerCodec.decode(key(diffId), bytes);
            touch(file);
            return Lookup.hit(result);
        } catch (LayerCodec.CorruptEntryException e) {
            return Lookup.unusable("layer cache entry " + file.getFileName() + " ignored, layer read again: "
                    + e.getMessage());
        }
    }

    @Override
    public void store(String diffId, LayerResult result) {
        if (maxBytes == 0 || result.diagnostics().stream().anyMatch(d -> d.severity() == Diagnostic.Severity.ERROR)) {
            return;
        }
        byte[] bytes = LayerCodec.encode(key(diffId), result);
        if (bytes.length > maxBytes) {
            return;
        }
        Path file = entry(diffId);
        Path temp = dir.resolve(file.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong())
                + TEMP_SUFFIX);
        try {
            Files.createDirectories(dir);
            Files.write(temp, bytes);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.deleteIfExists(temp);
                return;
            }
            evict();
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "layer cache: cannot store " + file + ": " + e);
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // the temporary file ages out with the next eviction
            }
        }
    }

    /** Deletes the least recently used entries until the rest fit in the cap, and stale temporary files. */
    void evict() throws IOException {
        record Entry(Path path, long size, long used) {
        }
        List<Entry> entries = new ArrayList<>();
        long total = 0;
        long now = System.currentTimeMillis();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                BasicFileAttributes attrs;
                try {
                    attrs = Files.readAttributes(f, BasicFileAttributes.class);
                } catch (NoSuchFileException e) {
                    continue;
                }
                long used = attrs.lastModifiedTime().toMillis();
                if (name.endsWith(TEMP_SUFFIX)) {
                    if (now - used > STALE_TEMP_MILLIS) {
                        Files.deleteIfExists(f);
                    }
                } else if (name.endsWith(SUFFIX) && attrs.isRegularFile()) {
                    entries.add(new Entry(f, attrs.size(), used));
                    total += attrs.size();
                }
            }
        }
        if (total <= maxBytes) {
            return;
        }
        entries.sort(Comparator.comparingLong(Entry::used).thenComparing(e -> e.path().getFileName().toString()));
        for (Entry e : entries) {
            if (total <= maxBytes) {
                break;
            }
            Files.deleteIfExists(e.path());
            total -= e.size();
        }
    }

    private static void touch(Path file) {
        try {
            Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException | RuntimeException e) {
            // evicted meanwhile, or a read-only cache: the entry was still read whole
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
