package be.belfort.subscriptions;

import java.time.Instant;
import java.util.UUID;

/**
 * A notification recorded in the outbox and not yet delivered: it refers to the change it notifies, stored once for
 * every subscription it notifies, and is rendered when it is sent. Its id stays the same on every attempt, so that
 * receivers can drop duplicates.
 */
public record PendingNotification(UUID id, String tenant, String subscriptionId, String queueKey, Trigger trigger,
                                  NotifiedChange change, Instant createdAt) {

    public String notificationId() {
        return "urn:ngsi-ld:Notification:" + id;
    }
}
