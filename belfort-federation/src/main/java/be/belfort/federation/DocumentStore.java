package be.belfort.federation;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;

/** Where registrations and registration subscriptions are kept across restarts: one JSON document each. */
public interface DocumentStore {
    /** A stored document and its tenant. */
    record Stored(String tenant, ObjectNode document) {
    }

    List<Stored> loadAll();

    /** One document, if it exists. */
    java.util.Optional<Stored> load(String tenant, String id);

    /** Stores a new document; false when the tenant already has one with its id. */
    boolean insert(String tenant, String id, ObjectNode document, Instant expiresAt);

    void update(String tenant, String id, ObjectNode document, Instant expiresAt);

    /** Removes a document; false when there was none. */
    boolean delete(String tenant, String id);
}
