package be.belfort.subscriptions;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The notifications waiting for one receiver, delivered oldest first by a few threads of their own (so
 * that a busy receiver is not limited to one request at a time), so that a slow or dead receiver only
 * ever delays itself. The queue in memory is bounded: when it is
 * full, newer notifications stay in the outbox only, and are read from there once the queue has drained.
 */
final class ReceiverQueue {
    private static final Logger LOG = LoggerFactory.getLogger(ReceiverQueue.class);

    private final String key;
    private final int capacity;
    private final Outbox outbox;
    private final Acknowledger acknowledger;
    private final ArrayDeque<PendingNotification> queue = new ArrayDeque<>();
    /** Ids queued or being delivered, so that reading the outbox does not take them twice. */
    private final Set<UUID> held = new HashSet<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    /** True while notifications of this receiver may be in the outbox but not in memory. */
    private boolean spilled;
    /** Counts notifications left to the outbox, to tell whether one came while the outbox was read. */
    private long spills;
    /** True while one thread reads the outbox for this receiver. */
    private boolean loading;
    private volatile boolean running = true;
    private final List<Thread> workers = new java.util.ArrayList<>();

    ReceiverQueue(String key, int capacity, int parallelism, Outbox outbox, Acknowledger acknowledger,
                  boolean startSpilled, Consumer<PendingNotification> deliver) {
        this.key = key;
        this.capacity = capacity;
        this.outbox = outbox;
        this.acknowledger = acknowledger;
        this.spilled = startSpilled;
        for (int i = 0; i < parallelism; i++) {
            workers.add(Thread.ofVirtual().name("belfort-notify-" + Endpoint.shown(key) + "-" + i).start(() -> run(deliver)));
        }
    }

    void offer(PendingNotification notification) {
        lock.lock();
        try {
            if (spilled || queue.size() >= capacity) {
                spilled = true;
                spills++;
            } else {
                queue.add(notification);
                held.add(notification.id());
            }
            arrived.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Notifications of this receiver were put in the outbox for this node without passing here: read them. */
    void spill() {
        lock.lock();
        try {
            spilled = true;
            spills++;
            arrived.signal();
        } finally {
            lock.unlock();
        }
    }

    int size() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    private void run(Consumer<PendingNotification> deliver) {
        while (running) {
            PendingNotification next;
            try {
                next = take();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("Could not read the outbox for {}; will try again", Endpoint.shown(key), e);
                pause();
                continue;
            }
            if (next == null) {
                continue;
            }
            try {
                deliver.accept(next);
            } finally {
                lock.lock();
                try {
                    held.remove(next.id());
                } finally {
                    lock.unlock();
                }
            }
        }
    }

    /** The next notification: from memory, else from the outbox when some were left there; waits for one. */
    private PendingNotification take() throws InterruptedException {
        lock.lock();
        try {
            while (queue.isEmpty()) {
                if (spilled && !loading) {
                    loading = true;
                    long spillsBefore = spills;
                    Set<UUID> except = new HashSet<>(held);
                    lock.unlock();
                    List<PendingNotification> loaded;
                    try {
                        except.addAll(acknowledger.inProgress());
                        loaded = outbox.pending(key, capacity, except);
                    } finally {
                        lock.lock();
                        loading = false;
                        arrived.signalAll();
                    }
                    for (PendingNotification notification : loaded) {
                        if (held.add(notification.id())) {
                            queue.add(notification);
                        }
                    }
                    if (loaded.size() < capacity && spills == spillsBefore) {
                        spilled = false;
                    }
                    if (queue.isEmpty() && spilled) {
                        continue;
                    }
                } else {
                    arrived.await();
                }
                if (!running) {
                    return null;
                }
            }
            return queue.poll();
        } finally {
            lock.unlock();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void stop() {
        running = false;
        workers.forEach(Thread::interrupt);
    }
}
