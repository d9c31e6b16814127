package be.belfort.model;

import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What a reader may see, by entity type: only entities whose every type is in {@code only} (when it is not
 * null), none that has a type in {@code except}, and of the entities it sees, not the attributes
 * {@code hidden} lists for their types (personal attributes). Applied to every read, beside what the reader
 * asked for; {@link #EVERYTHING} for a reader who may see all of a tenant (a publisher, or access control off).
 *
 * @param hidden attribute IRIs the reader may not see, per entity type IRI
 */
public record ReadScope(Set<String> only, Set<String> except, Map<String, Set<String>> hidden) {
    public ReadScope {
        only = only == null ? null : Set.copyOf(only);
        except = Set.copyOf(except);
        hidden = Map.copyOf(hidden);
    }

    /** Everything in the tenant: no type left out, no attribute hidden. */
    public static final ReadScope EVERYTHING = new ReadScope(null, Set.of(), Map.of());

    public ReadScope(Set<String> only, Set<String> except) {
        this(only, except, Map.of());
    }

    public boolean seesEverything() {
        return only == null && except.isEmpty() && hidden.isEmpty();
    }

    /**
     * The entity as this reader may see it (without hidden attributes).
     *
     * @throws NgsiLdException ResourceNotFound for an entity it may not see at all, just as for one that does
     *                         not exist
     */
    public Entity require(Entity entity) {
        if (!allows(entity)) {
            throw NgsiLdException.notFound("Entity not found: " + entity.id());
        }
        return trim(entity);
    }

    public boolean allows(Entity entity) {
        return (only == null || only.containsAll(entity.types())) && entity.types().stream().noneMatch(except::contains);
    }

    public boolean allowsType(String type) {
        return (only == null || only.contains(type)) && !except.contains(type);
    }

    /** True when the attribute is hidden in entities of the type. */
    public boolean hides(String type, String attribute) {
        Set<String> attributes = hidden.get(type);
        return attributes != null && attributes.contains(attribute);
    }

    /** The attributes hidden in the entity: those hidden for any of its types. */
    public Set<String> hiddenIn(Entity entity) {
        if (hidden.isEmpty()) {
            return Set.of();
        }
        Set<String> attributes = new HashSet<>();
        entity.types().forEach(type -> attributes.addAll(hidden.getOrDefault(type, Set.of())));
        return attributes;
    }

    /** The entity as the reader may see it: without the attributes hidden for any of its types. */
    public Entity trim(Entity entity) {
        return entity == null || hidden.isEmpty() ? entity : entity.without(hiddenIn(entity));
    }

    public EntityChange trim(EntityChange change) {
        return hidden.isEmpty() ? change : new EntityChange(trim(change.before()), trim(change.after()));
    }

    /**
     * This scope for a request that selects or filters by {@code attributes}: types in which one of them is
     * hidden drop out entirely, so that a filter on a hidden attribute reveals nothing about its values.
     */
    public ReadScope referencing(Collection<String> attributes) {
        Set<String> dropped = new HashSet<>(except);
        hidden.forEach((type, names) -> {
            if (attributes.stream().anyMatch(names::contains)) {
                dropped.add(type);
            }
        });
        return dropped.size() == except.size() ? this : new ReadScope(only, dropped, hidden);
    }
}
