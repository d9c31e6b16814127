package be.belfort.dashboard;

import be.belfort.model.Entity;
import be.belfort.model.NgsiLdException;
import be.belfort.model.ReadScope;
import be.belfort.query.EntityQuery;
import be.belfort.query.EntitySelector;
import be.belfort.query.Ordering;
import be.belfort.query.QueryService;
import be.belfort.query.TypeExpression;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The dashboard's one way to entities: queries through the query service, limited by the viewer's scope
 * exactly as the API limits the same reader. What the viewer may not read does not exist here either.
 */
public final class Entities {
    /** One page of a query, as the API's largest page. */
    static final int PAGE = 1000;

    private final QueryService queries;

    public Entities(QueryService queries) {
        this.queries = queries;
    }

    /** Whether anyone has written to the tenant. */
    public boolean tenantExists(String tenant) {
        try {
            queries.requireTenant(tenant);
            return true;
        } catch (NgsiLdException nonexistent) {
            return false;
        }
    }

    /** The entity as the viewer may see it, or null when it does not exist or the viewer may not read it. */
    public Entity one(String tenant, String id, ReadScope scope) {
        EntityQuery query = new EntityQuery(List.of(new EntitySelector(List.of(id), null, null)), List.of(), null,
                null, null, 1, 0, false).readableBy(scope);
        List<Entity> found = queries.query(tenant, query).entities();
        return found.isEmpty() ? null : found.getFirst();
    }

    /** The entities of one type the viewer may see, in id order, at most {@code max}. */
    public List<Entity> ofType(String tenant, String type, ReadScope scope, int max) {
        List<Entity> all = new ArrayList<>();
        while (all.size() < max) {
            int limit = Math.min(PAGE, max - all.size());
            List<Entity> page = queries.query(tenant, typeQuery(type, scope, limit, all.size())).entities();
            all.addAll(page);
            if (page.size() < limit) {
                break;
            }
        }
        return all;
    }

    /** A page of the entities of one type the viewer may see, in id order. */
    public EntityQuery typeQuery(String type, ReadScope scope, int limit, int offset) {
        return new EntityQuery(List.of(new EntitySelector(List.of(), null, new TypeExpression.Name(type))),
                List.of(), null, null, null, limit, offset, false).readableBy(scope);
    }

    /** When the newest change the viewer may see of a type was made, or null when it sees none. */
    public Instant newestChange(String tenant, String type, ReadScope scope) {
        EntityQuery query = new EntityQuery(List.of(new EntitySelector(List.of(), null, new TypeExpression.Name(type))),
                List.of(), null, null, null, 1, 0, false).readableBy(scope)
                .ordered(new Ordering(List.of(new Ordering.Key(new Ordering.EntityMember("modifiedAt"), true))));
        List<Entity> newest = queries.query(tenant, query).entities();
        return newest.isEmpty() ? null : newest.getFirst().modifiedAt();
    }
}
