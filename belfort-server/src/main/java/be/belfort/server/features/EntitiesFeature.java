package be.belfort.server.features;

import be.belfort.api.Feature;
import be.belfort.api.entities.BatchRoutes;
import be.belfort.api.entities.DiscoveryRoutes;
import be.belfort.api.entities.EntityRoutes;
import be.belfort.api.entities.InfoRoutes;
import be.belfort.api.entities.PurgeRoutes;
import be.belfort.api.entities.QueryRoutes;
import be.belfort.model.PeriodicTask;
import be.belfort.query.DistributedReads;
import be.belfort.query.EntityPurge;
import be.belfort.storage.DatabaseIdentity;

import java.time.Duration;
import java.util.List;

/**
 * The NGSI-LD entities: create, retrieve, update, delete and batch operations, queries, purge, type and attribute
 * discovery, the broker's source identity, and the deletion of expired transient entities.
 */
public final class EntitiesFeature {
    /** Expired transient entities deleted per transaction. */
    public static final int EXPIRY_CHUNK = 1000;

    private EntitiesFeature() {
    }

    /**
     * @param distributed the registered context sources, asked by queries and retrievals they may help answer
     * @param writes      the registered context sources that take writes of entities
     */
    public static Feature wire(Core core, DistributedReads distributed, be.belfort.query.DistributedWrites writes) {
        String identity = core.settings().publicUrl() != null ? core.settings().publicUrl()
                : DatabaseIdentity.of(core.dataSource());
        PeriodicTask expire = new PeriodicTask("delete expired transient entities", Duration.ofSeconds(10),
                Duration.ofSeconds(10), () -> core.entities().deleteExpired(EXPIRY_CHUNK));
        return new Feature("entities", List.of(
                new EntityRoutes(core.entities(), core.in(), core.out(), core.json()).readAccess(core.readAccess())
                        .linkedEntities(core.queries())
                        .distributed(distributed).distributed(writes),
                new BatchRoutes(core.entities(), core.in(), core.out(), core.problems(), core.json(),
                        core.settings().maxBatchSize()).distributed(distributed, writes),
                new QueryRoutes(core.queries(), core.in(), core.out(), core.json(), Core.MAX_QUERY_LIMIT)
                        .readAccess(core.readAccess()).distributed(distributed),
                new PurgeRoutes(new EntityPurge(core.entities(), core.finder()), core.in()),
                new InfoRoutes(identity, core.urls(), core.clock(), core.in(), core.out(), core.json()),
                new DiscoveryRoutes(core.queries(), core.in(), core.out(), core.json()).readAccess(core.readAccess())
                        .distributed(distributed)),
                List.of(expire), List.of());
    }
}
