package be.belfort.security;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A token bucket per client: each holds up to twice its rate per second and refills continuously, so a
 * client may burst briefly and then keeps to its rate. Anonymous clients (by address) and clients with
 * credentials (by key or token subject) have rates of their own; a rate of 0 means no limit.
 */
public final class RateLimits {
    private static final long NANOS = 1_000_000_000L;
    private static final int SWEEP_ABOVE = 50_000;

    private final double anonymousRate;
    private final double authenticatedRate;
    private final LongSupplier nanoTime;
    private final Map<String, Bucket> anonymous = new ConcurrentHashMap<>();
    private final Map<String, Bucket> authenticated = new ConcurrentHashMap<>();
    private final AtomicLong lastSweep;

    public RateLimits(double anonymousPerSecond, double authenticatedPerSecond, LongSupplier nanoTime) {
        if (anonymousPerSecond < 0 || authenticatedPerSecond < 0) {
            throw new IllegalArgumentException("A rate limit is a number of requests per second, 0 for none");
        }
        this.anonymousRate = anonymousPerSecond;
        this.authenticatedRate = authenticatedPerSecond;
        this.nanoTime = nanoTime;
        this.lastSweep = new AtomicLong(nanoTime.getAsLong());
    }

    /**
     * Takes one request from the client's bucket. Returns {@link Duration#ZERO} when the request may go
     * ahead, or else how long until it would.
     *
     * @param client        the client's key: its address when anonymous, its principal id otherwise
     * @param authenticated whether the client sent valid credentials
     */
    public Duration take(String client, boolean authenticated) {
        double rate = authenticated ? authenticatedRate : anonymousRate;
        if (rate == 0) {
            return Duration.ZERO;
        }
        long now = nanoTime.getAsLong();
        Map<String, Bucket> buckets = authenticated ? this.authenticated : anonymous;
        if (buckets.size() > SWEEP_ABOVE) {
            sweep(buckets, now);
        }
        return buckets.computeIfAbsent(client, k -> new Bucket(rate, now)).take(now);
    }

    /** Forgets clients whose buckets are full again, at most once a second (many clients must not mean a scan per request). */
    private void sweep(Map<String, Bucket> buckets, long now) {
        long last = lastSweep.get();
        if (now - last >= NANOS && lastSweep.compareAndSet(last, now)) {
            buckets.values().removeIf(bucket -> bucket.isFull(now));
        }
    }

    private static final class Bucket {
        private final double rate;
        private final double capacity;
        private double tokens;
        private long updated;

        Bucket(double rate, long now) {
            this.rate = rate;
            this.capacity = Math.max(1, 2 * rate);
            this.tokens = capacity;
            this.updated = now;
        }

        synchronized Duration take(long now) {
            refill(now);
            if (tokens >= 1) {
                tokens -= 1;
                return Duration.ZERO;
            }
            return Duration.ofNanos((long) Math.ceil((1 - tokens) / rate * NANOS));
        }

        synchronized boolean isFull(long now) {
            refill(now);
            return tokens >= capacity;
        }

        private void refill(long now) {
            tokens = Math.min(capacity, tokens + (now - updated) * rate / NANOS);
            updated = now;
        }
    }
}
