package dev.tarsier.vulndb.internal.feed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;

/**
 * The cache folder of one feed: {@code body} and {@code meta.json}. The invariant kept is that a
 * {@code meta.json} present describes the {@code body} beside it: a new body is committed by
 * removing the meta, moving the body in and writing the new meta, so a crash in between leaves a
 * body without meta, which reads as "nothing cached" and is downloaded again in full.
 */
final class FeedCache {

    static final String BODY = "body";
    static final String META = "meta.json";
    /** Suffix of the temporary files, which a fetch removes whatever happens. */
    static final String TEMP_SUFFIX = ".part";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int FORMAT = 1;

    private FeedCache() {
    }

    static Path folder(Path cacheDir, String name) {
        return cacheDir.resolve(name);
    }

    /**
     * The cached feed, or empty when none is there (no {@code meta.json}).
     *
     * @throws IOException when the meta cannot be read or does not match the body beside it
     */
    static Optional<CachedFeed> read(String name, Path cacheDir) throws IOException {
        Path dir = folder(cacheDir, name);
        Path metaFile = dir.resolve(META);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(metaFile);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        FeedMeta meta = parse(bytes, metaFile);
        Path body = dir.resolve(BODY);
        long size;
        try {
            size = Files.size(body);
        } catch (NoSuchFileException e) {
            throw new IOException(metaFile + " describes a body that is missing", e);
        }
        if (size != meta.size()) {
            throw new IOException(body + " has " + size + " bytes, " + metaFile + " says " + meta.size());
        }
        return Optional.of(new CachedFeed(name, body, meta));
    }

    /** Moves {@code download} in as the body and writes its meta (see the class comment for the order). */
    static CachedFeed commit(String name, Path dir, Path download, FeedMeta meta) throws IOException {
        Path metaFile = dir.resolve(META);
        Optional<byte[]> previousMeta = Files.exists(metaFile) ? Optional.of(Files.readAllBytes(metaFile))
                : Optional.empty();
        Files.deleteIfExists(metaFile);
        try {
            move(download, dir.resolve(BODY));
        } catch (IOException e) {
            // the old body is still in place: put back the meta that describes it
            if (previousMeta.isPresent()) {
                try {
                    writeAtomically(dir, metaFile, previousMeta.get());
                } catch (IOException again) {
                    e.addSuppressed(again);
                }
            }
            throw e;
        }
        writeMeta(dir, meta);
        return new CachedFeed(name, dir.resolve(BODY), meta);
    }

    /** Replaces the meta alone (the body is unchanged). */
    static CachedFeed writeMeta(String name, Path dir, FeedMeta meta) throws IOException {
        writeMeta(dir, meta);
        return new CachedFeed(name, dir.resolve(BODY), meta);
    }

    private static void writeMeta(Path dir, FeedMeta meta) throws IOException {
        ObjectNode node = JSON.createObjectNode();
        node.put("format", FORMAT);
        node.put("url", meta.url().toString());
        meta.etag().ifPresent(v -> node.put("etag", v));
        meta.lastModified().ifPresent(v -> node.put("lastModified", v));
        node.put("fetchedAt", meta.fetchedAt().toString());
        node.put("checkedAt", meta.checkedAt().toString());
        node.put("sha256", meta.sha256());
        node.put("size", meta.size());
        meta.contentSha256().ifPresent(v -> node.put("contentSha256", v));
        writeAtomically(dir, dir.resolve(META), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(node));
    }

    private static FeedMeta parse(byte[] bytes, Path file) throws IOException {
        try {
            JsonNode node = JSON.readTree(bytes);
            if (node == null || !node.isObject() || node.path("format").asInt() != FORMAT) {
                throw new IOException("not a format " + FORMAT + " feed meta object");
            }
            return new FeedMeta(URI.create(required(node, "url")), optional(node, "etag"),
                    optional(node, "lastModified"), Instant.parse(required(node, "fetchedAt")),
                    Instant.parse(required(node, "checkedAt")), required(node, "sha256"),
                    Long.parseLong(required(node, "size")), optional(node, "contentSha256"));
        } catch (IOException | RuntimeException e) {
            throw new IOException("unreadable feed meta " + file + ": " + e.getMessage(), e);
        }
    }

    private static String required(JsonNode node, String field) throws IOException {
        return optional(node, field).orElseThrow(() -> new IOException("no " + field));
    }

    private static Optional<String> optional(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
    }

    /** Writes through a synced temporary file moved over {@code target}, so readers see old or new whole. */
    private static void writeAtomically(Path dir, Path target, byte[] bytes) throws IOException {
        Path temp = Files.createTempFile(dir, "meta-", TEMP_SUFFIX);
        try {
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(true);
            }
            move(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** An atomic rename where the file system has one, else a plain replacing move. */
    private static void move(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
