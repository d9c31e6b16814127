package be.belfort.ingestion;

import be.belfort.model.BatchItem;
import be.belfort.model.BatchResult;
import be.belfort.model.Entity;
import be.belfort.model.EntityService;
import be.belfort.model.NgsiLdException;
import be.belfort.model.ServiceUnavailable;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Writes the measurements of many devices in one transaction: callers hand in their writes and wait; one
 * committer takes whatever has arrived (up to the batch size, waiting at most the linger time for more), writes it
 * through {@link EntityService#batchAppendCreating} per tenant, and tells each caller how its own write went once
 * the transaction committed. Two writes to the same entity never share a transaction, so the history keeps both;
 * the later waits for the next one, which keeps each entity's writes in arrival order. Several lanes, each with
 * its committer, share the work, so that one transaction's round trips overlap another's; an entity always takes
 * the same lane.
 */
public final class GroupCommit implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);
    private static final Duration MAX_WAIT = Duration.ofSeconds(30);
    private static final Duration QUEUE_WAIT = Duration.ofSeconds(2);

    /** One entity's new attributes, its types, and what it starts with when it does not exist yet. */
    public record Write(String tenant, String entityId, List<String> types, Map<String, List<ObjectNode>> attributes,
                        Supplier<Map<String, List<ObjectNode>>> atCreation) {
    }

    private record Pending(Write write, CompletableFuture<Void> done) {
    }

    private final EntityService entities;
    private final int batchSize;
    private final Duration linger;
    private final List<Lane> lanes = new ArrayList<>();
    private volatile boolean running = true;
    private long transactions;
    private long writes;

    public GroupCommit(EntityService entities, int batchSize, Duration linger, int lanes) {
        this.entities = entities;
        this.batchSize = batchSize;
        this.linger = linger;
        for (int i = 0; i < lanes; i++) {
            this.lanes.add(new Lane(i));
        }
    }

    /** Writes and waits for the commit; the write's own failure (a limit, a bad value) is thrown as it is. */
    public void write(Write write) {
        RuntimeException failure = writeAll(List.of(write)).getFirst();
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * Writes many entities (a feed's records) and waits for their commits; each write's failure, or null for a
     * write committed, in the order of the writes. The writes may share transactions with other callers'.
     */
    public List<RuntimeException> writeAll(List<Write> writes) {
        List<Pending> taken = new ArrayList<>();
        List<RuntimeException> failures = new ArrayList<>();
        for (Write write : writes) {
            Pending pending = new Pending(write, new CompletableFuture<>());
            Lane lane = lanes.get(Math.floorMod((write.tenant() + '\u0000' + write.entityId()).hashCode(), lanes.size()));
            try {
                if (!running || !lane.queue.offer(pending, QUEUE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    pending.done().completeExceptionally(new ServiceUnavailable(
                            "Ingestion is taking more messages than it can write; send again later", Duration.ofSeconds(1), null));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                pending.done().completeExceptionally(
                        new ServiceUnavailable("Interrupted while waiting for the commit", Duration.ofSeconds(1), e));
            }
            taken.add(pending);
        }
        long deadline = System.nanoTime() + MAX_WAIT.toNanos();
        for (Pending pending : taken) {
            failures.add(outcome(pending, deadline));
        }
        return failures;
    }

    private static RuntimeException outcome(Pending pending, long deadline) {
        try {
            pending.done().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ServiceUnavailable("Interrupted while waiting for the commit", Duration.ofSeconds(1), e);
        } catch (TimeoutException e) {
            return new ServiceUnavailable("The commit took too long; send again later", Duration.ofSeconds(1), e);
        } catch (ExecutionException e) {
            return e.getCause() instanceof RuntimeException failure ? failure : new IllegalStateException(e.getCause());
        }
    }

    /** Transactions committed and the writes they carried, for the figures. */
    public synchronized long[] figures() {
        return new long[] {transactions, writes};
    }

    private synchronized void count(int written) {
        transactions++;
        writes += written;
    }

    /** One committer with its queue and the writes it holds back for the next transaction. */
    private final class Lane {
        private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(Math.max(1000, batchSize * 20));
        private final Deque<Pending> deferred = new ArrayDeque<>();
        private final Thread committer;

        Lane(int number) {
            committer = Thread.ofPlatform().name("belfort-ingestion-commit-" + number).daemon().start(this::run);
        }

        private void run() {
            while (running || !queue.isEmpty() || !deferred.isEmpty()) {
                try {
                    List<Pending> batch = next();
                    if (!batch.isEmpty()) {
                        commit(batch);
                    }
                } catch (InterruptedException e) {
                    if (!running) {
                        break;
                    }
                } catch (RuntimeException e) {
                    LOG.error("Group commit failed unexpectedly", e);
                }
            }
            List<Pending> left = new ArrayList<>(deferred);
            queue.drainTo(left);
            left.forEach(pending -> pending.done().completeExceptionally(
                    new ServiceUnavailable("The platform is stopping", Duration.ofSeconds(5), null)));
        }

        /** The next transaction's writes: deferred ones first, then what arrives, one write per entity. */
        private List<Pending> next() throws InterruptedException {
            List<Pending> batch = new ArrayList<>();
            Set<String> entities = new HashSet<>();
            List<Pending> stillDeferred = new ArrayList<>();
            while (!deferred.isEmpty() && batch.size() < batchSize) {
                add(deferred.pollFirst(), batch, entities, stillDeferred);
            }
            if (batch.isEmpty()) {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    deferred.addAll(stillDeferred);
                    return batch;
                }
                add(first, batch, entities, stillDeferred);
            }
            long deadline = System.nanoTime() + linger.toNanos();
            while (batch.size() < batchSize) {
                Pending more = queue.poll();
                if (more == null) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0 || (more = queue.poll(left, TimeUnit.NANOSECONDS)) == null) {
                        break;
                    }
                }
                add(more, batch, entities, stillDeferred);
            }
            stillDeferred.reversed().forEach(deferred::addFirst);
            return batch;
        }

        private static void add(Pending pending, List<Pending> batch, Set<String> entities, List<Pending> deferred) {
            if (entities.add(pending.write().tenant() + '\u0000' + pending.write().entityId())) {
                batch.add(pending);
            } else {
                deferred.add(pending);
            }
        }

        private void commit(List<Pending> batch) {
            Map<String, List<Pending>> byTenant = new LinkedHashMap<>();
            batch.forEach(pending -> byTenant.computeIfAbsent(pending.write().tenant(), t -> new ArrayList<>()).add(pending));
            byTenant.forEach(this::commit);
        }

        private void commit(String tenant, List<Pending> batch) {
            Map<String, Pending> byEntity = new LinkedHashMap<>();
            List<BatchItem> items = new ArrayList<>();
            for (Pending pending : batch) {
                Write write = pending.write();
                byEntity.put(write.entityId(), pending);
                items.add(BatchItem.of(new Entity(write.entityId(), write.types(), null, null, null, write.attributes())));
            }
            try {
                BatchResult result = entities.batchAppendCreating(tenant, items,
                        id -> byEntity.get(id).write().atCreation().get());
                count(result.success().size());
                for (BatchResult.BatchError error : result.errors()) {
                    byEntity.remove(error.entityId()).done().completeExceptionally(error.error());
                }
                byEntity.values().forEach(pending -> pending.done().complete(null));
            } catch (NgsiLdException e) {
                batch.forEach(pending -> pending.done().completeExceptionally(e));
            } catch (RuntimeException e) {
                LOG.warn("A group commit of {} writes failed: {}", batch.size(), e.toString());
                batch.forEach(pending -> pending.done().completeExceptionally(
                        new ServiceUnavailable("The measurements could not be written now; send again later",
                                Duration.ofSeconds(1), e)));
            }
        }
    }

    /** Stops taking writes; those already taken are written first. */
    @Override
    public void close() {
        running = false;
        for (Lane lane : lanes) {
            try {
                lane.committer.join(MAX_WAIT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        long[] figures = figures();
        LOG.info("Ingestion wrote {} messages in {} transactions", figures[1], figures[0]);
    }
}
