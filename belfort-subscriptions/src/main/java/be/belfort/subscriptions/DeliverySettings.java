package be.belfort.subscriptions;

import java.time.Duration;

/**
 * How notifications are delivered.
 *
 * @param timeout       how long a receiver may take to answer
 * @param queueCapacity notifications each receiver queue holds in memory; more wait in the outbox
 * @param parallelism   requests one receiver may have under way at once
 * @param failAfter     consecutive failed attempts after which a receiver counts as failed
 * @param maxBackoff    the longest wait between two attempts
 * @param maxAge        how long a notification is tried before it is given up
 */
public record DeliverySettings(Duration timeout, int queueCapacity, int parallelism, int failAfter, Duration maxBackoff, Duration maxAge) {
    public static final DeliverySettings DEFAULT = new DeliverySettings(Duration.ofSeconds(5), 1000, 32, 3,
            Duration.ofSeconds(60), Duration.ofHours(24));
}
