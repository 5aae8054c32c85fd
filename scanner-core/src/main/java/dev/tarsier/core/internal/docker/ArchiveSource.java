package dev.tarsier.core.internal.docker;

import dev.tarsier.api.Diagnostic;
import dev.tarsier.core.ImageAccessException;
import dev.tarsier.core.internal.oci.OciIndex;
import dev.tarsier.core.internal.source.BlobReader;
import dev.tarsier.core.internal.source.ChannelSlice;
import dev.tarsier.core.internal.source.ImageSource;
import dev.tarsier.core.internal.source.Platform;
import dev.tarsier.core.internal.source.ResolvedImage;
import dev.tarsier.core.internal.source.ScannedImage;
import dev.tarsier.core.internal.source.SeekableLayers;
import dev.tarsier.core.internal.walk.Compression;
import dev.tarsier.core.internal.walk.ImagePaths;
import dev.tarsier.core.internal.walk.TarHeaderGuard;
import dev.tarsier.core.internal.walk.TarPrescan;
import dev.tarsier.core.internal.walk.LayerReader;
import dev.tarsier.core.internal.walk.LayerResult;
import dev.tarsier.core.internal.walk.LayerWalk;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarFile;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;

/**
 * An image in a tar archive: {@code docker save} output (classic or Docker 25+ layout) or an OCI
 * archive (a tar of an image layout).
 *
 * <p>An uncompressed archive is indexed once (member name → data offset) and its layers are read in
 * parallel by offset. A compressed archive ({@code docker save | gzip}) cannot be sought in, so it is
 * read in one sequential pass: small JSON members are kept, every member that looks like a layer is
 * walked as it streams by, and results are matched to the manifest's layers at the end.
 */
public final class ArchiveSource implements ImageSource {

    /** Which manifest to prefer when the archive has both (Docker 25+ archives do). */
    public enum Preference { DOCKER, OCI }

    private record Member(long offset, long size) {
    }

    private final Path file;
    private final String source;
    private final Optional<String> tag;
    private final Platform platform;
    private final Preference preference;

    public ArchiveSource(Path file, String source, Optional<String> tag, Platform platform, Preference preference)
            throws ImageAccessException {
        if (!Files.isRegularFile(file)) {
            throw new ImageAccessException(source + ": no such file");
        }
        this.file = file;
        this.source = source;
        this.tag = tag;
        this.platform = platform;
        this.preference = preference;
    }

    @Override
    public ScannedImage read(LayerReader reader, ExecutorService executor) throws ImageAccessException, InterruptedException {
        if (compressed()) {
            return readStreaming(reader);
        }
        return seekable((resolved, opener) -> SeekableLayers.read(resolved, opener, reader, executor));
    }

    /** An uncompressed archive only: a compressed one has no layer that can be read alone. */
    @Override
    public ResolvedImage resolve() throws ImageAccessException, InterruptedException {
        requireSeekable();
        return seekable((resolved, opener) -> resolved);
    }

    @Override
    public LayerResult walk(ResolvedImage image, int layer, LayerReader reader)
            throws ImageAccessException, InterruptedException {
        requireSeekable();
        return seekable((resolved, opener) -> SeekableLayers.walk(image, layer, opener, reader));
    }

    private void requireSeekable() throws ImageAccessException {
        if (compressed()) {
            throw new ImageAccessException(source + ": a compressed archive cannot be read one layer at a time");
        }
    }

