package be.belfort.federation;

import be.belfort.query.ClientPattern;

import java.util.List;

/**
 * Which entities a registration covers (clause 5.2.8, EntityInfo): of one of the types, and with the id or
 * an id matching the pattern when given.
 *
 * @param id        an entity id, or null
 * @param idPattern a regular expression on ids, or null
 * @param types     expanded type IRIs, at least one
 */
public record EntityInfo(String id, String idPattern, List<String> types) {
    public EntityInfo {
        types = List.copyOf(types);
    }

    /** Whether an entity with this id may be one of these (its type unknown). */
    boolean mayHold(String entityId) {
        if (id != null) {
            return id.equals(entityId);
        }
        return idPattern == null || ClientPattern.find(idPattern, entityId);
    }

    boolean hasAnyType(List<String> wanted) {
        return types.stream().anyMatch(wanted::contains);
    }
}
