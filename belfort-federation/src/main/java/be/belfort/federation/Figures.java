package be.belfort.federation;

import java.time.Instant;

/**
 * How often the platform has sent to a source or a subscriber and how it went: the status members of a
 * registration (clause 5.2.9) and of a subscription's notification (clause 5.2.14). Figures of several nodes add up.
 */
public record Figures(long timesSent, long timesFailed, Instant lastSuccess, Instant lastFailure) {
    public static final Figures NONE = new Figures(0, 0, null, null);

    static Figures success(Instant at) {
        return new Figures(1, 0, at, null);
    }

    static Figures failure(Instant at) {
        return new Figures(1, 1, null, at);
    }

    public Figures plus(Figures other) {
        return new Figures(timesSent + other.timesSent, timesFailed + other.timesFailed,
                later(lastSuccess, other.lastSuccess), later(lastFailure, other.lastFailure));
    }

    /** Whether the last request went well (or none failed). */
    public boolean ok() {
        return lastFailure == null || lastSuccess != null && lastSuccess.isAfter(lastFailure);
    }

    /** When the last request was made, or null. */
    public Instant lastAttempt() {
        return later(lastSuccess, lastFailure);
    }

    private static Instant later(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }
}
