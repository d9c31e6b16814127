package be.belfort.model;

import java.util.List;

/**
 * Which entities a query asks for (NGSI-LD clause 5.7.2): any of the ids, ids matching a pattern, any of
 * the types, having any of the attributes; a page of them and, when asked, the total.
 *
 * @param ids        entity ids, or empty for any
 * @param idPattern  a regular expression on the id, or null
 * @param types      expanded type IRIs (any of them), or empty for any
 * @param attributes expanded attribute IRIs the entity must have one of, or empty for any
 */
public record EntityQuery(List<String> ids, String idPattern, List<String> types, List<String> attributes, int limit,
                          int offset, boolean count) {

    /** A page of results and, when counting was asked for, the number of all matches. */
    public record Page(List<Entity> entities, Long total) {
    }
}
