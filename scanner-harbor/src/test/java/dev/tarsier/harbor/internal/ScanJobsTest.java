package dev.tarsier.harbor.internal;

import dev.tarsier.api.Image;
import dev.tarsier.api.Inventory;
import dev.tarsier.core.ImageAccessException;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The queue, the concurrency bound, the retention of finished reports and graceful shutdown. */
class ScanJobsTest {

    /** A clock the test moves. */
    static final class MovingClock extends Clock {
        volatile Instant now = Instant.parse("2026-03-01T00:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static final ScanRequest REQUEST = new ScanRequest(URI.create("https://harbor.example"), Optional.empty(),
            new ScanRequest.Artifact("library/app", Optional.of("sha256:" + "a".repeat(64)), Optional.empty(), Optional.empty()),
            ScanRequest.CAPABILITIES);

    private static ScanJobs.Result result() {
        Image image = new Image("registry:x/y", "sha256:" + "b".repeat(64), Optional.empty(), List.of(), List.of());
        return new ScanJobs.Result(Instant.EPOCH, new Inventory(image, Optional.empty(), List.of(), List.of()), List.of());
    }

    private static void awaitFinished(ScanJobs.Job job) throws InterruptedException {
        for (int i = 0; i < 500 && (job.state() == ScanJobs.State.QUEUED || job.state() == ScanJobs.State.RUNNING); i++) {
            Thread.sleep(10);
        }
    }

    @Test
    void submit_beyondConcurrencyAndQueue_isRefusedAndRunsAtMostTheBoundAtOnce() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(2);
        java.util.concurrent.atomic.AtomicInteger running = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger most = new java.util.concurrent.atomic.AtomicInteger();
        try (ScanJobs jobs = new ScanJobs(r -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            started.countDown();
            release.await();
            running.decrementAndGet();
            return result();
        }, 2, 3, Duration.ofHours(1), 100, Clock.systemUTC())) {
            List<Optional<ScanJobs.Job>> submitted = new java.util.ArrayList<>();
            for (int i = 0; i < 6; i++) {
                submitted.add(jobs.submit(REQUEST));
            }
            assertTrue(started.await(10, TimeUnit.SECONDS));
            assertEquals(5, submitted.stream().filter(Optional::isPresent).count(), "2 running + 3 queued");
            assertTrue(submitted.get(5).isEmpty());
            assertEquals(5, jobs.pending());
            release.countDown();
            for (Optional<ScanJobs.Job> j : submitted.subList(0, 5)) {
                awaitFinished(j.orElseThrow());
                assertEquals(ScanJobs.State.DONE, j.get().state());
            }
            assertEquals(2, most.get());
            assertEquals(0, jobs.pending());
        }
    }

    @Test
    void finishedReports_areDroppedAfterTheRetentionOrBeyondTheCountOldestFirst() throws Exception {
        MovingClock clock = new MovingClock();
        try (ScanJobs jobs = new ScanJobs(r -> result(), 1, 10, Duration.ofMinutes(10), 2, clock)) {
            ScanJobs.Job a = jobs.submit(REQUEST).orElseThrow();
            awaitFinished(a);
            clock.now = clock.now.plusSeconds(60);
            ScanJobs.Job b = jobs.submit(REQUEST).orElseThrow();
            awaitFinished(b);
            clock.now = clock.now.plusSeconds(60);
            ScanJobs.Job c = jobs.submit(REQUEST).orElseThrow();
            awaitFinished(c);
            assertTrue(jobs.get(a.id()).isEmpty(), "the oldest of three goes when two are kept");
            assertTrue(jobs.get(b.id()).isPresent());
            assertTrue(jobs.get(c.id()).isPresent());
            clock.now = clock.now.plus(Duration.ofMinutes(9).plusSeconds(1));
            assertTrue(jobs.get(b.id()).isEmpty(), "finished over 10 min ago: expired");
            assertTrue(jobs.get(c.id()).isPresent());
        }
    }

    @Test
    void failures_keepTheImageErrorOrNameAnInternalOne() throws Exception {
        try (ScanJobs jobs = new ScanJobs(r -> {
            if (r.artifact().repository().equals("library/app")) {
                throw new ImageAccessException("registry:x/library/app: manifest not found (404)");
            }
            throw new IllegalStateException("boom");
        }, 1, 4, Duration.ofHours(1), 10, Clock.systemUTC())) {
            ScanJobs.Job image = jobs.submit(REQUEST).orElseThrow();
            ScanJobs.Job internal = jobs.submit(new ScanRequest(REQUEST.registryUrl(), Optional.empty(),
                    new ScanRequest.Artifact("other/app", REQUEST.artifact().digest(), Optional.empty(), Optional.empty()),
                    Set.of("vulnerability"))).orElseThrow();
            awaitFinished(image);
            awaitFinished(internal);
            assertEquals(ScanJobs.State.FAILED, image.state());
            assertEquals(Optional.of("registry:x/library/app: manifest not found (404)"), image.error());
            assertEquals(Optional.of("internal error: java.lang.IllegalStateException: boom"), internal.error());
        }
    }

    @Test
    void shutdown_letsQueuedAndRunningScansFinishWithinTheGrace() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        ScanJobs jobs = new ScanJobs(r -> {
            release.await();
            return result();
        }, 1, 4, Duration.ofHours(1), 10, Clock.systemUTC());
        ScanJobs.Job running = jobs.submit(REQUEST).orElseThrow();
        ScanJobs.Job queued = jobs.submit(REQUEST).orElseThrow();
        Thread releaser = new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                return;
            }
            release.countDown();
        });
        releaser.start();
        jobs.shutdown(Duration.ofSeconds(20));
        assertEquals(ScanJobs.State.DONE, running.state());
        assertEquals(ScanJobs.State.DONE, queued.state());
        assertTrue(jobs.submit(REQUEST).isEmpty(), "no new scans once stopping");
        jobs.close();
    }

    @Test
    void shutdown_pastTheGrace_interruptsWhatIsLeft() throws Exception {
        ScanJobs jobs = new ScanJobs(r -> {
            new CountDownLatch(1).await();
            return result();
        }, 1, 4, Duration.ofHours(1), 10, Clock.systemUTC());
        ScanJobs.Job stuck = jobs.submit(REQUEST).orElseThrow();
        Thread.sleep(100);
        jobs.shutdown(Duration.ofMillis(200));
        assertEquals(ScanJobs.State.FAILED, stuck.state());
        assertEquals(Optional.of("the scanner is shutting down"), stuck.error());
        jobs.close();
    }
}
