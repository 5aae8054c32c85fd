package dev.tarsier.core;

import dev.tarsier.api.spi.Analyzer;
import dev.tarsier.api.spi.AnalyzerInput;
import dev.tarsier.api.spi.FileSelector;
import dev.tarsier.api.spi.ResultSink;
import dev.tarsier.testkit.Compression;
import dev.tarsier.testkit.ImageBuilder;
import dev.tarsier.testkit.LayerBuilder;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Interrupting the thread that called {@code inventory} stops the scan promptly. */
class InterruptionTest {

    /** Takes 20 ms per file, so an uninterrupted scan of the test image would take many seconds. */
    static final class Slow implements Analyzer {
        final CountDownLatch started = new CountDownLatch(1);

        @Override
        public String id() {
            return "test.slow";
        }

        @Override
        public int version() {
            return 1;
        }

        @Override
        public FileSelector selector() {
            return FileSelector.builder().suffixes(".slow").build();
        }

        @Override
        public void analyze(AnalyzerInput input, ResultSink sink) {
            started.countDown();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void inventory_interrupted_throwsInterruptedExceptionQuickly(@TempDir Path tmp) throws Exception {
        ImageBuilder image = new ImageBuilder();
        for (int layer = 0; layer < 3; layer++) {
            LayerBuilder l = new LayerBuilder();
            for (int i = 0; i < 300; i++) {
                l.file("data/" + layer + "/f" + i + ".slow", "x");
            }
            image.layer(l, Compression.GZIP);
        }
        Path dir = tmp.resolve("slow");
        image.writeOciLayout(dir);
        Slow slow = new Slow();
        try (ImageScanner scanner = ImageScanner.builder().analyzers(List.of(slow)).build()) {
            assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
                CompletableFuture<Thread> caller = new CompletableFuture<>();
                CompletableFuture<Object> outcome = CompletableFuture.supplyAsync(() -> {
                    caller.complete(Thread.currentThread());
                    try {
                        return scanner.inventory(dir.toString());
                    } catch (Exception e) {
                        return e;
                    }
                });
                assertTrue(slow.started.await(5, TimeUnit.SECONDS));
                caller.get().interrupt();
                Object result = outcome.get(4, TimeUnit.SECONDS);
                assertInstanceOf(InterruptedException.class, result);
            });
        }
    }
}
