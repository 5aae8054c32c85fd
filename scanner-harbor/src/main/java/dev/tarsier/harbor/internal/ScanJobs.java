package dev.tarsier.harbor.internal;

import dev.tarsier.api.Finding;
import dev.tarsier.api.Inventory;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The scan requests: a bounded queue in front of a bounded number of scans at once, and the
 * finished ones kept for Harbor to fetch, each at most {@code retention} after it finished and no
 * more than {@code maxReports} of them (the oldest go first). Queued and running requests are never
 * dropped. Thread-safe.
 */
public final class ScanJobs implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger("dev.tarsier.harbor");

    /** Where a request is. */
    public enum State { QUEUED, RUNNING, DONE, FAILED }

    /** What a scan produced. */
    public record Result(Instant generatedAt, Inventory inventory, List<Finding> findings) {
        public Result {
            Objects.requireNonNull(generatedAt, "generatedAt");
            Objects.requireNonNull(inventory, "inventory");
            findings = List.copyOf(findings);
        }
    }

    /** The scan itself. */
    @FunctionalInterface
    public interface Work {
        /** Scans the request's artifact; any exception fails the request with its message. */
        Result scan(ScanRequest request) throws Exception;
    }

    /** One request and its outcome. */
    public static final class Job {
        private final String id;
        private final ScanRequest request;
        private volatile State state = State.QUEUED;
        private volatile Result result;
        private volatile String error;
        private volatile Instant finished;

        Job(String id, ScanRequest request) {
            this.id = id;
            this.request = request;
        }

        /** The identifier given to Harbor. */
        public String id() {
            return id;
        }

        /** The request. */
        public ScanRequest request() {
            return request;
        }

        /** The current state. */
        public State state() {
            return state;
        }

        /** The result, once {@link State#DONE}. */
        public Optional<Result> result() {
            return Optional.ofNullable(result);
        }

        /** The error message, once {@link State#FAILED}. */
        public Optional<String> error() {
            return Optional.ofNullable(error);
        }
    }

    private final Work work;
    private final ThreadPoolExecutor pool;
    private final Duration retention;
    private final int maxReports;
    private final Clock clock;
    private final Map<String, Job> jobs = new LinkedHashMap<>();

    /**
     * @param maxConcurrent scans running at once
     * @param queueSize requests waiting beyond those; a request beyond both is refused
     * @param retention how long a finished request's report is kept
     * @param maxReports how many finished requests are kept at most
     */
    public ScanJobs(Work work, int maxConcurrent, int queueSize, Duration retention, int maxReports, Clock clock) {
        if (maxConcurrent < 1 || queueSize < 1 || maxReports < 1) {
            throw new IllegalArgumentException("maxConcurrent, queueSize and maxReports must be >= 1");
        }
        this.work = Objects.requireNonNull(work, "work");
        this.retention = Objects.requireNonNull(retention, "retention");
        this.maxReports = maxReports;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.pool = new ThreadPoolExecutor(maxConcurrent, maxConcurrent, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(queueSize), new ScanThreads(), new ThreadPoolExecutor.AbortPolicy());
    }

    /** Queues a request; empty when the queue is full (or the adapter is stopping). */
    public Optional<Job> submit(ScanRequest request) {
        Job job = new Job(UUID.randomUUID().toString(), request);
        synchronized (jobs) {
            evict();
            jobs.put(job.id, job);
        }
        try {
            pool.execute(() -> run(job));
        } catch (RejectedExecutionException e) {
            synchronized (jobs) {
                jobs.remove(job.id);
            }
            return Optional.empty();
        }
        LOG.log(Level.INFO, "scan " + job.id + " queued: " + request.registryHost() + "/" + request.artifact().repository()
                + request.artifact().digest().map(d -> "@" + d).orElse(""));
        return Optional.of(job);
    }

    /** A request by id, unless unknown or its report expired. */
    public Optional<Job> get(String id) {
        synchronized (jobs) {
            evict();
            return Optional.ofNullable(jobs.get(id));
        }
    }

    private void run(Job job) {
        job.state = State.RUNNING;
        long start = System.nanoTime();
        try {
            Result result = work.scan(job.request);
            job.result = result;
            finish(job, State.DONE);
            LOG.log(Level.INFO, "scan " + job.id + " done in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)
                    + " ms: " + result.findings().size() + " findings");
        } catch (InterruptedException e) {
            job.error = "the scanner is shutting down";
            finish(job, State.FAILED);
            Thread.currentThread().interrupt();
        } catch (Exception | LinkageError e) {
            boolean expected = e instanceof dev.tarsier.core.ImageAccessException
                    || e instanceof dev.tarsier.vulndb.VulnerabilityDatabaseException;
            job.error = expected ? e.getMessage() : "internal error: " + e;
            finish(job, State.FAILED);
            if (expected) {
                LOG.log(Level.WARNING, "scan " + job.id + " failed: " + job.error);
            } else {
                LOG.log(Level.ERROR, "scan " + job.id + " failed", e);
            }
        }
    }

    /** Records the end before publishing the state, so a finished job always has its time. */
    private void finish(Job job, State state) {
        job.finished = clock.instant();
        job.state = state;
    }

    /** Drops finished requests past the retention, then the oldest finished ones beyond the cap. */
    private void evict() {
        Instant cutoff = clock.instant().minus(retention);
        long finished = 0;
        for (Iterator<Job> it = jobs.values().iterator(); it.hasNext(); ) {
            Job j = it.next();
            if (j.finished != null && j.finished.isBefore(cutoff)) {
                it.remove();
            } else if (j.finished != null) {
                finished++;
            }
        }
        for (Iterator<Job> it = jobs.values().iterator(); it.hasNext() && finished > maxReports; ) {
            Job j = it.next();
            if (j.finished != null) {
                it.remove();
                finished--;
            }
        }
    }

    /** Requests queued or running now. */
    public int pending() {
        synchronized (jobs) {
            return (int) jobs.values().stream().filter(j -> j.finished == null).count();
        }
    }

    /**
     * Stops taking requests, lets running and queued scans finish for up to {@code grace}, then
     * interrupts what is left.
     */
    public void shutdown(Duration grace) throws InterruptedException {
        pool.shutdown();
        if (!pool.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }

    private static final class ScanThreads implements ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "tarsier-harbor-scan-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    }
}
