package dev.tarsier.harbor.internal;

import dev.tarsier.vulndb.VulnerabilityDatabase;
import dev.tarsier.vulndb.VulnerabilityDatabaseBuilder;
import dev.tarsier.vulndb.VulnerabilityDatabaseException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The shared database: reopened on an atomic replace, kept on a broken one, no file handle held. */
class DatabaseHolderTest {

    @TempDir
    Path tmp;

    private Path build(String name, Instant builtAt) throws IOException {
        Path out = tmp.resolve(name);
        new VulnerabilityDatabaseBuilder().source(Path.of("../demo/advisories"))
                .clock(Clock.fixed(builtAt, ZoneOffset.UTC)).build(out);
        return out;
    }

    @Test
    void current_sameFile_isTheSameInstance_andAReplacedFileIsReopened() throws Exception {
        Path db = build("tarsier.db", Instant.parse("2026-01-01T00:00:00Z"));
        DatabaseHolder holder = new DatabaseHolder(db);
        VulnerabilityDatabase first = holder.current();
        assertSame(first, holder.current());
        Files.move(build("next.db", Instant.parse("2026-01-02T00:00:00Z")), db, StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        VulnerabilityDatabase second = holder.current();
        assertEquals(Instant.parse("2026-01-02T00:00:00Z"), second.info().builtAt());
        assertEquals(Instant.parse("2026-01-01T00:00:00Z"), first.info().builtAt(), "a scan holding the old one keeps it");
    }

    @Test
    void current_fileMissingForAMomentOrBroken_keepsTheOpenDatabase() throws Exception {
        Path db = build("tarsier.db", Instant.parse("2026-01-01T00:00:00Z"));
        DatabaseHolder holder = new DatabaseHolder(db);
        VulnerabilityDatabase first = holder.current();
        Files.move(db, tmp.resolve("aside.db"));
        assertSame(first, holder.current());
        Files.writeString(db, "half a database");
        assertSame(first, holder.current());
        assertSame(first, holder.current(), "a broken file is not retried until it changes again");
    }

    @Test
    void constructor_unreadableDatabase_fails() throws Exception {
        Path bad = Files.writeString(tmp.resolve("bad.db"), "nope");
        assertThrows(VulnerabilityDatabaseException.class, () -> new DatabaseHolder(bad));
    }

    @Test
    void manySwaps_leaveNoFileDescriptorOnAnyDatabaseFile() throws Exception {
        Path fds = Path.of("/proc/self/fd");
        assumeTrue(Files.isDirectory(fds), "needs /proc (Linux)");
        Path db = build("tarsier.db", Instant.parse("2026-01-01T00:00:00Z"));
        DatabaseHolder holder = new DatabaseHolder(db);
        for (int i = 1; i <= 20; i++) {
            Path next = build("next-" + i + ".db", Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i));
            Files.move(next, db, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            assertEquals(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i), holder.current().info().builtAt());
        }
        List<String> open = new ArrayList<>();
        try (Stream<Path> list = Files.list(fds)) {
            for (Path fd : list.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith(tmp.toString())) {
                        open.add(target);
                    }
                } catch (IOException gone) {
                    // the descriptor of the listing itself, closed meanwhile
                }
            }
        }
        assertEquals(List.of(), open);
    }
}
