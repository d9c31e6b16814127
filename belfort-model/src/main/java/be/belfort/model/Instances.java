package be.belfort.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Small facts about attribute instances, shared by the entity operations and the renderers. */
public final class Instances {
    private Instances() {
    }

    /** The instance's datasetId, or null for the default instance. */
    public static String datasetId(ObjectNode instance) {
        JsonNode id = instance.get(Members.DATASET_ID);
        return id == null ? null : id.asText();
    }

    /** Position of the instance with this datasetId (null for the default instance), or -1. */
    public static int indexOf(List<ObjectNode> instances, String datasetId) {
        for (int i = 0; i < instances.size(); i++) {
            if (Objects.equals(datasetId(instances.get(i)), datasetId)) {
                return i;
            }
        }
        return -1;
    }

    public static AttributeType type(ObjectNode instance) {
        JsonNode type = instance.get(Members.TYPE);
        return AttributeType.ofTerm(type == null ? "" : type.asText()).orElse(AttributeType.PROPERTY);
    }

    /** True when the instance's value member is the NGSI-LD Null: the instance is to be removed. */
    public static boolean isNgsiLdNull(ObjectNode instance) {
        JsonNode value = instance.get(type(instance).valueMember());
        if (value == null) {
            return false;
        }
        if (value.isTextual()) {
            return Members.NGSI_LD_NULL.equals(value.asText());
        }
        return value.isObject() && value.size() == 1 && Members.NGSI_LD_NULL.equals(value.path("@none").asText());
    }

    /**
     * Sets the system members of a new or rewritten instance and of its sub-attributes: createdAt
     * (kept from the instance it replaces, when there is one) and modifiedAt.
     */
    public static void stamp(ObjectNode instance, Instant createdAt, Instant now) {
        instance.put(Members.CREATED_AT, (createdAt == null ? now : createdAt).toString());
        instance.put(Members.MODIFIED_AT, now.toString());
        for (Map.Entry<String, JsonNode> member : instance.properties()) {
            if (Members.isSubAttribute(member.getKey()) && member.getValue() instanceof ObjectNode sub) {
                stamp(sub, null, now);
            }
        }
    }

    public static Instant createdAt(ObjectNode instance) {
        JsonNode createdAt = instance.get(Members.CREATED_AT);
        return createdAt == null ? null : Instant.parse(createdAt.asText());
    }

    /**
     * The entity ids a Relationship ({@code object}) or ListRelationship ({@code objectList}, of ids or of
     * {@code {"object": id}} members) points at, in order; empty for any other attribute.
     */
    public static List<String> objects(ObjectNode instance) {
        return switch (type(instance)) {
            case RELATIONSHIP -> {
                JsonNode object = instance.get(Members.OBJECT);
                yield object != null && object.isTextual() ? List.of(object.asText()) : List.of();
            }
            case LIST_RELATIONSHIP -> {
                List<String> ids = new java.util.ArrayList<>();
                for (JsonNode element : instance.path(Members.OBJECT_LIST)) {
                    JsonNode object = element.isObject() ? element.get(Members.OBJECT) : element;
                    if (object != null && object.isTextual()) {
                        ids.add(object.asText());
                    }
                }
                yield ids;
            }
            default -> List.of();
        };
    }

    /** Removes the value members, so that a new type's value member can take their place. */
    public static void clearValueMembers(ObjectNode instance) {
        for (AttributeType type : AttributeType.values()) {
            instance.remove(type.valueMember());
        }
        instance.remove(Members.OBJECT_TYPE);
    }
}
