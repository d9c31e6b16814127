package be.belfort.query;

import be.belfort.model.EntityService;

import java.util.List;

/** Purge Entities: a write that selects what it deletes with the query language. */
public final class EntityPurge {
    private final EntityService entities;
    private final EntityFinder finder;

    public EntityPurge(EntityService entities, EntityFinder finder) {
        this.entities = entities;
        this.finder = finder;
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
}
