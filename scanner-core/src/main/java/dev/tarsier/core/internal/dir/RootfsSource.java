package dev.tarsier.core.internal.dir;

import dev.tarsier.api.Diagnostic;
import dev.tarsier.api.Image;
import dev.tarsier.api.Layer;
import dev.tarsier.core.ImageAccessException;
import dev.tarsier.core.internal.source.ImageSource;
import dev.tarsier.core.internal.source.ScannedImage;
import dev.tarsier.core.internal.walk.LayerReader;
import dev.tarsier.core.internal.walk.LayerWalk;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;

/**
 * A root filesystem directory, scanned as an image with one pseudo-layer. Symbolic links are
 * recorded, never followed, so a link pointing outside the directory cannot make the scan read
 * host files.
 */
public final class RootfsSource implements ImageSource {

    private final Path root;
    private final String source;

    public RootfsSource(Path root, String source) throws ImageAccessException {
        if (!Files.isDirectory(root)) {
            throw new ImageAccessException(source + ": not a directory");
        }
        this.root = root;
        this.source = source;
    }

    @Override
    public ScannedImage read(LayerReader reader, ExecutorService executor) throws ImageAccessException, InterruptedException {
        String id = syntheticId(root.toAbsolutePath().normalize().toString());
        Image image = new Image(source, id, Optional.empty(), List.of(),
                List.of(new Layer(0, id, Optional.empty(), Optional.empty())));
        LayerWalk walk = reader.newWalk(0);
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    checkInterrupted();
                    if (!dir.equals(root)) {
                        walk.directory(relative(dir));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    checkInterrupted();
                    String path = relative(file);
                    if (attrs.isSymbolicLink()) {
                        walk.symlink(path, Files.readSymbolicLink(file).toString());
                    } else if (attrs.isRegularFile()) {
                        try (InputStream in = Files.newInputStream(file)) {
                            walk.file(path, attrs.size(), mode(file), in);
                        } catch (IOException e) {
                            walk.warn(path, "cannot read file: " + e.getMessage());
                        }
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    walk.warn(relative(file), "cannot read: " + e.getMessage());
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (InterruptedIOException e) {
            throw new InterruptedException(e.getMessage());
        } catch (IOException e) {
            walk.diagnostic(Diagnostic.Severity.ERROR, Diagnostic.SCANNER, null, "directory walk failed: " + e.getMessage());
        }
        return new ScannedImage(image, List.of(walk.finish()), List.of());
    }

    private static void checkInterrupted() throws InterruptedIOException {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedIOException("scan interrupted");
        }
    }

    private String relative(Path p) {
        return root.relativize(p).toString().replace('\\', '/');
    }

    private static int mode(Path file) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            int mode = 0;
            for (PosixFilePermission p : perms) {
                mode |= 1 << (8 - p.ordinal());
            }
            return mode;
        } catch (IOException | UnsupportedOperationException e) {
            return Files.isExecutable(file) ? 0755 : 0644;
        }
    }

    private static String syntheticId(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(("rootfs:" + text).getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
    }
}
