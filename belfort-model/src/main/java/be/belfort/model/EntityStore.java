package be.belfort.model;

import java.util.List;
import java.util.Optional;
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
}
