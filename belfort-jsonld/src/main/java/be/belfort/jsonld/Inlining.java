package be.belfort.jsonld;

import be.belfort.model.Entity;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The linked entities a rendering shows inside the Relationships that point at them ({@code join=inline}): in
 * an {@code entity} member (an {@code entityList} for a ListRelationship), or in place of the object in the
 * simplified representation; {@code levels} deep, so that a cycle of links ends. {@code linkedAs} is how the
 * entities the attribute being rendered leads to are shown (its nested projection, if any).
 */
public record Inlining(Map<String, Entity> entities, int levels, Representation linkedAs) {
    public static final Inlining NONE = new Inlining(Map.of(), 0, null);

    public Inlining {
        entities = Map.copyOf(entities);
    }

    /**
     * The answer's own entities and those their links reach: an entity of the answer that another one links to is
     * shown inside it too, as is one a cycle of links leads back to.
     */
    public static Inlining of(List<Entity> answer, Map<String, Entity> linked, int levels) {
        Map<String, Entity> all = new HashMap<>(linked);
        answer.forEach(entity -> all.put(entity.id(), entity));
        return new Inlining(all, levels, null);
    }

    Entity find(String id) {
        return levels > 0 ? entities.get(id) : null;
    }

    /** The inlining inside the attribute {@code attribute} of an entity shown as {@code representation}. */
    Inlining at(Representation representation, String attribute) {
        return isNone() ? this : new Inlining(entities, levels, representation.forLinked(attribute));
    }

    Inlining deeper() {
        return new Inlining(entities, levels - 1, null);
    }

    boolean isNone() {
        return levels <= 0 || entities.isEmpty();
    }
}
