package be.belfort.model;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Entities and their history in memory, one tenant's view at a time: a transaction's writes become visible only when
 * its work returns and its commit succeeds, so a failure anywhere leaves nothing. Transactions run one at a time.
 * Tests can hold the next transaction (to let writes queue up), have the store refuse the values of one entity as
 * a database would (a 400 from a statement, rolled back), or have commits fail (the connection lost).
 */
final class MemoryEntityStore implements EntityStore {
    /** The entities locked by each transaction that ran, committed or not, in order. */
    final List<Set<String>> transactions = new CopyOnWriteArrayList<>();
    final Map<String, Entity> committed = new LinkedHashMap<>();
    /** Attribute name and value of each history entry committed, per entity, in order. */
    final Map<String, List<String>> history = new HashMap<>();
    volatile String refusedId;
    /** Entities another transaction holds: a lock that waits gets them (once the other is done), one that skips not. */
    volatile Set<String> heldElsewhere = Set.of();
    /** Which transactions, by the entities they locked, fail at their commit (nothing of them is committed). */
    volatile java.util.function.Predicate<Set<String>> failCommit = locked -> false;
    private volatile CountDownLatch gate;
    private volatile CountDownLatch holding;
    private volatile boolean holdNext;

    /** The next transaction waits, once it has locked its entities, until {@link #release()}. */
    void holdNext() {
        gate = new CountDownLatch(1);
        holding = new CountDownLatch(1);
        holdNext = true;
    }

    void awaitHolding() throws InterruptedException {
        if (!holding.await(10, TimeUnit.SECONDS)) {
            throw new AssertionError("no transaction started");
        }
    }

    void release() {
        gate.countDown();
    }

    synchronized void put(Entity entity) {
        committed.put(entity.id(), entity.copy());
    }

    synchronized Entity get(String id) {
        return committed.get(id);
    }

    synchronized List<String> historyOf(String id) {
        return List.copyOf(history.getOrDefault(id, List.of()));
    }

    @Override
    public synchronized Optional<Entity> find(String tenant, String id) {
        return Optional.ofNullable(committed.get(id)).map(Entity::copy);
    }

    @Override
    public boolean tenantExists(String tenant) {
        return true;
    }

    @Override
    public List<String> tenantsWithExpired() {
        return List.of();
    }

    @Override
    public List<String> tenantsWithExpiredAttributes() {
        return List.of();
    }

    @Override
    public synchronized <T> T inTransaction(String tenant, Function<EntityTransaction, T> work) {
        Transaction tx = new Transaction();
        T result = work.apply(tx);
        if (failCommit.test(tx.locked)) {
            throw new ServiceUnavailable("The database connection was lost during the commit", java.time.Duration.ofSeconds(1), null);
        }
        tx.written.forEach(committed::put);
        tx.deleted.forEach(committed::remove);
        tx.history.forEach((id, entries) -> history.computeIfAbsent(id, i -> new ArrayList<>()).addAll(entries));
        return result;
    }

    private final class Transaction implements EntityTransaction {
        final Map<String, Entity> written = new LinkedHashMap<>();
        final List<String> deleted = new ArrayList<>();
        final Map<String, List<String>> history = new HashMap<>();
        Set<String> locked = Set.of();

        @Override
        public UnitOfWork unitOfWork() {
            return new UnitOfWork() {
            };
        }

        @Override
        public Optional<Entity> findForUpdate(String id) {
            return Optional.ofNullable(findAllForUpdate(List.of(id)).get(id));
        }

        @Override
        public Map<String, Entity> findAllForUpdate(Collection<String> ids) {
            locked = Set.copyOf(ids);
            transactions.add(locked);
            if (holdNext) {
                holdNext = false;
                holding.countDown();
                try {
                    gate.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            Map<String, Entity> found = new LinkedHashMap<>();
            ids.stream().filter(committed::containsKey).forEach(id -> found.put(id, committed.get(id).copy()));
            return found;
        }

        @Override
        public Available lockAvailable(Collection<String> ids) {
            Map<String, Entity> found = findAllForUpdate(ids);
            Set<String> held = new java.util.HashSet<>(found.keySet());
            held.retainAll(heldElsewhere);
            found.keySet().removeAll(held);
            return new Available(found, held);
        }

        @Override
        public Map<String, Instant> lockCreationTimes(Collection<String> ids) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void write(Collection<Entity> inserts, Collection<Entity> updates) {
            for (Entity entity : concat(inserts, updates)) {
                if (entity.id().equals(refusedId)) {
                    throw NgsiLdException.badData("The database cannot store a value of this request");
                }
                written.put(entity.id(), entity.copy());
                History.writtenBy(entity).forEach(entry -> record(entity.id(), entry.attribute(), entry.instance()));
            }
        }

        private static List<Entity> concat(Collection<Entity> first, Collection<Entity> second) {
            List<Entity> all = new ArrayList<>(first);
            all.addAll(second);
            return all;
        }

        private void record(String id, String attribute, ObjectNode instance) {
            history.computeIfAbsent(id, i -> new ArrayList<>()).add(attribute + "=" + instance.path(Members.VALUE).asText());
        }

        @Override
        public int delete(Collection<String> ids) {
            deleted.addAll(ids);
            return ids.size();
        }

        @Override
        public void recordHistory(String entityId, Map<String, List<ObjectNode>> instances, Instant recordedAt) {
            instances.forEach((attribute, list) -> list.forEach(instance -> record(entityId, attribute, instance)));
        }

        @Override
        public List<Entity> lockExpired(int limit) {
            return List.of();
        }

        @Override
        public List<Entity> lockWithExpiredAttributes(int limit) {
            return List.of();
        }

        @Override
        public void recordDeletion(Collection<Entity> entities, Instant at) {
            entities.forEach(entity -> history.computeIfAbsent(entity.id(), i -> new ArrayList<>()).add("deleted"));
        }
    }
}
