package be.belfort.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Transient attributes (NGSI-LD v1.9): an attribute instance with {@code expiresAt} is gone from every read from
 * that instant, and is then deleted as Delete Attribute deletes it (history, notifications) by the next write to
 * its entity or by the background job, whichever comes first.
 */
public final class AttributeExpiry {
    private AttributeExpiry() {
    }

    /** When the instance expires, or null when it stays. */
    public static Instant expiresAt(ObjectNode instance) {
        JsonNode expiresAt = instance.get(Members.EXPIRES_AT);
        return expiresAt == null || !expiresAt.isTextual() ? null : Instant.parse(expiresAt.asText());
    }

    public static boolean isExpired(ObjectNode instance, Instant now) {
        Instant expiresAt = expiresAt(instance);
        return expiresAt != null && !expiresAt.isAfter(now);
    }

    /** The earliest expiry of the entity's attribute instances, or null when none expires. */
    public static Instant earliest(Entity entity) {
        Instant earliest = null;
        for (List<ObjectNode> instances : entity.attributes().values()) {
            for (ObjectNode instance : instances) {
                Instant expiresAt = expiresAt(instance);
                if (expiresAt != null && (earliest == null || expiresAt.isBefore(earliest))) {
                    earliest = expiresAt;
                }
            }
        }
        return earliest;
    }

    /**
     * Leaves the expired instances out of an entity read for showing (attributes left without instances go too);
     * nothing is recorded, as the deletion itself comes later.
     */
    public static Entity hideExpired(Entity entity, Instant now) {
        Iterator<Map.Entry<String, List<ObjectNode>>> attributes = entity.attributes().entrySet().iterator();
        while (attributes.hasNext()) {
            Map.Entry<String, List<ObjectNode>> attribute = attributes.next();
            if (attribute.getValue().stream().anyMatch(instance -> isExpired(instance, now))) {
                List<ObjectNode> live = new ArrayList<>(attribute.getValue());
                live.removeIf(instance -> isExpired(instance, now));
                if (live.isEmpty()) {
                    attributes.remove();
                } else {
                    attribute.setValue(live);
                }
            }
        }
        return entity;
    }

    /**
     * Deletes the expired instances of an entity read for update, each as Delete Attribute does (recorded with
     * {@code deletedAt}, notified as attributeDeleted). Returns whether there was one.
     */
    public static boolean deleteExpired(Entity entity, Instant now) {
        boolean deleted = false;
        for (String name : List.copyOf(entity.attributes().keySet())) {
            for (ObjectNode instance : List.copyOf(entity.attributes().get(name))) {
                if (isExpired(instance, now)) {
                    EntityChanges.deleteAttribute(entity, name, Instances.datasetId(instance), false, now);
                    deleted = true;
                }
            }
        }
        return deleted;
    }
}
