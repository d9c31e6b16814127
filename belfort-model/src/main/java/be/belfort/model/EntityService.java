package be.belfort.model;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The NGSI-LD entity operations (clause 5.6 and 5.7.1) on one tenant: each loads what it changes
 * under a row lock, applies {@link EntityChanges} and commits before it returns. Writes of one entity each
 * (create, change, delete) that arrive together may share a transaction ({@link GroupCommitSettings}): each still
 * gets its own result or failure, and returns only once the transaction that holds it has committed.
 */
public final class EntityService implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(EntityService.class.getName());
    private final EntityStore store;
    private final Clock clock;
    /** What a group answers for a write of an entity another transaction holds: the request writes it alone. */
    private static final Object HANDED_BACK = new Object();
    private final CommitGroups<EntityWrite, Object> groups;
    private volatile ChangeListener listener = ChangeListener.NONE;

    /** Each write in a transaction of its own. */
    public EntityService(EntityStore store, Clock clock) {
        this(store, clock, GroupCommitSettings.OFF);
    }

    public EntityService(EntityStore store, Clock clock, GroupCommitSettings grouping) {
        this.store = store;
        this.clock = clock;
        this.groups = grouping.combines() ? new CommitGroups<>("entity writes", grouping.options(), EntityWrite::key,
                this::commitTogether) : null;
    }

    /** Transactions of combined writes so far, the writes they carried, those queued now (none when not combined). */
    public CommitGroups.Figures groupFigures() {
        return groups == null ? CommitGroups.Figures.NONE : groups.figures();
    }

    /** Commits the writes still queued, then takes no more. */
    @Override
    public void close() {
        if (groups != null) {
            groups.close();
        }
    }

    /** Sets who learns of every change, inside its transaction (subscriptions). */
    public void setChangeListener(ChangeListener listener) {
        this.listener = listener;
    }

    /** Adds one more listener beside those set before (a feature's live view of committed changes). */
    public synchronized void addChangeListener(ChangeListener more) {
        this.listener = ChangeListener.both(listener, more);
    }

    public Entity retrieve(String tenant, String id) {
        Optional<Entity> entity = store.find(tenant, id);
        if (entity.isPresent()) {
            return entity.get();
        }
        requireTenant(tenant);
        throw NgsiLdException.notFound("Entity not found: " + id);
    }

    /**
     * The entity rendered by {@code render} (see {@link EntityStore#findAs}): what an unchanged entity was last
     * rendered as in the same form may be answered again without rendering.
     */
    public <T> T retrieveAs(String tenant, String id, Object form, Function<Entity, T> render) {
        Optional<T> rendered = store.findAs(tenant, id, form, render);
        if (rendered.isPresent()) {
            return rendered.get();
        }
        requireTenant(tenant);
        throw NgsiLdException.notFound("Entity not found: " + id);
    }

    /** Throws NonexistentTenant for a read of a tenant nobody has written to. */
    public void requireTenant(String tenant) {
        if (!store.tenantExists(tenant)) {
            throw new NgsiLdException(ErrorType.NONEXISTENT_TENANT, "Tenant does not exist: " + tenant);
        }
    }

    public void create(String tenant, Entity entity) {
        create(tenant, entity, Map.of());
    }

    /**
     * Creates an entity together with earlier instances of its attributes, which only its history keeps (a
     * temporal entity): both are written in one transaction, or neither.
     */
    public void create(String tenant, Entity entity, Map<String, List<ObjectNode>> earlier) {
        EntityLimits.require(entity);
        write(EntityWrite.create(tenant, entity, earlier));
    }

    public void delete(String tenant, String id) {
        write(EntityWrite.delete(tenant, id));
    }

    /**
     * Deletes, in one transaction, the entities that {@code select} reads and locks in it (Purge Entities
     * deletes a chunk at a time this way): each deletion is recorded in the history and notified like a
     * single Delete Entity. Returns the ids deleted, in the order selected.
     */
    public List<String> deleteSelected(String tenant, Function<EntityTransaction, List<Entity>> select) {
        return inTransaction(tenant, tx -> {
            List<Entity> selected = select.apply(tx);
            if (selected.isEmpty()) {
                return new Outcome<>(List.of(), List.of());
            }
            List<String> ids = selected.stream().map(Entity::id).toList();
            tx.recordDeletion(selected, now());
            tx.delete(ids);
            return new Outcome<>(ids, selected.stream().map(entity -> new EntityChange(entity, null)).toList());
        });
    }

    /**
     * Deletes the expired transient entities of every tenant, {@code chunk} per transaction, each deletion
     * recorded and notified like Delete Entity. A tenant that fails is logged and left for the next run; the
     * others go on. Returns how many were deleted.
     */
    public long deleteExpired(int chunk) {
        long deleted = 0;
        for (String tenant : store.tenantsWithExpired()) {
            try {
                int count;
                do {
                    count = deleteSelected(tenant, tx -> tx.lockExpired(chunk)).size();
                    deleted += count;
                } while (count == chunk);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "Expired entities of tenant " + tenant
                        + " could not be deleted; trying again on the next run", e);
            }
        }
        return deleted + deleteExpiredAttributes(chunk);
    }

    /**
     * Deletes the expired attribute instances (v1.9) of every tenant, in {@code chunk} entities per transaction,
     * each as Delete Attribute does (history, attributeDeleted). A tenant that fails is logged and left for the
     * next run. Returns how many entities lost instances.
     */
    private long deleteExpiredAttributes(int chunk) {
        long changed = 0;
        for (String tenant : store.tenantsWithExpiredAttributes()) {
            try {
                int count;
                do {
                    count = inTransaction(tenant, tx -> {
                        Instant now = now();
                        List<Entity> updates = new ArrayList<>();
                        List<EntityChange> changes = new ArrayList<>();
                        for (Entity entity : tx.lockWithExpiredAttributes(chunk)) {
                            Entity before = entity.copy();
                            if (AttributeExpiry.deleteExpired(entity, now)) {
                                updates.add(entity);
                                changes.add(new EntityChange(before, entity));
                            }
                        }
                        tx.write(List.of(), updates);
                        return new Outcome<>(updates.size(), changes);
                    });
                    changed += count;
                } while (count == chunk);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "Expired attributes of tenant " + tenant
                        + " could not be deleted; trying again on the next run", e);
            }
        }
        return changed;
    }

    public void replace(String tenant, Entity replacement) {
        changeExisting(tenant, replacement.id(), (existing, now) -> EntityChanges.replace(existing, replacement, now));
    }

    /** Merge Entity; {@code scope} is what the fragment says of the scope, or null when it says nothing. */
    public void merge(String tenant, Entity patch, ScopePatch scope) {
        changeExisting(tenant, patch.id(), (existing, now) -> {
            EntityChanges.merge(existing, patch, scope, now);
            return existing;
        });
    }

    /** @param types entity types the fragment names (expanded), added to the entity's; empty for none */
    public UpdateResult appendAttributes(String tenant, String id, Map<String, List<ObjectNode>> attributes,
                                         ScopePatch scope, List<String> types, boolean noOverwrite) {
        return changeInPlace(tenant, id, (existing, now) -> {
            UpdateResult result = EntityChanges.append(existing, attributes, scope, noOverwrite, now);
            EntityChanges.addTypes(existing, types, result, now);
            return result;
        });
    }

    /** @param types entity types the fragment names (expanded), added to the entity's; empty for none */
    public UpdateResult updateAttributes(String tenant, String id, Map<String, List<ObjectNode>> attributes,
                                         ScopePatch scope, List<String> types) {
        return changeInPlace(tenant, id, (existing, now) -> {
            UpdateResult result = EntityChanges.update(existing, attributes, scope, now);
            EntityChanges.addTypes(existing, types, result, now);
            return result;
        });
    }

    public void deleteScope(String tenant, String id) {
        changeExisting(tenant, id, (existing, now) -> {
            EntityChanges.deleteScope(existing, now);
            return existing;
        });
    }

    public void partialAttributeUpdate(String tenant, String id, String attribute, ObjectNode patch) {
        changeExisting(tenant, id, (existing, now) -> {
            EntityChanges.partialUpdate(existing, attribute, patch, now);
            return existing;
        });
    }

    public void replaceAttribute(String tenant, String id, String attribute, List<ObjectNode> instances) {
        changeExisting(tenant, id, (existing, now) -> {
            EntityChanges.replaceAttribute(existing, attribute, instances, now);
            return existing;
        });
    }

    public void deleteAttribute(String tenant, String id, String attribute, String datasetId, boolean deleteAll) {
        changeExisting(tenant, id, (existing, now) -> {
            EntityChanges.deleteAttribute(existing, attribute, datasetId, deleteAll, now);
            return existing;
        });
    }

    // ---- batch operations (clause 5.6.7 - 5.6.10, 5.6.20) ----

    public BatchResult batchCreate(String tenant, List<BatchItem> items) {
        return batch(tenant, items, (existing, entity) -> {
            if (existing != null) {
                throw new NgsiLdException(ErrorType.ALREADY_EXISTS, "Entity already exists: " + entity.id());
            }
            EntityChanges.stampNew(entity, now());
            return entity;
        });
    }

    /** Upsert: creates missing entities; existing ones are replaced, or appended to when {@code replace} is false. */
    public BatchResult batchUpsert(String tenant, List<BatchItem> items, boolean replace) {
        if (replace) {
            return batchReplace(tenant, items);
        }
        return batch(tenant, items, (existing, entity) -> {
            Instant now = now();
            if (existing == null) {
                EntityChanges.stampNew(entity, now);
                return entity;
            }
            mergeTypes(existing, entity);
            EntityChanges.append(existing, entity.attributes(), ScopePatch.of(entity.scopes()), false, now);
            if (entity.expiresAt() != null) {
                existing.setExpiresAt(entity.expiresAt());
            }
            return existing;
        });
    }

    /**
     * Upsert with replace: existing entities are replaced whole, so only their creation times are
     * read (and locked), not their attributes; later elements replace earlier ones with the same id.
     */
    private BatchResult batchReplace(String tenant, List<BatchItem> items) {
        List<String> ids = items.stream().filter(item -> item.entity() != null).map(BatchItem::entityId)
                .distinct().sorted().toList();
        boolean watched = listener.watches(tenant);
        return inTransaction(tenant, tx -> {
            BatchResult result = new BatchResult();
            // Notifications need the entities as they were; without a subscription, creation times suffice.
            Map<String, Entity> before = watched ? tx.findAllForUpdate(ids) : Map.of();
            Map<String, Instant> existing = watched ? creationTimes(before) : tx.lockCreationTimes(ids);
            Map<String, Entity> written = new LinkedHashMap<>();
            Instant now = now();
            for (BatchItem item : items) {
                if (item.parseError() != null) {
                    result.failed(item.entityId(), item.parseError());
                    continue;
                }
                Entity entity = item.entity().copy();
                try {
                    EntityLimits.require(entity);
                } catch (NgsiLdException e) {
                    result.failed(item.entityId(), e);
                    continue;
                }
                Entity earlier = written.get(entity.id());
                Instant createdAt = earlier != null ? earlier.createdAt() : existing.get(entity.id());
                EntityChanges.stampNew(entity, now);
                if (createdAt != null) {
                    entity.setCreatedAt(createdAt);
                }
                result.succeeded(entity.id(), createdAt == null);
                written.put(entity.id(), entity);
            }
            List<Entity> inserts = new ArrayList<>();
            List<Entity> updates = new ArrayList<>();
            written.values().stream().sorted(Comparator.comparing(Entity::id)).forEach(entity ->
                    (existing.containsKey(entity.id()) ? updates : inserts).add(entity));
            tx.write(inserts, updates);
            return new Outcome<>(result, changes(before, written.values(), watched));
        });
    }

    private static Map<String, Instant> creationTimes(Map<String, Entity> entities) {
        Map<String, Instant> times = new LinkedHashMap<>();
        entities.forEach((id, entity) -> times.put(id, entity.createdAt()));
        return times;
    }

    private static List<EntityChange> changes(Map<String, Entity> before, Collection<Entity> after, boolean watched) {
        if (!watched) {
            return List.of();
        }
        return after.stream().map(entity -> new EntityChange(before.get(entity.id()), entity)).toList();
    }

    /**
     * Batch Entity Update (clause 5.6.9): each element as Append Entity Attributes, types it names added. An entity
     * of which noOverwrite kept some attributes is reported among the errors, naming them; what could be written
     * of it is written.
     */
    public BatchResult batchUpdate(String tenant, List<BatchItem> items, boolean noOverwrite) {
        Map<String, UpdateResult> partial = new LinkedHashMap<>();
        BatchResult result = batch(tenant, items, (existing, entity) -> {
            requireExisting(existing, entity.id());
            Instant now = now();
            UpdateResult update = EntityChanges.append(existing, entity.attributes(), ScopePatch.of(entity.scopes()),
                    noOverwrite, now);
            EntityChanges.addTypes(existing, entity.types(), update, now);
            if (update.isComplete()) {
                partial.remove(entity.id());
            } else {
                partial.put(entity.id(), update);
            }
            return existing;
        });
        partial.forEach((id, update) -> result.partlyApplied(id,
                update.notUpdated().stream().map(UpdateResult.NotUpdated::attributeName).toList()));
        return result;
    }

    /**
     * Ingestion of measurements (one transaction for many devices): appends each element's attributes to its
     * entity, with their history; an entity that does not exist yet is created with the element's types and
     * the attributes {@code atCreation} gives for its id (a device's static attributes), the element's own
     * attributes taking precedence. {@code atCreation} must return instances of its own on every call.
     */
    public BatchResult batchAppendCreating(String tenant, List<BatchItem> items,
                                           Function<String, Map<String, List<ObjectNode>>> atCreation) {
        return batch(tenant, items, (existing, entity) -> {
            Instant now = now();
            if (existing == null) {
                atCreation.apply(entity.id()).forEach(entity.attributes()::putIfAbsent);
                EntityChanges.stampNew(entity, now);
                return entity;
            }
            mergeTypes(existing, entity);
            EntityChanges.append(existing, entity.attributes(), null, false, now);
            return existing;
        });
    }

    public BatchResult batchMerge(String tenant, List<BatchItem> items) {
        return batch(tenant, items, (existing, entity) -> {
            requireExisting(existing, entity.id());
            EntityChanges.merge(existing, entity, ScopePatch.of(entity.scopes()), now());
            return existing;
        });
    }

    public BatchResult batchDelete(String tenant, List<String> ids) {
        return inTransaction(tenant, tx -> {
            BatchResult result = new BatchResult();
            Map<String, Entity> found = tx.findAllForUpdate(ids);
            Set<String> existing = found.keySet();
            Set<String> deleted = new LinkedHashSet<>();
            for (String id : ids) {
                if (existing.contains(id) && deleted.add(id)) {
                    result.succeeded(id, false);
                } else {
                    result.failed(id, NgsiLdException.notFound("Entity not found: " + id));
                }
            }
            tx.recordDeletion(deleted.stream().map(found::get).toList(), now());
            tx.delete(deleted);
            return new Outcome<>(result, deleted.stream().map(id -> new EntityChange(found.get(id), null)).toList());
        });
    }

    /**
     * Runs a batch: loads and locks every existing entity it names at once, applies each element in
     * order to an in-memory state (so later elements see earlier ones), then writes all changes.
     * {@code apply} gets a copy of the current entity (or null) and the element; an element that fails
     * is reported and leaves the state as it was.
     */
    private BatchResult batch(String tenant, List<BatchItem> items, BiFunction<Entity, Entity, Entity> apply) {
        List<String> ids = items.stream().filter(item -> item.entity() != null).map(BatchItem::entityId)
                .distinct().sorted().toList();
        boolean watched = listener.watches(tenant);
        return inTransaction(tenant, tx -> {
            BatchResult result = new BatchResult();
            Map<String, Entity> original = tx.findAllForUpdate(ids);
            Map<String, Entity> state = new LinkedHashMap<>(original);
            Set<String> existedBefore = Set.copyOf(state.keySet());
            Map<String, Entity> changed = new LinkedHashMap<>();
            for (BatchItem item : items) {
                if (item.parseError() != null) {
                    result.failed(item.entityId(), item.parseError());
                    continue;
                }
                Entity before = state.get(item.entityId());
                try {
                    Entity current = before == null ? null : before.copy();
                    if (current != null) {
                        AttributeExpiry.deleteExpired(current, now());
                    }
                    Entity after = EntityLimits.require(apply.apply(current, item.entity().copy()));
                    state.put(after.id(), after);
                    changed.put(after.id(), after);
                    result.succeeded(after.id(), before == null);
                } catch (NgsiLdException e) {
                    result.failed(item.entityId(), e);
                }
            }
            List<Entity> inserts = new ArrayList<>();
            List<Entity> updates = new ArrayList<>();
            changed.values().stream().sorted(Comparator.comparing(Entity::id)).forEach(entity ->
                    (existedBefore.contains(entity.id()) ? updates : inserts).add(entity));
            tx.write(inserts, updates);
            return new Outcome<>(result, changes(original, changed.values(), watched));
        });
    }

    private static void requireExisting(Entity existing, String id) {
        if (existing == null) {
            throw NgsiLdException.notFound("Entity not found: " + id);
        }
    }

    private static void mergeTypes(Entity existing, Entity incoming) {
        LinkedHashSet<String> types = new LinkedHashSet<>(existing.types());
        types.addAll(incoming.types());
        existing.setTypes(new ArrayList<>(types));
    }

    private void changeExisting(String tenant, String id, BiFunction<Entity, Instant, Entity> change) {
        write(EntityWrite.change(tenant, id, (existing, now) -> new EntityWrite.Applied(change.apply(existing, now), null)));
    }

    /** A change that edits the locked entity itself and tells what it did. */
    @SuppressWarnings("unchecked")
    private <T> T changeInPlace(String tenant, String id, BiFunction<Entity, Instant, T> change) {
        return (T) write(EntityWrite.change(tenant, id,
                (existing, now) -> new EntityWrite.Applied(existing, change.apply(existing, now))));
    }

    /**
     * Writes one entity: beside other writes when they are combined, else in a transaction of its own; also alone
     * when another transaction holds the entity, so that waiting for it holds up no other write.
     */
    private Object write(EntityWrite write) {
        if (groups == null) {
            return alone(write, true);
        }
        Object result = groups.write(write);
        return result == HANDED_BACK ? alone(write, true) : result;
    }

    /**
     * One write in a transaction of its own, rolled back when the write fails; without {@code waitForLock}, it is
     * {@link #HANDED_BACK} when another transaction holds its entity.
     */
    private Object alone(EntityWrite write, boolean waitForLock) {
        boolean watched = listener.watches(write.tenant());
        return inTransaction(write.tenant(), tx -> {
            WriteGroup.Applied applied = WriteGroup.apply(tx, List.of(write), now(), watched, waitForLock);
            if (applied.failed(0)) {
                throw applied.failures()[0];
            }
            return new Outcome<>(applied.handedBack()[0] ? HANDED_BACK : applied.results()[0], applied.changes());
        }, null);
    }

    /**
     * Commits a group of writes, each of a different entity, in one transaction per tenant and settles each with
     * its own result or failure once that transaction committed: first those that the kept entities let go without
     * locks ({@link KeptWrites}), then the others under locks. When the transaction fails before its commit (a
     * statement refused the values of one write: it is rolled back), each write goes again alone, so that only the
     * one at fault fails; when its commit fails (was it committed?) or the platform is busy, none is acknowledged.
     */
    private void commitTogether(List<CommitGroups.Pending<EntityWrite, Object>> group) {
        Map<String, List<CommitGroups.Pending<EntityWrite, Object>>> byTenant = new LinkedHashMap<>();
        group.forEach(pending -> byTenant.computeIfAbsent(pending.write().tenant(), t -> new ArrayList<>()).add(pending));
        byTenant.forEach(this::commitTogether);
    }

    private void commitTogether(String tenant, List<CommitGroups.Pending<EntityWrite, Object>> all) {
        boolean watched = listener.watches(tenant);
        // the listener learns of changes inside their transaction, which only the locking path gives it
        List<CommitGroups.Pending<EntityWrite, Object>> group = watched ? all : KeptWrites.write(store, tenant, all, now());
        if (group.isEmpty()) {
            return;
        }
        if (group.size() == 1) {
            settleAlone(group.getFirst());
            return;
        }
        List<EntityWrite> writes = group.stream().map(CommitGroups.Pending::write).toList();
        java.util.concurrent.atomic.AtomicBoolean committing = new java.util.concurrent.atomic.AtomicBoolean();
        WriteGroup.Applied applied;
        try {
            applied = inTransaction(tenant, tx -> {
                WriteGroup.Applied together = WriteGroup.apply(tx, writes, now(), watched, false);
                return new Outcome<>(together, together.changes());
            }, committing);
        } catch (RuntimeException e) {
            if (committing.get() || e instanceof ServiceUnavailable) {
                group.forEach(pending -> pending.fail(e));
            } else {
                LOG.log(System.Logger.Level.DEBUG, "A group of " + group.size() + " writes failed before its commit ("
                        + e + "); each goes alone");
                group.forEach(this::settleAlone);
            }
            return;
        }
        for (int i = 0; i < group.size(); i++) {
            if (applied.failed(i)) {
                group.get(i).fail(applied.failures()[i]);
            } else {
                group.get(i).succeed(applied.handedBack()[i] ? HANDED_BACK : applied.results()[i]);
            }
        }
    }

    /** One write of a group in a transaction of its own, on the committer: it waits for no lock. */
    private void settleAlone(CommitGroups.Pending<EntityWrite, Object> pending) {
        try {
            pending.succeed(alone(pending.write(), false));
        } catch (RuntimeException e) {
            pending.fail(e);
        }
    }

    /** What a transaction's work returns: its result, and the changes it made for the listener. */
    private record Outcome<T>(T result, List<EntityChange> changes) {
    }

    /**
     * Runs the work in one transaction; the listener sees its changes before the commit, and what it
     * asks for afterwards runs once the commit succeeded.
     */
    private <T> T inTransaction(String tenant, Function<EntityTransaction, Outcome<T>> work) {
        return inTransaction(tenant, work, null);
    }

    /**
     * @param committing set once the work (and the listener) is done and the store is committing: a failure then
     *                   may or may not have committed; null when nobody asks
     */
    private <T> T inTransaction(String tenant, Function<EntityTransaction, Outcome<T>> work,
                                java.util.concurrent.atomic.AtomicBoolean committing) {
        ChangeListener current = listener;
        Committed<T> committed = store.inTransaction(tenant, tx -> {
            if (committing != null) {
                committing.set(false);
            }
            Outcome<T> outcome = work.apply(tx);
            Committed<T> done = new Committed<>(outcome.result(),
                    outcome.changes().isEmpty() ? null : current.changed(tenant, tx, outcome.changes()));
            if (committing != null) {
                committing.set(true);
            }
            return done;
        });
        if (committed.afterCommit() != null) {
            try {
                committed.afterCommit().run();
            } catch (RuntimeException e) {
                // The change is committed, its notifications are in the outbox: the request succeeded.
                LOG.log(System.Logger.Level.WARNING, "What followed a committed change failed", e);
            }
        }
        return committed.result();
    }

    /** What a committed transaction returns, and what its listener asked to run once it is committed. */
    private record Committed<T>(T result, Runnable afterCommit) {
    }

    /** Milliseconds are what clients exchange and what every store keeps exactly. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
