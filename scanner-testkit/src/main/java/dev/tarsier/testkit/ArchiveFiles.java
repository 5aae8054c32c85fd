package dev.tarsier.testkit;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Writes a set of named files (an image's layout) to a directory or into one tar. */
final class ArchiveFiles {

    private ArchiveFiles() {
    }

    /** Writes each file below {@code dir}, creating parent directories. */
    static void writeDirectory(Path dir, Map<String, byte[]> files) {
        try {
            Files.createDirectories(dir);
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                Path target = dir.resolve(f.getKey());
                Files.createDirectories(target.getParent());
                Files.write(target, f.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes the files into one tar (parent directory entries first, as {@code docker save}
     * and {@code tar} emit them), optionally compressed as a whole.
     */
    static void writeTar(Path file, Map<String, byte[]> files, Compression outer) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try (OutputStream raw = Files.newOutputStream(file);
                    OutputStream out = outer.wrap(raw);
                    TarArchiveOutputStream tar = new TarArchiveOutputStream(out, 512,
                            StandardCharsets.UTF_8.name())) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                Set<String> dirs = new HashSet<>();
                for (Map.Entry<String, byte[]> f : files.entrySet()) {
                    String name = f.getKey();
                    for (int slash = name.indexOf('/'); slash >= 0;
                            slash = name.indexOf('/', slash + 1)) {
                        String dir = name.substring(0, slash + 1);
                        if (dirs.add(dir)) {
                            put(tar, dir, TarConstants.LF_DIR, 0755, null);
                        }
                    }
                    put(tar, name, TarConstants.LF_NORMAL, 0644, f.getValue());
                }
                tar.finish();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void put(TarArchiveOutputStream tar, String name, byte flag, int mode,
            byte[] content) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name, flag);
        entry.setMode(mode);
        entry.setModTime(FileTime.from(LayerBuilder.MTIME));
        entry.setIds(0, 0);
        entry.setNames("", "");
        entry.setSize(content == null ? 0 : content.length);
        tar.putArchiveEntry(entry);
        if (content != null) {
            tar.write(content);
        }
        tar.closeArchiveEntry();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
