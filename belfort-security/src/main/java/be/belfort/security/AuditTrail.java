package be.belfort.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Records audit entries off the request path: they are queued and written in batches every 200 ms, so a
 * write costs no extra commit. The queue holds 100,000 entries; past that, entries are written by the
 * request itself rather than dropped. A crash loses at most the last 200 ms of entries.
 */
public final class AuditTrail implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuditTrail.class);

    private final AuditLog log;
    private final BlockingQueue<AuditEntry> queue = new ArrayBlockingQueue<>(100_000);
    private final Thread writer;
    private volatile boolean running = true;
    /**
     * Held while a batch is taken and written, so that a flush sees the entries the writer holds too; fair,
     * so that the writer, taking it again at once, cannot keep a flush waiting.
     */
    private final ReentrantLock writing = new ReentrantLock(true);

    public AuditTrail(AuditLog log) {
        this.log = log;
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
            List<AuditEntry> batch = new ArrayList<>();
            queue.drainTo(batch);
            if (!batch.isEmpty()) {
                log.append(batch);
            }
        } finally {
            writing.unlock();
        }
    }

    private void run() {
        while (running || !queue.isEmpty()) {
            try {
                writing.lock();
                try {
                    AuditEntry first = queue.poll(200, TimeUnit.MILLISECONDS);
                    if (first != null) {
                        List<AuditEntry> batch = new ArrayList<>(List.of(first));
                        queue.drainTo(batch, 4999);
                        log.append(batch);
                    }
                } finally {
                    writing.unlock();
                }
            } catch (InterruptedException e) {
                running = false;
            } catch (RuntimeException e) {
                LOG.error("Audit entries could not be written", e);
            }
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            writer.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flush();
    }
}
