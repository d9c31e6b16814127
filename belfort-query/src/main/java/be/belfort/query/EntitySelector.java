package be.belfort.query;

import java.util.List;

/**
 * One way of naming the entities wanted (clause 5.2.33, EntitySelector): any of the ids, ids matching
 * a pattern, a type expression. The parts that are given must all hold.
 *
 * @param ids       entity ids, or empty for any
 * @param idPattern a regular expression on the whole id, or null
 * @param type      a type expression with expanded type IRIs, or null for any type
 */
public record EntitySelector(List<String> ids, String idPattern, TypeExpression type) {
    public EntitySelector {
        ids = List.copyOf(ids);
    }

    public boolean isEmpty() {
        return ids.isEmpty() && idPattern == null && type == null;
    }
}
