package be.belfort.federation;

import be.belfort.model.ErrorType;
import be.belfort.model.NgsiLdException;
import be.belfort.model.Times;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Entity maps (clauses 5.5.14 and 5.14): made by queries, then retrieved, updated (their expiry only) and deleted.
 * A map is seen only in its tenant and only by the reader who made it; to anyone else, as to everyone once it has
 * expired, it does not exist.
 */
public final class EntityMaps {
    private static final String ID_PREFIX = "urn:ngsi-ld:EntityMap:";
    /** Members of an EntityMap the broker writes; an update that names them leaves them as they are. */
    private static final Set<String> OUTPUT_ONLY = Set.of("id", "type", "entityMap", "linkedMaps", "@context");

    private final EntityMapStore store;
    private final EntityMapLimits limits;
    private final Clock clock;

    public EntityMaps(EntityMapStore store, EntityMapLimits limits, Clock clock) {
        this.store = store;
        this.limits = limits;
        this.clock = clock;
    }

    public EntityMapLimits limits() {
        return limits;
    }

    /**
     * Keeps a new map of these entities for this reader.
     *
     * @param lifetime how long the client would like it kept, or null for the default; never beyond the longest
     */
    EntityMap create(String tenant, String reader, Duration lifetime, List<EntityMap.Entry> entries) {
        Duration kept = lifetime == null ? limits.defaultLifetime()
                : lifetime.compareTo(limits.maxLifetime()) > 0 ? limits.maxLifetime() : lifetime;
        EntityMap map = new EntityMap(ID_PREFIX + UUID.randomUUID(), tenant, reader, clock.instant().plus(kept),
                entries, Map.of());
        store.insert(map);
        return map;
    }

    /** The reader's map with this id, or null when there is none (or it expired, or another reader made it). */
    EntityMap live(String tenant, String reader, String id) {
        EntityMap map = store.find(tenant, id);
        if (map == null || !map.reader().equals(reader) || map.expiredAt(clock.instant())) {
            return null;
        }
        return map;
    }

    /** The reader's map; ResourceNotFound when {@link #live} finds none. */
    public EntityMap get(String tenant, String reader, String id) {
        EntityMap map = live(tenant, reader, id);
        if (map == null) {
            throw NgsiLdException.notFound("No entity map " + id + " (it may have expired)");
        }
        return map;
    }

    /**
     * Applies an EntityMap fragment (clause 5.14.2): {@code expiresAt} is the one member a client sets (a DateTime
     * in UTC, in the future; beyond the longest lifetime it is shortened to it); the members the broker writes are
     * ignored; any other member is refused.
     */
    public void update(String tenant, String reader, String id, JsonNode fragment) {
        if (!(fragment instanceof ObjectNode object) || object.isEmpty()) {
            throw NgsiLdException.badData("An entity map update must be a JSON object naming expiresAt");
        }
        object.fieldNames().forEachRemaining(member -> {
            if (!member.equals("expiresAt") && !OUTPUT_ONLY.contains(member)) {
                throw NgsiLdException.badData("An entity map has no member '" + member
                        + "' that may be updated; only expiresAt may be");
            }
        });
        EntityMap map = get(tenant, reader, id);
        JsonNode expiresAt = object.get("expiresAt");
        if (expiresAt == null) {
            return;
        }
        if (!expiresAt.isTextual() || !expiresAt.asText().endsWith("Z")) {
            throw NgsiLdException.badData("expiresAt must be a DateTime in UTC, such as 2030-01-01T00:00:00Z");
        }
        Instant at = Times.parse("expiresAt", expiresAt.asText());
        Instant now = clock.instant();
        if (!at.isAfter(now)) {
            throw NgsiLdException.badData("expiresAt " + expiresAt.asText() + " is not in the future");
        }
        Instant latest = now.plus(limits.maxLifetime());
        if (!store.update(map.expiringAt(at.isAfter(latest) ? latest : at))) {
            throw NgsiLdException.notFound("No entity map " + id + " (it may have expired)");
        }
    }

    public void delete(String tenant, String reader, String id) {
        get(tenant, reader, id);
        if (!store.delete(tenant, id)) {
            throw NgsiLdException.notFound("No entity map " + id);
        }
    }

    /** Leaves out of the map the entities that no longer match its query (clause 5.5.14). */
    void remove(EntityMap map, Set<String> entityIds) {
        if (!entityIds.isEmpty()) {
            store.update(map.without(entityIds));
        }
    }

    /** The error of a query that matches more entities than a map may hold. */
    NgsiLdException tooMany(int matched) {
        return new NgsiLdException(ErrorType.TOO_MANY_RESULTS, "The query matches " + matched
                + " entities or more; an entity map holds at most " + limits.maxEntities()
                + ". Narrow the query (type, q, a geo-query) to page it with an entity map");
    }

    public void removeExpired() {
        store.deleteExpired(clock.instant());
    }
}
