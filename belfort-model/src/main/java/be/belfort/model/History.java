package be.belfort.model;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which attribute instances an operation wrote, so that each becomes one entry of the entity's
 * history. Every operation stamps the instances it writes, and the entity, with the same modifiedAt;
 * instances it left alone keep an older one.
 */
public final class History {
    /** One written instance of one attribute. */
    public record Written(String attribute, ObjectNode instance) {
    }

    private History() {
    }

    /**
     * What the history records when instances are deleted (clause 4.5.7): an instance of the same type
     * whose value is the NGSI-LD Null, stamped with {@code deletedAt}.
     */
    public static ObjectNode deletion(ObjectNode removed, java.time.Instant at) {
        ObjectNode tombstone = removed.objectNode();
        AttributeType type = Instances.type(removed);
        tombstone.put(Members.TYPE, type.term());
        tombstone.put(type.valueMember(), Members.NGSI_LD_NULL);
        if (removed.has(Members.DATASET_ID)) {
            tombstone.set(Members.DATASET_ID, removed.get(Members.DATASET_ID));
        }
        tombstone.put(Members.DELETED_AT, at.toString());
        tombstone.put(Members.MODIFIED_AT, at.toString());
        return tombstone;
    }

    /** The deletion of every attribute instance of an entity that is itself being deleted. */
    public static List<Written> deletionOf(Entity entity, java.time.Instant at) {
        List<Written> deleted = new ArrayList<>();
        entity.attributes().forEach((attribute, instances) -> instances.forEach(
                instance -> deleted.add(new Written(attribute, deletion(instance, at)))));
        return deleted;
    }

    public static List<Written> writtenBy(Entity entity) {
        List<Written> written = new ArrayList<>(entity.deletions());
        String modifiedAt = entity.modifiedAt() == null ? null : entity.modifiedAt().toString();
        for (Map.Entry<String, List<ObjectNode>> attribute : entity.attributes().entrySet()) {
            for (ObjectNode instance : attribute.getValue()) {
                if (modifiedAt != null && modifiedAt.equals(instance.path(Members.MODIFIED_AT).asText())) {
                    written.add(new Written(attribute.getKey(), instance));
                }
            }
        }
        return written;
    }
}
