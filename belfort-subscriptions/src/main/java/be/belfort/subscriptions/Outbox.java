package be.belfort.subscriptions;

import be.belfort.model.EntityTransaction;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** The durable record of notifications not yet delivered. Implemented at the edge (PostgreSQL). */
public interface Outbox {

    /**
     * Records notifications inside the transaction of the change that caused them: each change they refer to
     * once, and a row per notification that refers to it.
     */
    void add(EntityTransaction tx, List<PendingNotification> notifications);

    /**
     * The oldest pending notifications of one receiver queue that this node delivers, in the order they were
     * recorded. A node delivers the notifications its own writes recorded, and those it took over.
     */
    List<PendingNotification> pending(String queueKey, int limit, Set<UUID> except);

    /** Notifications this node took over: how many of one subscription, for which receiver queue. */
    record Claimed(String queueKey, String tenant, String subscriptionId, long count) {
    }

    /**
     * Takes over, for this node, up to {@code limit} notifications that no live node delivers: those handed back,
     * and, when {@code ofLapsedNodes}, those of nodes whose lease ran out. Never takes one that another live node
     * delivers.
     */
    List<Claimed> claimAbandoned(int limit, boolean ofLapsedNodes);

    /** Hands back every notification this node was to deliver, for other nodes to claim (on a clean stop). */
    void handBack();

    /** Forgets delivered (or abandoned) notifications. */
    void remove(Collection<UUID> ids);

    void removeSubscription(String tenant, String subscriptionId);

    /**
     * Removes the changes no notification refers to any more: those whose last notifications were removed at the
     * same time by another node, or with their subscription. Run now and then; returns how many.
     */
    int removeUnreferencedChanges();
}
