package be.belfort.query;

import be.belfort.model.Entity;
import be.belfort.model.EntityChange;

import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What a reader may see, by entity type: only entities whose every type is in {@code only} (when it is not
 * null), none that has a type in {@code except}, and of the entities it sees, not the attributes
 * {@code hidden} lists for their types (personal attributes). Applied to every read, beside what the reader
 * asked for.
 *
 * @param hidden attribute IRIs the reader may not see, per entity type IRI
 */
public record TypeScope(Set<String> only, Set<String> except, Map<String, Set<String>> hidden) {
    public TypeScope {
        only = only == null ? null : Set.copyOf(only);
        except = Set.copyOf(except);
        hidden = Map.copyOf(hidden);
    }

    public TypeScope(Set<String> only, Set<String> except) {
        this(only, except, Map.of());
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
    public TypeScope referencing(Collection<String> attributes) {
        Set<String> dropped = new HashSet<>(except);
        hidden.forEach((type, names) -> {
            if (attributes.stream().anyMatch(names::contains)) {
                dropped.add(type);
            }
        });
        return dropped.size() == except.size() ? this : new TypeScope(only, dropped, hidden);
    }
}
