package be.belfort.security;

import be.belfort.model.BackgroundJob;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Records audit entries off the request path: they are queued and written in batches at most every 200 ms, so
 * a write costs no extra commit (a writer that took each entry as it came committed once or twice per request
 * under a moderate load: as many commits as the writes themselves). The queue holds 100,000 entries; past
 * that, entries are written by the request itself rather than dropped. A crash loses at most the last 200 ms of entries. A batch the log
 * cannot take (the database is away) is kept and written again with back-off; meanwhile new entries wait in
 * the queue.
 */
public final class AuditTrail implements AutoCloseable {
    private static final int BATCH = 5000;
    private static final Duration INTERVAL = Duration.ofMillis(200);

    private final AuditLog log;
    private final BackgroundJob job = new BackgroundJob("write audit entries");
    /** The batch being written, kept until the log took it. Guarded by {@link #writing}. */
    private final List<AuditEntry> unwritten = new ArrayList<>();
    private final BlockingQueue<AuditEntry> queue = new ArrayBlockingQueue<>(100_000);
    private final Duration interval;
    private final Thread writer;
    private volatile boolean running = true;
    /** Opened by {@link #close()}, so that a writer waiting for its next batch stops waiting. */
    private final CountDownLatch closing = new CountDownLatch(1);
    /**
     * Held while a batch is taken and written, so that a flush sees the entries the writer holds too; fair,
     * so that the writer, taking it again at once, cannot keep a flush waiting.
     */
    private final ReentrantLock writing = new ReentrantLock(true);

    public AuditTrail(AuditLog log) {
        this(log, INTERVAL);
    }

    /** @param interval the least time between the starts of two batches */
    AuditTrail(AuditLog log, Duration interval) {
        this.log = log;
        this.interval = interval;
        this.writer = Thread.ofVirtual().name("belfort-audit").start(this::run);
    }

    public void record(AuditEntry entry) {
        if (!queue.offer(entry)) {
            log.append(List.of(entry));
        }
    }

    /** Writes what is queued now, and waits for a batch being written (for readers who want the newest entries too). */
    public void flush() {
        writing.lock();
        try {
            queue.drainTo(unwritten);
            if (!unwritten.isEmpty()) {
                log.append(List.copyOf(unwritten));
                unwritten.clear();
            }
        } finally {
            writing.unlock();
        }
    }

    /** A tenant's entries, newest first, at or after {@code since} when given, including those still queued. */
    public List<AuditEntry> read(String tenant, java.time.Instant since, int limit) {
        flush();
        return log.read(tenant, since, limit);
    }

    /** A page of the entries a search matches, including those still queued. */
    public AuditLog.Page search(AuditSearch search) {
        flush();
        return log.search(search);
    }

    /** Removes the entries older than the cutoff; returns how many. */
    public long removeBefore(java.time.Instant cutoff) {
        return log.removeBefore(cutoff);
    }

    private void run() {
        while (running || !queue.isEmpty()) {
            try {
                if (!job.isDue("")) {
                    Thread.sleep(200);
                    continue;
                }
                long started;
                writing.lock();
                try {
                    if (unwritten.isEmpty()) {
                        AuditEntry first = queue.poll(interval.toMillis(), TimeUnit.MILLISECONDS);
                        if (first == null) {
                            continue;
                        }
                        unwritten.add(first);
                        queue.drainTo(unwritten, BATCH - 1);
                    }
                    started = System.nanoTime();
                    if (job.run("", () -> log.append(List.copyOf(unwritten)))) {
                        unwritten.clear();
                    }
                } finally {
                    writing.unlock();
                }
                long rest = interval.toNanos() - (System.nanoTime() - started);
                if (rest > 0) {
                    closing.await(rest, TimeUnit.NANOSECONDS);
                }
            } catch (InterruptedException e) {
                running = false;
            }
        }
    }

    /** The writer, for its failure figures. */
    public BackgroundJob job() {
        return job;
    }

    @Override
    public void close() {
        running = false;
        closing.countDown();
        try {
            writer.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flush();
    }
}
