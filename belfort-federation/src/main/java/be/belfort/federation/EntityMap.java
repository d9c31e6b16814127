package be.belfort.federation;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An entity map (clause 5.2.39): the entities a query matched when the map was made, in the order the query pages
 * them, each with the places that hold it ({@link #LOCAL} for this broker, else a context source registration's
 * id). It belongs to one tenant and to the reader whose query made it, and lives until {@code expiresAt}.
 *
 * @param linkedMaps the entity maps sources made for the same query, by registration id (sources are not asked for
 *                   maps, so it stays empty)
 */
public record EntityMap(String id, String tenant, String reader, Instant expiresAt, List<Entry> entries,
                        Map<String, String> linkedMaps) {
    /** The key the specification gives to entities held by the broker itself. */
    public static final String LOCAL = "@none";
    public static final String TYPE = "EntityMap";

    public EntityMap {
        entries = List.copyOf(entries);
        linkedMaps = Map.copyOf(linkedMaps);
    }

    /**
     * One entity of the map and where it is held.
     *
     * @param sources {@link #LOCAL} and registration ids
     */
    public record Entry(String entityId, List<String> sources) {
        public Entry {
            sources = List.copyOf(sources);
        }
    }

    public boolean expiredAt(Instant now) {
        return !expiresAt.isAfter(now);
    }

    /** The same map without these entities. */
    public EntityMap without(java.util.Set<String> entityIds) {
        return new EntityMap(id, tenant, reader, expiresAt,
                entries.stream().filter(entry -> !entityIds.contains(entry.entityId())).toList(), linkedMaps);
    }

    public EntityMap expiringAt(Instant at) {
        return new EntityMap(id, tenant, reader, at, entries, linkedMaps);
    }

    /** The map as the API shows it: {@code id}, {@code type}, {@code expiresAt}, {@code entityMap}, {@code linkedMaps}. */
    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("id", id);
        json.put("type", TYPE);
        json.put("expiresAt", expiresAt.toString());
        ObjectNode map = json.putObject("entityMap");
        for (Entry entry : entries) {
            ArrayNode sources = map.putArray(entry.entityId());
            entry.sources().forEach(sources::add);
        }
        ObjectNode linked = json.putObject("linkedMaps");
        linkedMaps.forEach(linked::put);
        return json;
    }
}
