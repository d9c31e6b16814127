package be.belfort.api;

import java.time.Duration;

/**
 * How many requests work at once, and how long one waits for its turn before it is answered 503.
 *
 * @param maxConcurrent requests at work at once (health, metrics and event streams do not count)
 * @param maxWait       the longest wait for a turn
 */
public record AdmissionLimits(int maxConcurrent, Duration maxWait) {
    public AdmissionLimits {
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("At least one request must be able to work at once, not " + maxConcurrent);
        }
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("The wait for a turn cannot be negative: " + maxWait);
        }
    }
}
