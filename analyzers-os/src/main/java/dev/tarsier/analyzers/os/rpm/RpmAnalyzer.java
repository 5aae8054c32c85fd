package dev.tarsier.analyzers.os.rpm;

import dev.tarsier.analyzers.os.rpm.bdb.BerkeleyFormatException;
import dev.tarsier.analyzers.os.rpm.bdb.BerkeleyHashDatabase;
import dev.tarsier.analyzers.os.rpm.header.MalformedHeaderException;
import dev.tarsier.analyzers.os.rpm.header.RpmHeader;
import dev.tarsier.analyzers.os.rpm.ndb.NdbDatabase;
import dev.tarsier.analyzers.os.rpm.ndb.NdbFormatException;
import dev.tarsier.analyzers.os.rpm.sqlite.SqliteDatabase;
import dev.tarsier.analyzers.os.rpm.sqlite.SqliteFormatException;
import dev.tarsier.analyzers.os.rpm.sqlite.SqliteWal;
import dev.tarsier.api.Diagnostic;
import dev.tarsier.api.spi.Analyzer;
import dev.tarsier.api.spi.AnalyzerInput;
import dev.tarsier.api.spi.FileSelector;
import dev.tarsier.api.spi.ResultSink;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Finds rpm packages in rpm's package database, in any of the three formats real images carry,
 * under {@code var/lib/rpm/} or {@code usr/lib/sysimage/rpm/}:
 * <ul>
 *   <li>{@code Packages}: Berkeley DB hash (CentOS/RHEL 5-8, Amazon Linux 2), keyed by header
 *       number; key 0 holds rpm's next-instance counter, not a header;</li>
 *   <li>{@code Packages.db}: rpm's own NDB format (SUSE Linux Enterprise 15 SP3+, openSUSE);</li>
 *   <li>{@code rpmdb.sqlite}: SQLite (Fedora 33+, RHEL 9, CBL-Mariner), table
 *       {@code Packages(hnum, blob)};</li>
 * </ul>
 * The format is recognised by its magic bytes, not by the file name.
 *
 * <p>Memory: b-tree and hash pages need random access, so the database file is read into memory,
 * up to {@link #MAX_DATABASE_SIZE} (the selector's size cap: a larger file is not offered, and
 * the scanner reports it). Real databases are 5-150 MiB.
 *
 * <p>Each value is an rpm header blob ({@link RpmHeader}), turned into a package by
 * {@link RpmPackages}. A blob that cannot be parsed, a corrupt page or a truncated file becomes a
 * warning, and every other package is still reported; at most {@link #MAX_REPORTED_PROBLEMS}
 * problems are reported one by one, then one summary line with the total.
 *
 * <p>SQLite write-ahead log: SQLite keeps recent transactions in {@code rpmdb.sqlite-wal} until a
 * checkpoint copies them into the database. The log is declared as a companion file
 * ({@link #companionSuffixes()}), so the scanner hands it over with the database when the layer
 * has it, and the reader overlays its committed frames ({@link SqliteDatabase#open}).
 */
public final class RpmAnalyzer implements Analyzer {

    /** Largest database read into memory: 512 MiB. */
    public static final long MAX_DATABASE_SIZE = 512L << 20;

    /** Problems reported individually per database before a summary line. */
    static final int MAX_REPORTED_PROBLEMS = 20;

    private static final String[] DIRS = {"var/lib/rpm/", "usr/lib/sysimage/rpm/"};
    private static final String[] FILES = {"Packages", "Packages.db", "rpmdb.sqlite"};

    /** SQLite's write-ahead log beside {@code rpmdb.sqlite}. */
    static final String WAL_SUFFIX = "-wal";

    private static final FileSelector SELECTOR;

    static {
        FileSelector.Builder b = FileSelector.builder().maxFileSize(MAX_DATABASE_SIZE);
        for (String dir : DIRS) {
            for (String file : FILES) {
                b.paths(dir + file);
            }
        }
        SELECTOR = b.build();
    }

    @Override
    public String id() {
        return "os.rpm";
    }

    @Override
    public int version() {
        return 1;
    }

    @Override
    public FileSelector selector() {
        return SELECTOR;
    }

    @Override
    public Set<String> companionSuffixes() {
        return Set.of(WAL_SUFFIX);
    }

    @Override
    public void analyze(AnalyzerInput input, ResultSink sink) throws IOException {
        if (input.size() > MAX_DATABASE_SIZE) {
            sink.warn("rpm database of " + input.size() + " bytes exceeds the " + MAX_DATABASE_SIZE
                    + "-byte cap; not read");
            return;
        }
        byte[] bytes;
        try (InputStream in = input.stream()) {
            bytes = in.readNBytes((int) input.size());
        }
        if (bytes.length < input.size()) {
            sink.warn("rpm database truncated: " + bytes.length + " of " + input.size() + " bytes");
        }
        Problems problems = new Problems(sink);
        if (bytes.length == 0) {
            sink.diagnostic(Diagnostic.Severity.INFO, null, "empty rpm database");
            return;
        }
        Consumer<byte[]> blobs = blob -> onBlob(blob, input, sink, problems);
        if (SqliteDatabase.hasMagic(bytes)) {
            readSqlite(bytes, wal(input, problems), blobs, problems);
        } else if (BerkeleyHashDatabase.hasMagic(bytes)) {
            readBerkeley(bytes, blobs, problems);
        } else if (NdbDatabase.hasMagic(bytes)) {
            readNdb(bytes, blobs, problems);
        } else {
            sink.warn("not an rpm database: unknown format (no SQLite, Berkeley DB hash or NDB magic)");
        }
        problems.finish();
    }

    /** The committed frames of the {@code -wal} companion, when the layer has one. */
    private static SqliteWal wal(AnalyzerInput input, Problems problems) throws IOException {
        Optional<InputStream> companion = input.companion(WAL_SUFFIX);
        if (companion.isEmpty()) {
            return null;
        }
        try (InputStream in = companion.get()) {
            return SqliteWal.parse(in.readAllBytes(), problems);
        }
    }

    private static void readSqlite(byte[] bytes, SqliteWal wal, Consumer<byte[]> blobs, Problems problems) {
        SqliteDatabase db;
        try {
            db = SqliteDatabase.open(bytes, wal, problems);
        } catch (SqliteFormatException e) {
            problems.accept(e.getMessage());
            return;
        }
        boolean found = db.scanTable("Packages", (rowid, values) -> {
            for (Object v : values) {
                if (v instanceof byte[] blob) {
                    blobs.accept(blob);
                    return;
                }
            }
            problems.accept("Packages row " + rowid + " has no blob column");
        });
        if (!found) {
            problems.accept("SQLite database has no Packages table");
        }
    }

    private static void readBerkeley(byte[] bytes, Consumer<byte[]> blobs, Problems problems) {
        BerkeleyHashDatabase db;
        try {
            db = BerkeleyHashDatabase.open(bytes, problems);
        } catch (BerkeleyFormatException e) {
            problems.accept(e.getMessage());
            return;
        }
        db.forEach((key, value) -> {
            if (db.int32(key) != 0) {
                blobs.accept(value);
            }
        });
    }

    private static void readNdb(byte[] bytes, Consumer<byte[]> blobs, Problems problems) {
        try {
            NdbDatabase.open(bytes, problems).forEach((index, blob) -> blobs.accept(blob));
        } catch (NdbFormatException e) {
            problems.accept(e.getMessage());
        }
    }

    private static void onBlob(byte[] blob, AnalyzerInput input, ResultSink sink, Problems problems) {
        try {
            RpmPackages.Outcome out = RpmPackages.toPackage(RpmHeader.parse(blob), input.location());
            out.pkg().ifPresent(sink::addPackage);
            out.problem().ifPresent(problems);
        } catch (MalformedHeaderException e) {
            problems.accept("bad header blob: " + e.getMessage());
        }
    }

    /** Forwards the first problems to the sink as warnings and counts the rest. */
    static final class Problems implements Consumer<String> {
        private final ResultSink sink;
        private int count;

        Problems(ResultSink sink) {
            this.sink = sink;
        }

        @Override
        public void accept(String message) {
            count++;
            if (count <= MAX_REPORTED_PROBLEMS) {
                sink.warn(message);
            }
        }

        void finish() {
            if (count > MAX_REPORTED_PROBLEMS) {
                sink.warn((count - MAX_REPORTED_PROBLEMS) + " further problems in this rpm database not listed ("
                        + count + " in all)");
            }
        }
    }
}
