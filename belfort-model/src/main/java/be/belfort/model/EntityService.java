package be.belfort.model;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The NGSI-LD entity operations (clause 5.6 and 5.7.1) on one tenant: each loads what it changes
 * under a row lock, applies {@link EntityChanges} and commits before it returns.
 */
public final class EntityService {
    private final EntityStore store;
    private final Clock clock;

    public EntityService(EntityStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public Entity retrieve(String tenant, String id) {
        Optional<Entity> entity = store.find(tenant, id);
        if (entity.isPresent()) {
            return entity.get();
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
        EntityChanges.stampNew(entity, now());
        store.inTransaction(tenant, tx -> {
            if (tx.findForUpdate(entity.id()).isPresent()) {
                throw new NgsiLdException(ErrorType.ALREADY_EXISTS, "Entity already exists: " + entity.id());
            }
            tx.write(List.of(entity), List.of());
            return null;
        });
    }

    public void delete(String tenant, String id) {
        int deleted = store.inTransaction(tenant, tx -> {
            Optional<Entity> existing = tx.findForUpdate(id);
            existing.ifPresent(entity -> tx.recordDeletion(List.of(entity), now()));
            return existing.isEmpty() ? 0 : tx.delete(List.of(id));
        });
        if (deleted == 0) {
            throw NgsiLdException.notFound("Entity not found: " + id);
        }
    }

    public void replace(String tenant, Entity replacement) {
        changeExisting(tenant, replacement.id(), (existing, now) -> EntityChanges.replace(existing, replacement, now));
    }

    public void merge(String tenant, Entity patch) {
        changeExisting(tenant, patch.id(), (existing, now) -> {
            EntityChanges.merge(existing, patch, now);
            return existing;
        });
    }

    public UpdateResult appendAttributes(String tenant, String id, Map<String, List<ObjectNode>> attributes,
                                         boolean noOverwrite) {
        UpdateResult[] result = new UpdateResult[1];
        changeExisting(tenant, id, (existing, now) -> {
            result[0] = EntityChanges.append(existing, attributes, noOverwrite, now);
            return existing;
        });
        return result[0];
    }

    public UpdateResult updateAttributes(String tenant, String id, Map<String, List<ObjectNode>> attributes) {
        UpdateResult[] result = new UpdateResult[1];
        changeExisting(tenant, id, (existing, now) -> {
            result[0] = EntityChanges.update(existing, attributes, now);
            return existing;
        });
        return result[0];
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

    /** Upsert: creates missing entities; existing ones are replaced, or updated (appended to) when {@code replace} is false. */
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
            if (replace) {
                return EntityChanges.replace(existing, entity, now);
            }
            mergeTypes(existing, entity);
            EntityChanges.append(existing, entity.attributes(), false, now);
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
        return store.inTransaction(tenant, tx -> {
            BatchResult result = new BatchResult();
            Map<String, Instant> existing = tx.lockCreationTimes(ids);
            Map<String, Entity> written = new LinkedHashMap<>();
            Instant now = now();
            for (BatchItem item : items) {
                if (item.parseError() != null) {
                    result.failed(item.entityId(), item.parseError());
                    continue;
                }
                Entity entity = item.entity().copy();
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
            return result;
        });
    }

    public BatchResult batchUpdate(String tenant, List<BatchItem> items, boolean noOverwrite) {
        return batch(tenant, items, (existing, entity) -> {
            requireExisting(existing, entity.id());
            EntityChanges.append(existing, entity.attributes(), noOverwrite, now());
            return existing;
        });
    }

    public BatchResult batchMerge(String tenant, List<BatchItem> items) {
        return batch(tenant, items, (existing, entity) -> {
            requireExisting(existing, entity.id());
            EntityChanges.merge(existing, entity, now());
            return existing;
        });
    }

    public BatchResult batchDelete(String tenant, List<String> ids) {
        return store.inTransaction(tenant, tx -> {
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
            return result;
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
        return store.inTransaction(tenant, tx -> {
            BatchResult result = new BatchResult();
            Map<String, Entity> state = new LinkedHashMap<>(tx.findAllForUpdate(ids));
            Set<String> existedBefore = Set.copyOf(state.keySet());
            Map<String, Entity> changed = new LinkedHashMap<>();
            for (BatchItem item : items) {
                if (item.parseError() != null) {
                    result.failed(item.entityId(), item.parseError());
                    continue;
                }
                Entity before = state.get(item.entityId());
                try {
                    Entity after = apply.apply(before == null ? null : before.copy(), item.entity().copy());
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
            return result;
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
        store.inTransaction(tenant, tx -> {
            Entity existing = tx.findForUpdate(id)
                    .orElseThrow(() -> NgsiLdException.notFound("Entity not found: " + id));
            Entity after = change.apply(existing, now());
            tx.write(List.of(), List.of(after));
            return null;
        });
    }

    /** Milliseconds are what clients exchange and what every store keeps exactly. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
