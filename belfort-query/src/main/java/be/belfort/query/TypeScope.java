package be.belfort.query;

import be.belfort.model.Entity;

import java.util.Set;

/**
 * Which entities a reader may see, by their types: only entities whose every type is in {@code only}
 * (when it is not null), and none that has a type in {@code except}. Applied to every read, beside what
 * the reader asked for.
 */
public record TypeScope(Set<String> only, Set<String> except) {
    public TypeScope {
        only = only == null ? null : Set.copyOf(only);
        except = Set.copyOf(except);
    }

    public boolean allows(Entity entity) {
        return (only == null || only.containsAll(entity.types())) && entity.types().stream().noneMatch(except::contains);
    }

    public boolean allowsType(String type) {
        return (only == null || only.contains(type)) && !except.contains(type);
    }
}
