package be.belfort.federation;

import java.time.Duration;
import java.time.Instant;

/**
 * How a registered source has answered lately (the registration's status members, clause 5.2.9), and the
 * back-off of a source that keeps failing: after {@link #FAILURES_BEFORE_BACK_OFF} failures in a row it is
 * left out for a time doubling from 1 s up to {@link #MAX_BACK_OFF}, then tried again.
 */
public final class SourceStatus {
    static final int FAILURES_BEFORE_BACK_OFF = 3;
    static final Duration MAX_BACK_OFF = Duration.ofMinutes(2);

    private long timesSent;
    private long timesFailed;
    private int failuresInARow;
    private Instant lastSuccess;
    private Instant lastFailure;
    private Instant skipUntil;

    synchronized void succeeded(Instant at) {
        timesSent++;
        failuresInARow = 0;
        lastSuccess = at;
        skipUntil = null;
    }

    synchronized void failed(Instant at) {
        timesSent++;
        timesFailed++;
        failuresInARow++;
        lastFailure = at;
        if (failuresInARow >= FAILURES_BEFORE_BACK_OFF) {
            long seconds = 1L << Math.min(20, failuresInARow - FAILURES_BEFORE_BACK_OFF);
            skipUntil = at.plus(Duration.ofSeconds(seconds).compareTo(MAX_BACK_OFF) > 0 ? MAX_BACK_OFF
                    : Duration.ofSeconds(seconds));
        }
    }

    /** When the source is next asked, if it is backed off now; else null. */
    synchronized Instant backedOffUntil(Instant now) {
        return skipUntil != null && skipUntil.isAfter(now) ? skipUntil : null;
    }

    synchronized Snapshot snapshot() {
        return new Snapshot(timesSent, timesFailed, lastSuccess, lastFailure, failuresInARow == 0);
    }

    /** The status members as shown. */
    public record Snapshot(long timesSent, long timesFailed, Instant lastSuccess, Instant lastFailure, boolean ok) {
    }
}
