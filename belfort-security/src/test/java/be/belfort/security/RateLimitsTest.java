package be.belfort.security;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitsTest {
    private final AtomicLong now = new AtomicLong();
    private final RateLimits limits = new RateLimits(10, 100, now::get);

    @Test
    void aClientBurstsToTwiceItsRateThenWaitsForTheBucketToRefill() {
        for (int i = 0; i < 20; i++) {
            assertThat(limits.take("10.0.0.1", false)).as("request " + i).isZero();
        }
        assertThat(limits.take("10.0.0.1", false)).isEqualTo(Duration.ofMillis(100));
        now.addAndGet(Duration.ofMillis(250).toNanos());
        assertThat(limits.take("10.0.0.1", false)).isZero();
        assertThat(limits.take("10.0.0.1", false)).isZero();
        assertThat(limits.take("10.0.0.1", false)).isEqualTo(Duration.ofMillis(50));
    }

    @Test
    void clientsAndTheirKindsHaveBucketsOfTheirOwn() {
        for (int i = 0; i < 20; i++) {
            limits.take("10.0.0.1", false);
        }
        assertThat(limits.take("10.0.0.1", false)).isPositive();
        assertThat(limits.take("10.0.0.2", false)).isZero();
        assertThat(limits.take("10.0.0.1", true)).as("a key named like an address is another client").isZero();
        for (int i = 0; i < 200; i++) {
            assertThat(limits.take("key-1", true)).isZero();
        }
        assertThat(limits.take("key-1", true)).isPositive();
    }

    @Test
    void aRateOfZeroIsNoLimit() {
        RateLimits unlimited = new RateLimits(0, 0, now::get);
        for (int i = 0; i < 10_000; i++) {
            assertThat(unlimited.take("10.0.0.1", false)).isZero();
        }
    }
}
