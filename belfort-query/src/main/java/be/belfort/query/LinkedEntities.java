package be.belfort.query;

import be.belfort.model.Entity;
import be.belfort.model.ErrorType;
import be.belfort.model.Instances;
import be.belfort.model.NgsiLdException;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Walks the links of an answer for {@link Join}: level by level, the entities the Relationships and
 * ListRelationships point at, each fetched once (one fetch per level), none that the answer itself holds or the
 * caller lists in containedBy. Links to entities that do not exist or that the reader may not see lead nowhere.
 */
public final class LinkedEntities {
    /** The most linked entities one answer shows (listed in docs/limits.md). */
    public static final int MAX_LINKED = 1_000;

    private LinkedEntities() {
    }

    /**
     * The linked entities by id, in the order they were reached.
     *
     * @param fetch the entities with these ids that exist and that the reader may see
     * @throws NgsiLdException TooManyResults past {@link #MAX_LINKED}
     */
    public static Map<String, Entity> collect(List<Entity> roots, Join join,
                                              Function<Collection<String>, List<Entity>> fetch) {
        Map<String, Entity> linked = new LinkedHashMap<>();
        if (join.isNone()) {
            return linked;
        }
        Set<String> seen = new HashSet<>(join.containedBy());
        roots.forEach(root -> seen.add(root.id()));
        List<Entity> level = roots;
        for (int depth = 1; depth <= join.levels() && !level.isEmpty(); depth++) {
            Set<String> wanted = new LinkedHashSet<>();
            for (Entity entity : level) {
                for (String id : objectsOf(entity)) {
                    if (seen.add(id)) {
                        wanted.add(id);
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
            fetch.apply(wanted).forEach(entity -> found.put(entity.id(), entity));
            // in the order the links were met, so that answers do not depend on storage order
            level = wanted.stream().map(found::get).filter(java.util.Objects::nonNull).toList();
            level.forEach(entity -> linked.put(entity.id(), entity));
        }
        return linked;
    }

    /** The ids every Relationship and ListRelationship of the entity points at (every datasetId), in order. */
    static Set<String> objectsOf(Entity entity) {
        Set<String> ids = new LinkedHashSet<>();
        for (List<ObjectNode> instances : entity.attributes().values()) {
            instances.forEach(instance -> ids.addAll(Instances.objects(instance)));
        }
        return ids;
    }
}