    private boolean compressed() throws ImageAccessException {
        try (InputStream probe = new BufferedInputStream(Files.newInputStream(file))) {
            return Compression.detect(probe) != Compression.NONE;
        } catch (IOException e) {
            throw new ImageAccessException(source + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** What is done with an indexed, uncompressed archive: its resolved image and a way to open its members. */
    @FunctionalInterface
    private interface SeekableUse<T> {
        T apply(ResolvedImage resolved, SeekableLayers.Opener opener) throws IOException, InterruptedException;
    }

    private <T> T seekable(SeekableUse<T> use) throws ImageAccessException, InterruptedException {
        Map<String, Member> members = new HashMap<>();
        Map<String, String> links = new HashMap<>();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            TarPrescan.check(channel);
        } catch (IOException e) {
            throw new ImageAccessException(source + ": not a readable tar archive: " + e.getMessage(), e);
        }
        try (TarFile tar = new TarFile(file)) {
            for (TarArchiveEntry e : tar.getEntries()) {
                ImagePaths.Normalised name = ImagePaths.normaliseEntryName(e.getName());
                if (!name.ok()) {
                    continue;
                }
                if (e.isSymbolicLink()) {
                    ImagePaths.resolveLinkTarget(name.path(), e.getLinkName()).ifPresent(t -> links.put(name.path(), t));
                } else if (e.isLink()) {
                    ImagePaths.Normalised t = ImagePaths.normaliseEntryName(e.getLinkName());
                    if (t.ok()) {
                        links.put(name.path(), t.path());
                    }
                } else if (e.isFile()) {
                    members.put(name.path(), new Member(e.getDataOffset(), e.getSize()));
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new ImageAccessException(source + ": not a readable tar archive: " + e.getMessage(), e);
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            BlobReader blobs = path -> {
                Member m = members.get(follow(path, links));
                if (m == null) {
                    return Optional.empty();
                }
                if (m.size() > BlobReader.MAX_METADATA) {
                    throw new IOException(path + " is larger than " + BlobReader.MAX_METADATA + " bytes");
                }
                try (InputStream in = new ChannelSlice(channel, m.offset(), m.size())) {
                    return Optional.of(in.readNBytes((int) m.size()));
                }
            };
            ResolvedImage resolved = resolve(blobs);
            return use.apply(resolved, key -> {
                Member m = members.get(follow(key, links));
                if (m == null) {
                    throw new IOException("member not found in archive");
                }
                return new ChannelSlice(channel, m.offset(), m.size());
            });
        } catch (IOException e) {
            throw new ImageAccessException(source + ": cannot read: " + e.getMessage(), e);
        }
    }

    private ResolvedImage resolve(BlobReader blobs) throws ImageAccessException {
        boolean docker;
        try {
            boolean hasDocker = blobs.read("manifest.json").isPresent();
            boolean hasOci = blobs.read("index.json").isPresent();
            if (!hasDocker && !hasOci) {
                throw new ImageAccessException(source + ": neither a docker archive (manifest.json) nor an OCI archive (index.json)");
            }
            docker = hasDocker && (preference == Preference.DOCKER || !hasOci);
        } catch (IOException e) {
            throw new ImageAccessException(source + ": cannot read archive metadata: " + e.getMessage(), e);
        }
        return docker ? DockerManifest.resolve(blobs, source, tag) : OciIndex.resolve(blobs, source, tag, platform);
    }

    private static String follow(String path, Map<String, String> links) {
        String current = path;
        for (int hops = 0; hops < 8 && links.containsKey(current); hops++) {
            current = links.get(current);
        }
        return current;
    }

    private ScannedImage readStreaming(LayerReader reader) throws ImageAccessException, InterruptedException {
        Map<String, byte[]> metadata = new HashMap<>();
        Map<String, LayerResult> walked = new HashMap<>();
        Map<String, String> links = new HashMap<>();
        List<Diagnostic> diagnostics = new ArrayList<>();
        IOException failure = null;
        int provisional = 0;
        try (InputStream raw = Files.newInputStream(file)) {
            TarHeaderGuard guard = new TarHeaderGuard(Compression.decompress(raw), TarHeaderGuard.MAX_EXTENDED_HEADER);
            TarArchiveInputStream tar = new TarArchiveInputStream(guard);
            TarArchiveEntry e = null;
            byte[] skip = new byte[1 << 16];
            while (true) {
                // the rest of the previous member, read here so that the guard knows where the
                // next header starts
                while (e != null && tar.read(skip, 0, skip.length) > 0) {
                    // discard
                }
                guard.atEntryBoundary();
                e = tar.getNextEntry();
                guard.takeNotes().forEach(note -> diagnostics.add(new Diagnostic(Diagnostic.Severity.WARNING,
                        Diagnostic.SCANNER, OptionalInt.empty(), Optional.empty(), "archive: " + note)));
                if (e == null) {
                    break;
                }
                ImagePaths.Normalised name = ImagePaths.normaliseEntryName(e.getName());
                if (!name.ok()) {
                    continue;
                }
                if (e.isSymbolicLink()) {
                    ImagePaths.resolveLinkTarget(name.path(), e.getLinkName()).ifPresent(t -> links.put(name.path(), t));
                    continue;
                }
                if (!e.isFile()) {
                    continue;
                }
                BufferedInputStream member = new BufferedInputStream(new NonClosing(tar), 1 << 16);
                member.mark(1024);
                byte[] head = member.readNBytes(512);
                member.reset();
                if (looksLikeLayer(head)) {
                    Optional<String> digest = digestOf(name.path());
                    // the member's digest is its diffID when the layer is stored uncompressed: the
                    // store is asked for it, and a hit skips the walk of the member (the diffIDs in
                    // the config come too late: it follows the layers in docker save archives)
                    Optional<String> diffId = compressed(head) ? Optional.empty() : digest;
                    LayerReader.Cached cached = reader.cached(provisional, diffId);
                    LayerResult r = cached.result().isPresent() ? cached.result().get()
                            : reader.read(provisional, name.path(), member, digest, diffId);
                    walked.put(name.path(), cached.problem().map(r::withDiagnostic).orElse(r));
                    provisional++;
                } else if (e.getSize() <= BlobReader.MAX_METADATA) {
                    metadata.put(name.path(), member.readNBytes((int) e.getSize()));
                }
            }
        } catch (InterruptedIOException e) {
            throw new InterruptedException(e.getMessage());
        } catch (IOException | RuntimeException e) {
            failure = e instanceof IOException io ? io : new IOException(e);
        }
        BlobReader blobs = path -> Optional.ofNullable(metadata.get(follow(path, links)));
        ResolvedImage resolved;
        try {
            resolved = resolve(blobs);
        } catch (ImageAccessException e) {
            if (failure != null) {
                throw new ImageAccessException(source + ": compressed archive unreadable: " + failure.getMessage(), failure);
            }
            throw e;
        }
        diagnostics.addAll(resolved.diagnostics());
        if (failure != null) {
            diagnostics.add(new Diagnostic(Diagnostic.Severity.ERROR, Diagnostic.SCANNER, OptionalInt.empty(),
                    Optional.empty(), "archive truncated or corrupt: " + failure.getMessage()));
        }
        List<LayerResult> results = new ArrayList<>();
        for (int i = 0; i < resolved.layerKeys().size(); i++) {
            String key = follow(resolved.layerKeys().get(i), links);
            LayerResult r = walked.get(key);
            if (r == null) {
                LayerWalk missing = reader.newWalk(i);
                missing.diagnostic(Diagnostic.Severity.ERROR, Diagnostic.SCANNER, null,
                        "layer " + resolved.layerKeys().get(i) + " is missing from the archive");
                r = missing.finish();
            }
            results.add(r.withLayer(i));
        }
        return new ScannedImage(resolved.image(), results, diagnostics);
    }

    /**
     * A member is walked as a layer when it is compressed (gzip, zstd), carries the POSIX tar magic,
     * or starts with a zero block (an empty tar). JSON documents and Docker's legacy {@code VERSION}
     * and {@code json} files do not.
     */
    private static boolean looksLikeLayer(byte[] head) {
        if (compressed(head)) {
            return true;
        }
        if (head.length == 512 && head[257] == 'u' && head[258] == 's' && head[259] == 't' && head[260] == 'a' && head[261] == 'r') {
            return true;
        }
        if (head.length == 512) {
            for (byte b : head) {
                if (b != 0) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    /** Whether a member starts with the gzip or zstd magic. */
    private static boolean compressed(byte[] head) {
        return head.length >= 4 && ((head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b
                || (head[0] & 0xff) == 0x28 && (head[1] & 0xff) == 0xb5 && (head[2] & 0xff) == 0x2f && (head[3] & 0xff) == 0xfd);
    }

    private static Optional<String> digestOf(String path) {
        String[] parts = path.split("/");
        return parts.length == 3 && parts[0].equals("blobs") ? Optional.of(parts[1] + ":" + parts[2]) : Optional.empty();
    }

    @Override
    public void close() {
        // channels are opened and closed per read
    }

    private static final class NonClosing extends FilterInputStream {
        NonClosing(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
        }
    }
}
