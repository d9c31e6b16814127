package be.belfort.dashboard;

import be.belfort.datamodels.DataModel;
import be.belfort.datamodels.DataModels;
import be.belfort.datamodels.Problem;
import be.belfort.model.Entity;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * How many of a dataset's entities are valid against their Smart Data Model's JSON Schema, and which are not with
 * their first problem. At most {@code checked} entities are checked: the caller says which (a bound keeps a page or a
 * recomputation fast).
 *
 * @param model   the model the entities were checked against
 * @param checked how many entities were checked
 * @param valid   how many of them are valid
 * @param invalid the invalid ones, in the order they were checked, at most {@link #MAX_INVALID_KEPT}
 */
public record SchemaValidity(DataModel model, int checked, int valid, List<Invalid> invalid) {
    /** The invalid entities kept by id (the count says how many there are). */
    public static final int MAX_INVALID_KEPT = 50;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** An invalid entity, its first problem (by property path) and how many it has. */
    public record Invalid(String id, String name, Problem first, int problems) {
    }

    public SchemaValidity {
        invalid = List.copyOf(invalid);
    }

    /** The share of checked entities that are valid, from 0 to 1; 1 when none was checked. */
    public double share() {
        return checked == 0 ? 1 : (double) valid / checked;
    }

    /**
     * The validity of the entities of a type against its model, or null when the platform holds no schema for it.
     *
     * @param compact an IRI to its name under the core @context
     */
    public static SchemaValidity of(DataModels models, String typeName, List<Entity> entities,
                                    UnaryOperator<String> compact) {
        DataModel model = models.of(typeName);
        if (model == null || !model.hasSchema()) {
            return null;
        }
        int valid = 0;
        List<Invalid> invalid = new ArrayList<>();
        for (Entity entity : entities) {
            List<Problem> problems = models.problems(normalized(entity, model.type(), compact));
            if (problems.isEmpty()) {
                valid++;
            } else if (invalid.size() < MAX_INVALID_KEPT) {
                invalid.add(new Invalid(entity.id(), Attributes.name(entity, compact), problems.getFirst(), problems.size()));
            }
        }
        return new SchemaValidity(model, entities.size(), valid, invalid);
    }

    /** The entity in normalized form with the names of the core @context, as a client reading it would get it. */
    static ObjectNode normalized(Entity entity, String typeName, UnaryOperator<String> compact) {
        ObjectNode normalized = NODES.objectNode();
        normalized.put("id", entity.id());
        normalized.put("type", typeName);
        for (Map.Entry<String, List<ObjectNode>> attribute : entity.attributes().entrySet()) {
            List<ObjectNode> instances = attribute.getValue();
            if (instances.size() == 1) {
                normalized.set(compact.apply(attribute.getKey()), instances.getFirst());
            } else if (!instances.isEmpty()) {
                ArrayNode all = normalized.putArray(compact.apply(attribute.getKey()));
                instances.forEach(all::add);
            }
        }
        return normalized;
    }
}
