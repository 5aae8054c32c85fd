package dev.tarsier.testkit;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds one image layer: an uncompressed tar as described by the OCI image-spec
 * ({@code layer.md}, "Distributable Format" and "Whiteouts"), in the shape container tools
 * write it.
 *
 * <p>Entries are written in the order they are added. Every header carries the same fixed
 * mtime, uid/gid 0 and user/group {@code root}, so {@link #bytes()} is reproducible and the
 * layer's diff_id is stable across runs. Paths are given without a leading {@code /}
 * (one is stripped if present); directories get a trailing {@code /}.
 *
 * <p>Long names (over 100 bytes) are written as PAX extended headers ({@code path},
 * {@code linkpath}) by default, or as GNU {@code ././@LongLink} entries with
 * {@link #longNames(LongNames)}. Sizes above 8 GiB - 1 use PAX {@code size} records.
 *
 * <p>Hostile entries for negative tests: {@link #rawEntry} writes a header verbatim (no name
 * clean-up, so {@code ../../etc/passwd} and {@code /abs/path} survive), and
 * {@link #hugeSizeHeader} writes a header that claims more content than follows.
 *
 * <pre>{@code
 * byte[] tar = new LayerBuilder()
 *         .dir("etc")
 *         .file("etc/os-release", "ID=alpine\n")
 *         .symlink("bin/sh", "/bin/busybox")
 *         .whiteout("tmp/old.txt")
 *         .bytes();
 * }</pre>
 */
public final class LayerBuilder {

    /** The mtime written into every header: 2024-01-01T00:00:00Z. */
    public static final Instant MTIME = Instant.parse("2024-01-01T00:00:00Z");

    /** How names and link targets longer than 100 bytes are encoded. */
    public enum LongNames {
        /** POSIX.1-2001 pax extended header records {@code path} / {@code linkpath}. */
        PAX,
        /** GNU tar {@code ././@LongLink} pseudo-entries of type {@code L} / {@code K}. */
        GNU
    }

    private enum Kind { FILE, DIR, SYMLINK, HARDLINK, RAW, HUGE }

    private record Entry(Kind kind, String name, byte[] content, int mode, String target,
            char typeflag, long claimedSize) {
    }

    private final List<Entry> entries = new ArrayList<>();
    private LongNames longNames = LongNames.PAX;
    private boolean dotSlash;

    /** Creates an empty layer (a valid tar with only the end-of-archive marker). */
    public LayerBuilder() {
    }

    /** Adds a regular file with mode 0644. */
    public LayerBuilder file(String path, byte[] content) {
        return file(path, content, 0644);
    }

    /** Adds a regular UTF-8 text file with mode 0644. */
    public LayerBuilder file(String path, String content) {
        return file(path, content.getBytes(StandardCharsets.UTF_8), 0644);
    }

    /** Adds a regular file with the given permission bits (for example {@code 04755}). */
    public LayerBuilder file(String path, byte[] content, int mode) {
        Objects.requireNonNull(content, "content");
        return add(new Entry(Kind.FILE, clean(path), content.clone(), mode, null, '0', 0));
    }

    /** Adds a regular file with mode 0755. */
    public LayerBuilder executable(String path, byte[] content) {
        return file(path, content, 0755);
    }

    /** Adds a directory with mode 0755. */
    public LayerBuilder dir(String path) {
        String name = clean(path);
        return add(new Entry(Kind.DIR, name.endsWith("/") ? name : name + "/", new byte[0], 0755,
                null, '5', 0));
    }

    /** Adds a symbolic link; the target is stored exactly as given (relative or absolute). */
    public LayerBuilder symlink(String path, String target) {
        Objects.requireNonNull(target, "target");
        return add(new Entry(Kind.SYMLINK, clean(path), new byte[0], 0777, target, '2', 0));
    }

    /**
     * Adds a hard link. As in every tar, the target names an earlier entry of the archive by
     * its path (a leading {@code /} is stripped).
     */
    public LayerBuilder hardlink(String path, String target) {
        return add(new Entry(Kind.HARDLINK, clean(path), new byte[0], 0644, clean(target), '1',
                0));
    }

    /**
     * Adds a whiteout for {@code path}: an empty file {@code dir/.wh.name} that deletes
     * {@code dir/name} (and everything below it) from lower layers (image-spec layer.md,
     * "Whiteouts").
     */
    public LayerBuilder whiteout(String path) {
        String name = clean(path);
        if (name.endsWith("/")) {
            name = name.substring(0, name.length() - 1);
        }
        int slash = name.lastIndexOf('/');
        String marker = name.substring(0, slash + 1) + ".wh." + name.substring(slash + 1);
        return add(new Entry(Kind.FILE, marker, new byte[0], 0644, null, '0', 0));
    }

    /**
     * Marks {@code dir} opaque: an empty file {@code dir/.wh..wh..opq} that hides every child
     * of {@code dir} from lower layers (image-spec layer.md, "Opaque Whiteout").
     */
    public LayerBuilder opaque(String dir) {
        String name = clean(dir);
        String prefix = name.isEmpty() || name.endsWith("/") ? name : name + "/";
        return add(new Entry(Kind.FILE, prefix + ".wh..wh..opq", new byte[0], 0644, null, '0', 0));
    }

    /**
     * Writes a regular-file header with the name exactly as given, bypassing all clean-up:
     * for hostile names such as {@code ../../etc/passwd}, {@code /abs/path} or
     * {@code ./etc/passwd}.
     *
     * @throws IllegalArgumentException if the name is longer than 100 bytes
     */
    public LayerBuilder rawEntry(String name, byte[] content) {
        return rawEntry(name, '0', content, 0644, null);
    }

    /**
     * Writes a header verbatim (ustar, no pax or GNU extensions).
     *
     * @param name written as-is, at most 100 bytes
     * @param typeflag the ustar typeflag: {@code '0'} file, {@code '1'} hard link, {@code '2'}
     *     symlink, {@code '5'} directory, or any other byte
     * @param content the entry's data (the size field is its length)
     * @param linkTarget link name field, or null
     * @throws IllegalArgumentException if the name or link target is longer than 100 bytes
     */
    public LayerBuilder rawEntry(String name, char typeflag, byte[] content, int mode,
            String linkTarget) {
        Objects.requireNonNull(name, "name");
        // Fail at the call site rather than when the layer is serialized.
        RawTarHeader.header(name, typeflag, content.length, mode, 0, linkTarget);
        return add(new Entry(Kind.RAW, name, content.clone(), mode, linkTarget, typeflag, 0));
    }

    /**
     * Writes a regular-file header claiming {@code claimedSize} bytes of content followed by
     * only {@code actual} (padded to a record), then the remaining entries and the
     * end-of-archive marker. A reader that trusts the header swallows everything after it as
     * content and then meets the end of the stream.
     *
     * @throws IllegalArgumentException if the claimed size does not exceed the content, or the
     *     path (with a possible {@code ./} prefix) is longer than 100 bytes
     */
    public LayerBuilder hugeSizeHeader(String path, long claimedSize, byte[] actual) {
        if (claimedSize <= actual.length) {
            throw new IllegalArgumentException("claimed size must exceed the actual content");
        }
        RawTarHeader.header("./" + clean(path), '0', claimedSize, 0644, 0, null);
        return add(new Entry(Kind.HUGE, clean(path), actual.clone(), 0644, null, '0',
                claimedSize));
    }

    /** {@link #hugeSizeHeader(String, long, byte[])} claiming 8 GiB with 1 KiB of data. */
    public LayerBuilder hugeSizeHeader(String path) {
        return hugeSizeHeader(path, 8L << 30, new byte[1024]);
    }

    /** Selects the long-name encoding for this layer (default {@link LongNames#PAX}). */
    public LayerBuilder longNames(LongNames style) {
        this.longNames = Objects.requireNonNull(style, "style");
        return this;
    }

    /**
     * Writes every (non-raw) name with a {@code ./} prefix and starts the archive with a
     * {@code ./} directory entry, as {@code tar -C rootfs .} does.
     */
    public LayerBuilder dotSlashPrefix(boolean enabled) {
        this.dotSlash = enabled;
        return this;
    }

    /** Number of entries added so far (raw and hostile entries included). */
    public int size() {
        return entries.size();
    }

    /** The layer as an uncompressed tar; the same builder always yields the same bytes. */
    public byte[] bytes() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        // Block size 512: records reach `buffer` as soon as an entry is closed (so raw headers
        // can be interleaved), and the archive ends after the two zero records, as Go's
        // archive/tar (used by docker, buildkit, containerd) writes it.
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(buffer, 512,
                StandardCharsets.UTF_8.name())) {
            tar.setLongFileMode(longNames == LongNames.GNU
                    ? TarArchiveOutputStream.LONGFILE_GNU : TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            tar.setAddPaxHeadersForNonAsciiNames(true);
            if (dotSlash) {
                put(tar, new Entry(Kind.DIR, "./", new byte[0], 0755, null, '5', 0), "./");
            }
            for (Entry e : entries) {
                String prefix = dotSlash ? "./" : "";
                switch (e.kind) {
                    case RAW -> raw(buffer, RawTarHeader.header(e.name, e.typeflag,
                            e.content.length, e.mode, MTIME.getEpochSecond(), e.target),
                            e.content);
                    case HUGE -> raw(buffer, RawTarHeader.header(prefix + e.name, '0',
                            e.claimedSize, e.mode, MTIME.getEpochSecond(), null), e.content);
                    default -> put(tar, e, prefix + e.name);
                }
            }
            tar.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    private static void put(TarArchiveOutputStream tar, Entry e, String name) throws IOException {
        byte flag = switch (e.kind) {
            case DIR -> TarConstants.LF_DIR;
            case SYMLINK -> TarConstants.LF_SYMLINK;
            case HARDLINK -> TarConstants.LF_LINK;
            default -> TarConstants.LF_NORMAL;
        };
        TarArchiveEntry entry = new TarArchiveEntry(name, flag, true);
        // ustar (and Go's archive/tar, which writes docker layers) stores only the permission
        // bits in the mode field; the entry type lives in the typeflag.
        entry.setMode(e.mode & 07777);
        entry.setModTime(FileTime.from(MTIME));
        entry.setIds(0, 0);
        entry.setNames("root", "root");
        if (e.target != null) {
            String target = e.kind == Kind.HARDLINK && name.startsWith("./") ? "./" + e.target
                    : e.target;
            entry.setLinkName(target);
        }
        entry.setSize(e.kind == Kind.FILE ? e.content.length : 0);
        tar.putArchiveEntry(entry);
        if (e.kind == Kind.FILE) {
            tar.write(e.content);
        }
        tar.closeArchiveEntry();
    }

    private static void raw(ByteArrayOutputStream out, byte[] header, byte[] content) {
        out.writeBytes(header);
        out.writeBytes(content);
        out.writeBytes(new byte[RawTarHeader.padding(content.length)]);
    }

    private LayerBuilder add(Entry entry) {
        entries.add(entry);
        return this;
    }

    private static String clean(String path) {
        Objects.requireNonNull(path, "path");
        String name = path;
        while (name.startsWith("/")) {
            name = name.substring(1);
        }
        if (name.isEmpty()) {
            throw new IllegalArgumentException("empty path: '" + path + "'");
        }
        return name;
    }
}
