package be.belfort.query;

import be.belfort.model.EntityService;

import java.util.List;

/** Queries and discovery within one tenant; a tenant nobody has written to is an error, as for every read. */
public final class QueryService {
    private final EntityService entities;
    private final EntityFinder finder;

    public QueryService(EntityService entities, EntityFinder finder) {
        this.entities = entities;
        this.finder = finder;
    }

    /** A page of the entities the query matches, each as its reader may see it. */
    public EntityQuery.Page query(String tenant, EntityQuery query) {
        entities.requireTenant(tenant);
        EntityQuery.Page page = finder.find(tenant, query);
        TypeScope readable = query.readable();
        if (readable == null || readable.hidden().isEmpty()) {
            return page;
        }
        return new EntityQuery.Page(page.entities().stream().map(readable::trim).toList(), page.total());
    }

    /**
     * Purge Entities: deletes every entity the query matches (not a geo-query), {@code chunk} entities per
     * transaction so that memory stays bounded whatever the number; each deletion is recorded and
     * notified as by Delete Entity. Entities created while it runs with ids beyond the last chunk are
     * deleted too when they match. Returns how many were deleted.
     */
    public long purge(String tenant, EntityQuery query, int chunk) {
        if (query.geo() != null) {
            throw new IllegalArgumentException("A purge takes no geo-query");
        }
        entities.requireTenant(tenant);
        long deleted = 0;
        String after = null;
        while (true) {
            String from = after;
            List<String> ids = entities.deleteSelected(tenant, tx -> finder.lockMatching(tx, query, from, chunk));
            deleted += ids.size();
            if (ids.size() < chunk) {
                return deleted;
            }
            after = ids.getLast();
        }
    }

    public List<String> typeNames(String tenant) {
        entities.requireTenant(tenant);
        return finder.typeNames(tenant);
    }

    public List<EntityFinder.TypeInfo> types(String tenant, String onlyType) {
        entities.requireTenant(tenant);
        return finder.types(tenant, onlyType);
    }

    public List<String> attributeNames(String tenant) {
        entities.requireTenant(tenant);
        return finder.attributeNames(tenant);
    }

    public List<EntityFinder.AttributeInfo> attributes(String tenant, String onlyAttribute, TypeScope readable) {
        entities.requireTenant(tenant);
        return finder.attributes(tenant, onlyAttribute, readable);
    }
}
