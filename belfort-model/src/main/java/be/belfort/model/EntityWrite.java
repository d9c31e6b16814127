package be.belfort.model;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * What one request does to one entity (create it, change it, delete it), applied to the entity as the transaction
 * that writes it locked it, alone or beside other requests' writes ({@link WriteGroup}). Applying it again, in a
 * transaction tried again, gives the same writes.
 */
final class EntityWrite {

    /** The entity after the write (null: deleted) and what the request answers. */
    record Applied(Entity after, Object result) {
    }

    private final String tenant;
    private final String entityId;
    private final BiFunction<Entity, Instant, Applied> apply;
    private final Map<String, List<ObjectNode>> earlier;

    private EntityWrite(String tenant, String entityId, BiFunction<Entity, Instant, Applied> apply,
                        Map<String, List<ObjectNode>> earlier) {
        this.tenant = tenant;
        this.entityId = entityId;
        this.apply = apply;
        this.earlier = earlier;
    }

    /**
     * Creates the entity, with earlier instances of its attributes that only its history keeps (a temporal
     * entity); the entity given is not changed, so the write may be applied again.
     */
    static EntityWrite create(String tenant, Entity entity, Map<String, List<ObjectNode>> earlier) {
        return new EntityWrite(tenant, entity.id(), (current, now) -> {
            if (current != null) {
                throw new NgsiLdException(ErrorType.ALREADY_EXISTS, "Entity already exists: " + entity.id());
            }
            Entity created = entity.copy();
            EntityChanges.stampNew(created, now);
            return new Applied(created, null);
        }, earlier);
    }

    /** Changes the existing entity (404 when there is none): {@code change} edits the one it is given or returns another. */
    static EntityWrite change(String tenant, String id, BiFunction<Entity, Instant, Applied> change) {
        return new EntityWrite(tenant, id, (current, now) -> {
            if (current == null) {
                throw NgsiLdException.notFound("Entity not found: " + id);
            }
            AttributeExpiry.deleteExpired(current, now);
            return change.apply(current, now);
        }, Map.of());
    }

    static EntityWrite delete(String tenant, String id) {
        return new EntityWrite(tenant, id, (current, now) -> {
            if (current == null) {
                throw NgsiLdException.notFound("Entity not found: " + id);
            }
            return new Applied(null, null);
        }, Map.of());
    }

    String tenant() {
        return tenant;
    }

    String entityId() {
        return entityId;
    }

    /** Writes with the same key never share a transaction, so that the history keeps each. */
    String key() {
        return tenant + '\u0000' + entityId;
    }

    /** What the history alone keeps of a created entity: instances earlier than its current ones. */
    Map<String, List<ObjectNode>> earlier() {
        return earlier;
    }

    /** Applies the write to the entity as locked, null when it does not exist; throws the request's own failure. */
    Applied apply(Entity current, Instant now) {
        Applied applied = apply.apply(current, now);
        if (applied.after() != null) {
            EntityLimits.require(applied.after());
        }
        return applied;
    }
}
