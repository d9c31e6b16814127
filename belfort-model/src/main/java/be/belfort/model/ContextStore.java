package be.belfort.model;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The @contexts that clients host on the platform (NGSI-LD clause 5.13), kept durably. */
public interface ContextStore {

    /** A hosted context: its local id, its JSON text and when it was stored. */
    record HostedContext(String id, String json, Instant createdAt) {
    }

    Optional<HostedContext> find(String id);

    void save(HostedContext context);

    boolean delete(String id);

    List<HostedContext> list();
}
