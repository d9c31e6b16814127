package be.belfort.federation;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * The notifications of registration subscriptions not yet delivered, kept so that none is lost when the node
 * sending it stops or dies: each is held by a node for a lease while it is tried, and is due again for any node
 * when the lease ran out or the node handed it back.
 */
public interface NotificationQueue {
    /** A notification waiting. {@code rounds}: how many times a node took it to deliver. */
    record Queued(long seq, String tenant, String subscriptionId, ObjectNode notification, int rounds) {
    }

    /** Keeps a notification that this node is about to deliver, held for the lease; returns its number. */
    long add(String tenant, String subscriptionId, ObjectNode notification, Duration lease);

    /** Delivered, or given up: removes it. */
    void done(long seq);

    /** Takes up to {@code max} notifications that are due (no node holds them), holding them for the lease. */
    List<Queued> takeDue(int max, Duration lease);

    /** Makes these notifications due at once for any node: this one stops before it could deliver them. */
    void handBack(Collection<Long> seqs);
}
