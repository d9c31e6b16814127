package be.belfort.api;

import java.time.Duration;

/**
 * How many requests work at once, and how long one waits for its turn before it is answered 503.
 *
 * @param maxConcurrent requests at work at once (health, metrics and event streams do not count)
 * @param maxWait       the longest wait for a turn
 */
public record AdmissionLimits(int maxConcurrent, Duration maxWait) {
    /**
     * Requests waiting for a turn, per request that may work: beyond, a request is refused at once. Sixteen (512 with
     * the default 32 at work) hold half a second of 1,000 updates/s: as a load starts on a fresh platform, its line
     * grew to 70–143 (docs/operations.md), and four per turn refused some of those updates.
     */
    static final int WAITING_PER_TURN = 16;

    public AdmissionLimits {
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("At least one request must be able to work at once, not " + maxConcurrent);
        }
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("The wait for a turn cannot be negative: " + maxWait);
        }
    }

    /**
     * The longest waiting line. A longer one would not be served within the wait anyway, and each request that
     * gives up its place costs a walk along the line: thousands of them waiting made that walk the platform's
     * busiest code.
     */
    public int maxWaiting() {
        return WAITING_PER_TURN * maxConcurrent;
    }
}
