package be.belfort.model;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** Where entities live. Implemented at the edge (PostgreSQL); the domain only sees this port. */
public interface EntityStore {

    /** The entity as last committed, or empty. Does not check that the tenant exists. */
    Optional<Entity> find(String tenant, String id);

    /**
     * The entity as last committed, rendered by {@code render}, or empty. A store may keep what {@code render}
     * answers with the committed entity and answer the next call of the same {@code form} from it until the entity
     * changes, so {@code render} must depend on nothing but the entity and what {@code form} names (compared by
     * {@code equals}).
     */
    default <T> Optional<T> findAs(String tenant, String id, Object form, Function<Entity, T> render) {
        return find(tenant, id).map(render);
    }

    boolean tenantExists(String tenant);

    /** The tenants that have expired transient entities still stored. */
    List<String> tenantsWithExpired();

    /** The tenants that have entities holding expired attribute instances (v1.9). */
    List<String> tenantsWithExpiredAttributes();

    /**
     * Runs the work in one transaction of the tenant, creating the tenant on its first write. The
     * transaction is committed (durably) before this returns; on any exception it is rolled back.
     */
    <T> T inTransaction(String tenant, Function<EntityTransaction, T> work);

    /** An entity, and the version of its stored row that it was read from (before a write) or written as. */
    record Versioned(Entity entity, Object version) {
    }

    /**
     * The entities among these whose rows the store keeps as they are committed, each a copy of its own with the
     * version of its row, so that a write can be applied without reading and locking the row (see
     * {@link #writeUnchanged}); the store may keep none.
     */
    default Map<String, Versioned> keptForWrite(String tenant, Collection<String> ids) {
        return Map.of();
    }

    /**
     * Writes each entity, with the history its write adds, only if its row is still the version given and no other
     * transaction holds it, in one transaction committed (durably) before this returns; answers the ids written.
     * The others are unchanged: their writes are to be applied again to the entities as locked. Throws
     * {@link ServiceUnavailable} when the outcome is unknown (the database went away) or the platform is busy;
     * any other failure wrote nothing.
     */
    default Set<String> writeUnchanged(String tenant, List<Versioned> entities) {
        return Set.of();
    }
}
