package be.belfort.subscriptions;

import be.belfort.model.EntityTransaction;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** The durable record of notifications not yet delivered. Implemented at the edge (PostgreSQL). */
public interface Outbox {

    /** Records notifications inside the transaction of the change that caused them. */
    void add(EntityTransaction tx, List<PendingNotification> notifications);

    /** The oldest pending notifications of one receiver queue, in the order they were recorded. */
    List<PendingNotification> pending(String queueKey, int limit, Set<UUID> except);

    /** How many notifications one subscription has waiting. */
    record Waiting(String tenant, String subscriptionId, long count) {
    }

    /** The subscriptions with notifications waiting, and how many each has (read once, at start). */
    List<Waiting> waitingPerSubscription();

    /** Every receiver queue with pending notifications. */
    List<String> queuesWithPending();

    /** Forgets delivered (or abandoned) notifications. */
    void remove(Collection<UUID> ids);

    void removeSubscription(String tenant, String subscriptionId);
}
