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
 * @param maxPending    notifications one subscription may have waiting in the outbox; beyond, the subscription
 *                      is stopped (failed) and its waiting notifications are dropped, so that no receiver that
 *                      never takes them can fill the outbox
 */
public record DeliverySettings(Duration timeout, int queueCapacity, int parallelism, int failAfter, Duration maxBackoff,
                               Duration maxAge, int maxPending) {
    public static final DeliverySettings DEFAULT = new DeliverySettings(Duration.ofSeconds(5), 1000, 32, 3,
            Duration.ofSeconds(60), Duration.ofHours(24), 10_000);

    public DeliverySettings withTimeout(Duration newTimeout) {
        return new DeliverySettings(newTimeout, queueCapacity, parallelism, failAfter, maxBackoff, maxAge, maxPending);
    }

    public DeliverySettings withMaxPending(int newMaxPending) {
        return new DeliverySettings(timeout, queueCapacity, parallelism, failAfter, maxBackoff, maxAge, newMaxPending);
    }
}
