package dev.tarsier.fuzz;

import dev.tarsier.api.Diagnostic;
import dev.tarsier.api.spi.Analyzer;
import dev.tarsier.testkit.MemoryInput;
import dev.tarsier.testkit.RecordingSink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * The fuzz property shared by every target: a parser may end in the exception it documents, or
 * report what it could not read as a diagnostic, and nothing else. An exception of another kind
 * escaping a target is a finding by itself (Jazzer reports it); this class adds the check for the
 * bugs a catch-all hides: a diagnostic that describes a programming error (a
 * {@code NullPointerException} turned into "analyzer failed: ...") is a finding too.
 */
final class Fuzz {

    /** Exception names that only a bug produces; a diagnostic naming one is a finding. */
    private static final List<String> BUGS = List.of("NullPointerException", "ClassCastException",
            "IndexOutOfBoundsException", "NegativeArraySizeException", "ArithmeticException",
            "ArrayStoreException", "IllegalMonitorStateException", "ConcurrentModificationException",
            "OutOfMemoryError", "StackOverflowError", "InternalError", "LinkageError", "AssertionError",
            "BufferUnderflowException", "BufferOverflowException");

    private Fuzz() {
    }

    /**
     * Fails when a diagnostic describes a programming error rather than bad input. A name the input
     * itself holds proves nothing (a parser may quote the input, and the fuzzer learns the names from
     * this very comparison), so only names absent from the input count.
     */
    static void assertNoBugDiagnostics(Collection<Diagnostic> diagnostics, byte[] input) {
        String asLatin1 = new String(input, StandardCharsets.ISO_8859_1);
        String asUtf8 = text(input);
        for (Diagnostic d : diagnostics) {
            for (String bug : BUGS) {
                if (d.message().contains(bug) && !asLatin1.contains(bug) && !asUtf8.contains(bug)) {
                    throw new FuzzFinding("diagnostic hides a bug: " + d);
                }
            }
        }
    }

    /**
     * Runs the analyzer on one file exactly as the layer walker offers it, without the test kit's
     * catch-all: the documented {@link IOException} is allowed, any other throwable escapes.
     * {@code data} is the fuzz input the file was made from.
     */
    static RecordingSink analyze(Analyzer analyzer, MemoryInput input, byte[] data) {
        if (!analyzer.selector().matches(input.path(), input.mode())) {
            throw new IllegalStateException(analyzer.id() + " does not select " + input.path());
        }
        RecordingSink sink = new RecordingSink(analyzer.id(), input.layer(), input.path());
        try {
            analyzer.analyze(input, sink);
        } catch (IOException documented) {
            // "when reading the input fails": the scanner records it as a diagnostic
        }
        assertNoBugDiagnostics(sink.diagnostics(), data);
        return sink;
    }

    /** {@link #analyze(Analyzer, MemoryInput, byte[])} for a file at {@code path}. */
    static RecordingSink analyze(Analyzer analyzer, String path, byte[] content) {
        return analyze(analyzer, MemoryInput.of(path, content), content);
    }

    /**
     * Splits an input into exactly {@code n} parts at its first {@code n - 1} NUL bytes (missing parts
     * are empty), so that seeds for multi-document targets stay readable files.
     */
    static byte[][] split(byte[] data, int n) {
        List<byte[]> parts = new ArrayList<>();
        int from = 0;
        for (int i = 0; i < data.length && parts.size() < n - 1; i++) {
            if (data[i] == 0) {
                parts.add(Arrays.copyOfRange(data, from, i));
                from = i + 1;
            }
        }
        parts.add(Arrays.copyOfRange(data, Math.min(from, data.length), data.length));
        while (parts.size() < n) {
            parts.add(new byte[0]);
        }
        return parts.toArray(new byte[0][]);
    }

    /**
     * Splits a binary input in two: its first four bytes (big-endian, modulo what remains) give the
     * length of the first part; the rest is the second. For pairs of binary files (a database and its
     * WAL) that NUL separators would cut.
     */
    static byte[][] splitPrefixed(byte[] data) {
        if (data.length < 4) {
            return new byte[][] {data, new byte[0]};
        }
        long declared = ((data[0] & 0xffL) << 24) | ((data[1] & 0xff) << 16) | ((data[2] & 0xff) << 8) | (data[3] & 0xff);
        int first = (int) (declared % (data.length - 4 + 1));
        return new byte[][] {Arrays.copyOfRange(data, 4, 4 + first), Arrays.copyOfRange(data, 4 + first, data.length)};
    }

    /** The inverse of {@link #splitPrefixed}. */
    static byte[] joinPrefixed(byte[] first, byte[] second) {
        byte[] out = new byte[4 + first.length + second.length];
        out[0] = (byte) (first.length >>> 24);
        out[1] = (byte) (first.length >>> 16);
        out[2] = (byte) (first.length >>> 8);
        out[3] = (byte) first.length;
        System.arraycopy(first, 0, out, 4, first.length);
        System.arraycopy(second, 0, out, 4 + first.length, second.length);
        return out;
    }

    /** Joins documents with NUL separators: the inverse of {@link #split}. */
    static byte[] join(byte[]... parts) {
        int size = parts.length - 1;
        for (byte[] p : parts) {
            size += p.length;
        }
        byte[] out = new byte[Math.max(size, 0)];
        int at = 0;
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                out[at++] = 0;
            }
            System.arraycopy(parts[i], 0, out, at, parts[i].length);
            at += parts[i].length;
        }
        return out;
    }

    /** The input as text, the way a parser reading UTF-8 would see it (malformed bytes replaced). */
    static String text(byte[] data) {
        return new String(data, StandardCharsets.UTF_8);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A scratch file for targets whose entry point takes a path (the fuzz input is the file, not image
     * content extracted by a scan): in the folder {@code fuzz.scratch} names (the campaign's, which it
     * empties after each target: a JVM stopped by a signal skips its exit hooks), else in
     * {@code /dev/shm} when there is one; deleted when the JVM exits normally.
     */
    static Path tempFile(String suffix) {
        try {
            String scratch = System.getProperty("fuzz.scratch", "");
            Path shm = Path.of("/dev/shm");
            Path dir = !scratch.isEmpty() ? Files.createDirectories(Path.of(scratch))
                    : Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
            Path file = Files.createTempFile(dir, "tarsier-fuzz-", suffix);
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A broken fuzz property that is not an exception of the parser itself. */
    static final class FuzzFinding extends AssertionError {
        private static final long serialVersionUID = 1L;

        FuzzFinding(String message) {
            super(message);
        }
    }
}
