package be.belfort.subscriptions;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.UUID;

/**
 * A notification recorded in the outbox and not yet delivered: the entity it carries is rendered when
 * the change commits; the envelope (notifiedAt) is added when it is sent. Its id stays the same on
 * every attempt, so that receivers can drop duplicates.
 */
public record PendingNotification(UUID id, String tenant, String subscriptionId, String queueKey, Trigger trigger,
                                  ObjectNode data, Instant createdAt) {

    public String notificationId() {
        return "urn:ngsi-ld:Notification:" + id;
    }
}
