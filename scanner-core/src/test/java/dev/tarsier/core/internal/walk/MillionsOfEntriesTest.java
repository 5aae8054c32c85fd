package dev.tarsier.core.internal.walk;

import dev.tarsier.api.spi.Analyzer;
import dev.tarsier.api.spi.AnalyzerInput;
import dev.tarsier.api.spi.FileSelector;
import dev.tarsier.api.spi.ResultSink;
import dev.tarsier.testkit.StreamedImage;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A layer of millions of entries in one directory, generated as a stream (512 bytes of tar header
 * per entry, nothing on disk), walked in a child JVM whose heap is 32 MiB: the walk keeps nothing
 * per entry that no analyzer reads. The default count, 1 million (512 MB of tar), keeps the build
 * quick; {@code -Dtarsier.test.directoryEntries=10000000} runs the ten million of issue 14 (5 GB of
 * tar, about a minute on a busy 2-core machine, heap used at the end 6 MiB).
 */
class MillionsOfEntriesTest {

    static final int ENTRIES = Integer.getInteger("tarsier.test.directoryEntries", 1_000_000);

    @Test
    void directoryOfMillionsOfEntries_isWalkedIn32MiB() throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx32m",
                "-cp", System.getProperty("java.class.path"), MillionsOfEntriesTest.class.getName(),
                String.valueOf(ENTRIES)));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), out);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("entries=" + (ENTRIES + 2) + " diagnostics=0 results=1"), out);
        System.out.println(out.strip());
    }

    /** Walks the generated layer and prints what the walk kept. */
    public static void main(String[] args) throws IOException {
        int count = Integer.parseInt(args[0]);
        long start = System.nanoTime();
        int[] entries = new int[1];
        LayerReader reader = new LayerReader(new SelectorIndex(List.of(new Marker())), 1 << 20,
                (blob, bytes, n) -> entries[0] = n);
        LayerResult r = reader.read(0, new Directory(count), Optional.empty());
        Runtime rt = Runtime.getRuntime();
        System.out.println("entries=" + entries[0] + " diagnostics=" + r.diagnostics().size() + " results="
                + r.results().size() + " seconds=" + (System.nanoTime() - start) / 1_000_000_000
                + " heapUsedMiB=" + (rt.totalMemory() - rt.freeMemory()) / (1 << 20) + " " + r.diagnostics());
    }

    /** Reads {@code big/marker}, so that the walk has an analyzer to offer files to. */
    static final class Marker implements Analyzer {
        @Override
        public String id() {
            return "test.marker";
        }

        @Override
        public int version() {
            return 1;
        }

        @Override
        public FileSelector selector() {
            return FileSelector.builder().paths("big/marker").build();
        }

        @Override
        public void analyze(AnalyzerInput input, ResultSink sink) throws IOException {
            input.stream().readAllBytes();
        }
    }

    /** A tar of one directory, {@code count} empty files in it, one selected file, the end blocks. */
    static final class Directory extends InputStream {
        private final int count;
        private byte[] block = StreamedImage.tarHeader("big/", '5', 0);
        private int pos;
        private int next = -1;

        Directory(int count) {
            this.count = count;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (block == null) {
                return -1;
            }
            int n = Math.min(len, block.length - pos);
            System.arraycopy(block, pos, b, off, n);
            pos += n;
            if (pos == block.length) {
                pos = 0;
                next++;
                block = next < count ? StreamedImage.tarHeader("big/f" + next, '0', 0)
                        : next == count ? StreamedImage.tarHeader("big/marker", '0', 0)
                        : next == count + 1 ? StreamedImage.tarEnd() : null;
            }
            return n;
        }
    }
}
