package be.belfort.query;

import be.belfort.model.ReadScope;
import be.belfort.model.Entity;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which entities a query asks for (clause 5.7.2), in expanded form: entities matching any selector,
 * having one of the attributes, and matching q, the geo-query and the scope query; a page of them in
 * id order (or the order asked for, ties in id order) and, when asked, the number of all matches.
 *
 * @param selectors  entity selectors, any of which may match; empty for any entity
 * @param attributes attribute IRIs of which the entity must have at least one; empty for any
 * @param q          the q expression with expanded names, or null
 * @param geo        the geo-query with an expanded geoproperty, or null
 * @param scope      the scope query, or null
 * @param readable   what the reader may see
 * @param ordering   the order asked for (orderBy), or null for id order
 * @param history    for a temporal query, the window the entities must have history in; null for any entity
 */
public record EntityQuery(List<EntitySelector> selectors, List<String> attributes, QueryExpression q, GeoQuery geo,
                          ScopeQuery scope, int limit, int offset, boolean count, ReadScope readable,
                          Ordering ordering, HistoryWindow history) {

    public EntityQuery {
        selectors = List.copyOf(selectors);
        attributes = List.copyOf(attributes);
        readable = Objects.requireNonNull(readable, "readable");
    }

    public EntityQuery(List<EntitySelector> selectors, List<String> attributes, QueryExpression q, GeoQuery geo,
                       ScopeQuery scope, int limit, int offset, boolean count, ReadScope readable, Ordering ordering) {
        this(selectors, attributes, q, geo, scope, limit, offset, count, readable, ordering, null);
    }

    public EntityQuery(List<EntitySelector> selectors, List<String> attributes, QueryExpression q, GeoQuery geo,
                       ScopeQuery scope, int limit, int offset, boolean count) {
        this(selectors, attributes, q, geo, scope, limit, offset, count, ReadScope.EVERYTHING, null);
    }

    public EntityQuery(List<EntitySelector> selectors, List<String> attributes, QueryExpression q, GeoQuery geo,
                       ScopeQuery scope, int limit, int offset, boolean count, ReadScope readable) {
        this(selectors, attributes, q, geo, scope, limit, offset, count, readable, null);
    }

    /** The same query from its first match to the end of its page: what a merge of several sources pages from. */
    public EntityQuery firstPages() {
        return new EntityQuery(selectors, attributes, q, geo, scope, offset + limit, 0, count, readable, ordering,
                history);
    }

    /** The same query, this page of it. */
    public EntityQuery paged(int pageLimit, int pageOffset) {
        return new EntityQuery(selectors, attributes, q, geo, scope, pageLimit, pageOffset, count, readable, ordering,
                history);
    }

    /**
     * The same query for these entities only: each selector keeps those of the ids it names (all of them when it
     * names none), and a selector that names none of them is dropped.
     *
     * @return the narrowed query, or null when no selector names any of the ids
     */
    public EntityQuery forIds(List<String> ids) {
        List<EntitySelector> narrowed = new java.util.ArrayList<>();
        if (selectors.isEmpty()) {
            narrowed.add(new EntitySelector(ids, null, null));
        }
        for (EntitySelector selector : selectors) {
            List<String> kept = selector.ids().isEmpty() ? ids
                    : ids.stream().filter(selector.ids()::contains).toList();
            if (!kept.isEmpty()) {
                narrowed.add(new EntitySelector(kept, selector.idPattern(), selector.type()));
            }
        }
        if (narrowed.isEmpty()) {
            return null;
        }
        return new EntityQuery(narrowed, attributes, q, geo, scope, limit, offset, count, readable, ordering, history);
    }

    /** The same query with its results in this order (null: id order). */
    public EntityQuery ordered(Ordering order) {
        return new EntityQuery(selectors, attributes, q, geo, scope, limit, offset, count, readable, order, history);
    }

    /** The same query, for entities with history in the window only. */
    public EntityQuery withHistoryIn(HistoryWindow window) {
        return new EntityQuery(selectors, attributes, q, geo, scope, limit, offset, count, readable, ordering, window);
    }

    /**
     * The same query, limited to what a reader may see. Types in which an attribute the
     * query filters on is hidden from the reader are left out.
     */
    public EntityQuery readableBy(ReadScope readable) {
        return new EntityQuery(selectors, attributes, q, geo, scope, limit, offset, count,
                readable.hidden().isEmpty() ? readable : readable.referencing(referencedAttributes()),
                ordering, history);
    }

    /** The attribute IRIs the query selects, filters or orders by (an order would reveal a hidden value too). */
    public Set<String> referencedAttributes() {
        Set<String> referenced = new HashSet<>(attributes);
        if (geo != null) {
            referenced.add(geo.geoproperty());
        }
        collect(q, referenced);
        if (ordering != null) {
            ordering.keys().forEach(key -> {
                if (key.target() instanceof Ordering.Attribute attribute) {
                    referenced.add(attribute.path().attribute());
                }
            });
        }
        return referenced;
    }

    private static void collect(QueryExpression expression, Set<String> into) {
        switch (expression) {
            case null -> { }
            case QueryExpression.AllOf all -> all.terms().forEach(term -> collect(term, into));
            case QueryExpression.AnyOf any -> any.terms().forEach(term -> collect(term, into));
            case QueryExpression.Presence presence -> into.add(presence.path().attribute());
            case QueryExpression.Comparison comparison -> into.add(comparison.path().attribute());
            // the linked entity's attributes too: a type that hides them from the reader is not searched
            case QueryExpression.Linked linked -> {
                into.add(linked.relationship());
                collect(linked.term(), into);
            }
        }
    }

    /** A page of results and, when counting was asked for, the number of all matches. */
    public record Page(List<Entity> entities, Long total) {
    }
}
