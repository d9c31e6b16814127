package be.belfort.subscriptions;

import be.belfort.model.Entity;
import be.belfort.model.EntityChange;
import be.belfort.model.History;
import be.belfort.model.Members;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stored form of a change that notifications are rendered from when they are sent: the entity as the change
 * leaves it, with the instances it deleted, and (when a rendering needs it) the entity as the change found it.
 * Instances are shared with the change, not copied: the stored form is written out once, in the change's transaction.
 */
public final class ChangeCodec {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ChangeCodec() {
    }

    /** @param withBefore whether the entity as the change found it is kept (a deletion keeps it whatever this says) */
    public static ObjectNode write(EntityChange change, boolean withBefore) {
        ObjectNode stored = NODES.objectNode();
        if (change.before() != null && (withBefore || change.after() == null)) {
            stored.set("before", write(change.before()));
        }
        if (change.after() != null) {
            stored.set("after", write(change.after()));
        }
        return stored;
    }

    public static EntityChange read(JsonNode stored) {
        return new EntityChange(entity(stored.get("before")), entity(stored.get("after")));
    }

    private static ObjectNode write(Entity entity) {
        ObjectNode out = NODES.objectNode();
        out.put("id", entity.id());
        ArrayNode types = out.putArray("types");
        entity.types().forEach(types::add);
        if (entity.scopes() != null) {
            ArrayNode scopes = out.putArray("scopes");
            entity.scopes().forEach(scopes::add);
        }
        putTime(out, "createdAt", entity.createdAt());
        putTime(out, "modifiedAt", entity.modifiedAt());
        putTime(out, "expiresAt", entity.expiresAt());
        ObjectNode attributes = out.putObject("attributes");
        entity.attributes().forEach((name, instances) -> attributes.putArray(name).addAll(instances));
        if (!entity.deletions().isEmpty()) {
            ArrayNode deletions = out.putArray("deletions");
            for (History.Written deletion : entity.deletions()) {
                deletions.addObject().put("attribute", deletion.attribute()).set("instance", deletion.instance());
            }
        }
        return out;
    }

    private static Entity entity(JsonNode stored) {
        if (stored == null || stored.isNull()) {
            return null;
        }
        List<String> types = new ArrayList<>();
        stored.get("types").forEach(type -> types.add(type.asText()));
        List<String> scopes = null;
        if (stored.has("scopes")) {
            scopes = new ArrayList<>();
            for (JsonNode scope : stored.get("scopes")) {
                scopes.add(scope.asText());
            }
        }
        Map<String, List<ObjectNode>> attributes = new LinkedHashMap<>();
        stored.get("attributes").properties().forEach(attribute -> {
            List<ObjectNode> instances = new ArrayList<>();
            attribute.getValue().forEach(instance -> instances.add((ObjectNode) instance));
            attributes.put(attribute.getKey(), instances);
        });
        Entity entity = new Entity(stored.get("id").asText(), types, scopes, time(stored, "createdAt"),
                time(stored, "modifiedAt"), attributes);
        entity.setExpiresAt(time(stored, "expiresAt"));
        for (JsonNode deletion : stored.path("deletions")) {
            // The tombstone recorded again at its own time is the same tombstone.
            ObjectNode tombstone = (ObjectNode) deletion.get("instance");
            entity.recordDeletion(deletion.get("attribute").asText(), tombstone,
                    Instant.parse(tombstone.get(Members.DELETED_AT).asText()));
        }
        return entity;
    }

    private static void putTime(ObjectNode out, String name, Instant time) {
        if (time != null) {
            out.put(name, time.toString());
        }
    }

    private static Instant time(JsonNode stored, String name) {
        JsonNode time = stored.get(name);
        return time == null || time.isNull() ? null : Instant.parse(time.asText());
    }
}
