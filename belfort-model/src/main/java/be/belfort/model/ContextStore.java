package be.belfort.model;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The @contexts that clients host on the platform (NGSI-LD clause 5.13), kept durably. */
public interface ContextStore {

    /** A hosted context: its local id, its JSON text, when it was stored, and the tenant that added it. */
    record HostedContext(String id, String json, Instant createdAt, String tenant) {
        /** A context of the default tenant. */
        public HostedContext(String id, String json, Instant createdAt) {
            this(id, json, createdAt, "");
        }

        /** Whether a request in this tenant sees it: its own tenant's, or one naming no tenant (a JSON-LD processor). */
        public boolean visibleTo(String requestTenant) {
            return tenant.equals(requestTenant) || requestTenant.isEmpty();
        }
    }

    Optional<HostedContext> find(String id);

    void save(HostedContext context);

    boolean delete(String id);

    List<HostedContext> list();
}
