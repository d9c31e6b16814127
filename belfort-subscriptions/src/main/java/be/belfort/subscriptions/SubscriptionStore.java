package be.belfort.subscriptions;

import be.belfort.model.Reader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Where subscriptions and their delivery figures live. Implemented at the edge (PostgreSQL). */
public interface SubscriptionStore {

    /** A subscription as stored: what it was written as, and its delivery figures. */
    record Stored(String tenant, String id, ObjectNode payload, JsonNode context, Instant createdAt,
                  Instant modifiedAt, DeliveryStatus.Snapshot status, Reader owner) {
    }

    /** Inserts a subscription; false when the tenant already has one with this id. */
    boolean insert(Subscription subscription, JsonNode writtenContext, Reader owner);

    void update(Subscription subscription, JsonNode writtenContext);

    boolean delete(String tenant, String id);

    List<Stored> all();

    /** One subscription as stored now. */
    Optional<Stored> find(String tenant, String id);

    void saveStatus(Collection<DeliveryStatus.Snapshot> statuses);
}
