package be.belfort.subscriptions;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Removes delivered notifications from the outbox in batches, off the delivery path. Until a removal is
 * done, its ids stay in {@link #inProgress()} so that a queue reading the outbox does not take them again.
 * A crash before the removal means a second delivery, never a lost one.
 */
final class Acknowledger implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Acknowledger.class);
    private static final int BATCH = 1000;

    private final Outbox outbox;
    private final LinkedBlockingQueue<UUID> delivered = new LinkedBlockingQueue<>();
    private final Set<UUID> inProgress = ConcurrentHashMap.newKeySet();
    private final Thread worker;
    private volatile boolean running = true;

    Acknowledger(Outbox outbox) {
        this.outbox = outbox;
        this.worker = Thread.ofVirtual().name("belfort-outbox-acknowledger").start(this::run);
    }

    void acknowledge(UUID id) {
        inProgress.add(id);
        delivered.add(id);
    }

    Set<UUID> inProgress() {
        return inProgress;
    }

    private void run() {
        while (running || !delivered.isEmpty()) {
            try {
                UUID first = delivered.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                List<UUID> batch = new ArrayList<>(List.of(first));
                delivered.drainTo(batch, BATCH - 1);
                removeAll(batch);
            } catch (InterruptedException e) {
                running = false;
            }
        }
    }

    /**
     * Removes a batch, trying again every second while the database is away (a removal that never happens
     * means a second delivery once the rows are read again); after the stop, a few attempts only.
     */
    private void removeAll(List<UUID> batch) {
        for (int attempt = 1; ; attempt++) {
            try {
                outbox.remove(batch);
                batch.forEach(inProgress::remove);
                if (attempt > 1) {
                    LOG.info("Removed {} delivered notifications from the outbox after {} attempts", batch.size(), attempt);
                }
                return;
            } catch (RuntimeException e) {
                if (attempt >= 3 && !running) {
                    LOG.warn("Could not remove {} delivered notifications from the outbox; they may be sent again", batch.size(), e);
                    batch.forEach(inProgress::remove);
                    return;
                }
                if (attempt == 3) {
                    LOG.warn("Could not remove {} delivered notifications from the outbox; trying again every second: {}",
                            batch.size(), e.toString());
                }
                try {
                    Thread.sleep(attempt < 3 ? 100 : 1000);
                } catch (InterruptedException interrupted) {
                    running = false;
                }
            }
        }
    }

    /** Finishes the removals under way. */
    @Override
    public void close() {
        running = false;
        try {
            worker.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
