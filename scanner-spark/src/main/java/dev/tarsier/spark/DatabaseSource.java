package dev.tarsier.spark;

import org.apache.spark.broadcast.Broadcast;

import java.io.IOException;
import java.io.Serial;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where executors find the vulnerability database: a path every executor can read (a shared file
 * system, or a file shipped with {@code spark-submit --files}), or the database's bytes broadcast
 * from the driver, which each executor writes once to a local temporary file and opens from there.
 * Either way an executor opens the database once ({@link ExecutorState}), not once per image.
 *
 * @since 0.4
 */
public abstract sealed class DatabaseSource implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private DatabaseSource() {
    }

    /** A database at this path on every executor. */
    public static DatabaseSource shared(String path) {
        return new Shared(path);
    }

    /** A database whose bytes were broadcast; {@code name} is the driver's file name, for messages. */
    public static DatabaseSource broadcast(Broadcast<byte[]> bytes, String name) {
        return new Broadcasted(bytes, name);
    }

    /** A key naming this database among those an executor holds open. */
    abstract String key();

    /** The database as a local file on this executor (written from the broadcast when needed). */
    abstract Path localFile() throws IOException;

    private static final class Shared extends DatabaseSource {
        @Serial
        private static final long serialVersionUID = 1L;
        private final String path;

        Shared(String path) {
            this.path = Objects.requireNonNull(path, "path");
        }

        @Override
        String key() {
            return "path:" + path;
        }

        @Override
        Path localFile() {
            return Path.of(path);
        }
    }

    private static final class Broadcasted extends DatabaseSource {
        @Serial
        private static final long serialVersionUID = 1L;
        private final Broadcast<byte[]> bytes;
        private final String name;

        Broadcasted(Broadcast<byte[]> bytes, String name) {
            this.bytes = Objects.requireNonNull(bytes, "bytes");
            this.name = Objects.requireNonNull(name, "name");
        }

        @Override
        String key() {
            return "broadcast:" + bytes.id();
        }

        @Override
        Path localFile() throws IOException {
            Path file = Files.createTempFile("tarsier-db-", "-" + name.replaceAll("[^A-Za-z0-9._-]", "_"));
            file.toFile().deleteOnExit();
            Files.write(file, bytes.value());
            return file;
        }
    }
}
