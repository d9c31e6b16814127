package be.belfort.demo;

import java.time.Clock;
import java.time.Duration;

/**
 * How the feeder runs: one round of writes per {@code interval}, at most {@code maxRequestsPerSecond}
 * requests, data from {@code seed}, time from {@code clock}.
 */
public record DemoSettings(Duration interval, int maxRequestsPerSecond, long seed, Clock clock) {

    public static DemoSettings defaults() {
        return new DemoSettings(Duration.ofSeconds(5), 20, 42, Clock.systemUTC());
    }

    public DemoSettings {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("The interval must be positive");
        }
        if (maxRequestsPerSecond < 1) {
            throw new IllegalArgumentException("At least one request per second is needed");
        }
    }
}
