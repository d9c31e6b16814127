package be.belfort.model;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * How large one entity may grow, checked on every entity a write leaves behind (a create, and the result of
 * every append, merge or batch element). Ids and names have their own limit ({@link Names#MAX_LENGTH}).
 */
public final class EntityLimits {
    /** An entity's types: every one of them is in the entity's index entries and in every answer about it. */
    public static final int MAX_TYPES = 100;
    /**
     * An entity's attribute instances (one per attribute, or one per datasetId): every answer, notification and
     * attribute discovery walks them all.
     */
    public static final int MAX_ATTRIBUTE_INSTANCES = 1000;

    private EntityLimits() {
    }

    public static Entity require(Entity entity) {
        if (entity.types().size() > MAX_TYPES) {
            throw NgsiLdException.badData("Entity " + Names.abbreviate(entity.id()) + " would have "
                    + entity.types().size() + " types; this platform accepts at most " + MAX_TYPES + " types on one entity");
        }
        int instances = 0;
        for (List<ObjectNode> attribute : entity.attributes().values()) {
            instances += attribute.size();
        }
        if (instances > MAX_ATTRIBUTE_INSTANCES) {
            throw NgsiLdException.badData("Entity " + Names.abbreviate(entity.id()) + " would have " + instances
                    + " attribute instances; this platform accepts at most " + MAX_ATTRIBUTE_INSTANCES
                    + " on one entity (an instance per attribute, or per datasetId of a multi-attribute)");
        }
        return entity;
    }
}
