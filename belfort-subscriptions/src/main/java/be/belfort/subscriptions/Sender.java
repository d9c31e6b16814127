package be.belfort.subscriptions;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;

/** Delivers one notification to one kind of endpoint; throws {@link DeliveryFailure} when the receiver did not take it. */
public interface Sender extends AutoCloseable {

    /**
     * @param notification the Notification object
     * @param headers      Content-Type, Link, tenant and the subscription's receiverInfo, in order
     */
    void send(Endpoint endpoint, ObjectNode notification, Map<String, String> headers) throws DeliveryFailure;

    @Override
    default void close() {
    }

    /** The receiver refused, failed or could not be reached; the message says how. */
    final class DeliveryFailure extends Exception {
        public DeliveryFailure(String message) {
            super(message, null, false, false);
        }
    }
}
