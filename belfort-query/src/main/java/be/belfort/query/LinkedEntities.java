package be.belfort.query;

import be.belfort.model.Entity;
import be.belfort.model.ErrorType;
import be.belfort.model.Instances;
import be.belfort.model.NgsiLdException;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Walks the links of an answer for {@link Join}: level by level, the entities the Relationships and
 * ListRelationships point at, each fetched once (one fetch per level), none that the answer itself holds or the
 * caller lists in containedBy. Links to entities that do not exist or that the reader may not see lead nowhere.
 * <p>
 * A walk may carry a <em>shape</em> (a nested projection, v1.8.1 clause 4.21): the shape of an entity says which
 * of its relationships are followed and what shape the entity reached through each one has.
 */
public final class LinkedEntities {
    /** The most linked entities one answer shows (listed in docs/limits.md). */
    public static final int MAX_LINKED = 1_000;

    /** How a walk goes on through an attribute of an entity with a shape. */
    @FunctionalInterface
    public interface Shapes<S> {
        /** The shape of the entity reached through {@code attribute}, or null when that attribute is not followed. */
        S through(S shape, String attribute);
    }

    /** An entity a walk reached, with the shape of the first path that reached it. */
    public record Reached<S>(Entity entity, S shape) {
    }

    private static final Shapes<Boolean> EVERY_LINK = (shape, attribute) -> Boolean.TRUE;

    private LinkedEntities() {
    }

    /**
     * The linked entities by id, in the order they were reached, following every link.
     *
     * @param fetch the entities with these ids that exist and that the reader may see
     * @throws NgsiLdException TooManyResults past {@link #MAX_LINKED}
     */
    public static Map<String, Entity> collect(List<Entity> roots, Join join,
                                              Function<Collection<String>, List<Entity>> fetch) {
        Map<String, Entity> linked = new LinkedHashMap<>();
        collect(roots, Boolean.TRUE, EVERY_LINK, join, fetch).forEach((id, reached) -> linked.put(id, reached.entity()));
        return linked;
    }

    /**
     * The linked entities by id with their shapes, in the order they were reached, following the links the
     * shapes follow from {@code rootShape}, the shape of every root.
     */
    public static <S> Map<String, Reached<S>> collect(List<Entity> roots, S rootShape, Shapes<S> shapes, Join join,
                                                      Function<Collection<String>, List<Entity>> fetch) {
        Map<String, Reached<S>> linked = new LinkedHashMap<>();
        if (join.isNone()) {
            return linked;
        }
        Set<String> seen = new HashSet<>(join.containedBy());
        roots.forEach(root -> seen.add(root.id()));
        List<Reached<S>> level = roots.stream().map(root -> new Reached<>(root, rootShape)).toList();
        for (int depth = 1; depth <= join.levels() && !level.isEmpty(); depth++) {
            Map<String, S> wanted = new LinkedHashMap<>();
            for (Reached<S> reached : level) {
                for (Map.Entry<String, List<ObjectNode>> attribute : reached.entity().attributes().entrySet()) {
                    S shape = shapes.through(reached.shape(), attribute.getKey());
                    if (shape == null) {
                        continue;
                    }
                    for (ObjectNode instance : attribute.getValue()) {
                        for (String id : Instances.objects(instance)) {
                            if (seen.add(id)) {
                                wanted.put(id, shape);
                            }
                        }
                    }
                }
            }
            if (wanted.isEmpty()) {
                break;
            }
            if (linked.size() + wanted.size() > MAX_LINKED) {
                throw new NgsiLdException(ErrorType.TOO_MANY_RESULTS, "The links of this answer reach more than "
                        + MAX_LINKED + " entities; ask for a lower joinLevel or fewer entities per page");
            }
            Map<String, Entity> found = new LinkedHashMap<>();
            fetch.apply(wanted.keySet()).forEach(entity -> found.put(entity.id(), entity));
            // in the order the links were met, so that answers do not depend on storage order
            List<Reached<S>> next = new ArrayList<>();
            wanted.forEach((id, shape) -> {
                Entity entity = found.get(id);
                if (entity != null) {
                    next.add(new Reached<>(entity, shape));
                }
            });
            next.forEach(reached -> linked.put(reached.entity().id(), reached));
            level = next;
        }
        return linked;
    }
}
