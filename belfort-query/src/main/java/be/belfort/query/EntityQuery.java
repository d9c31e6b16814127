package be.belfort.query;

import be.belfort.model.Entity;

import java.util.List;

/**
 * Which entities a query asks for (clause 5.7.2), in expanded form: entities matching any selector,
 * having one of the attributes, and matching q, the geo-query and the scope query; a page of them in
 * id order and, when asked, the number of all matches.
 *
 * @param selectors  entity selectors, any of which may match; empty for any entity
 * @param attributes attribute IRIs of which the entity must have at least one; empty for any
 * @param q          the q expression with expanded names, or null
 * @param geo        the geo-query with an expanded geoproperty, or null
 * @param scope      the scope query, or null
 * @param readable   the types the reader may see, or null for everything
 */
public record EntityQuery(List<EntitySelector> selectors, List<String> attributes, QueryExpression q, GeoQuery geo,
                          ScopeQuery scope, int limit, int offset, boolean count, TypeScope readable) {

    public EntityQuery {
        selectors = List.copyOf(selectors);
        attributes = List.copyOf(attributes);
    }

    public EntityQuery(List<EntitySelector> selectors, List<String> attributes, QueryExpression q, GeoQuery geo,
                       ScopeQuery scope, int limit, int offset, boolean count) {
        this(selectors, attributes, q, geo, scope, limit, offset, count, null);
    }

    /** The same query, limited to what a reader may see (null: everything). */
    public EntityQuery readableBy(TypeScope readable) {
        return new EntityQuery(selectors, attributes, q, geo, scope, limit, offset, count, readable);
    }

    /** A page of results and, when counting was asked for, the number of all matches. */
    public record Page(List<Entity> entities, Long total) {
    }
}
