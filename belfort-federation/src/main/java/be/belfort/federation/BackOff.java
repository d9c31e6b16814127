package be.belfort.federation;

import java.time.Duration;
import java.time.Instant;

/**
 * The back-off of a source that keeps failing, on this node: after {@link #FAILURES_BEFORE_BACK_OFF} failures in a
 * row it is left out for a time doubling from 1 s up to {@link #MAX_BACK_OFF}, then tried again.
 */
final class BackOff {
    static final int FAILURES_BEFORE_BACK_OFF = 3;
    static final Duration MAX_BACK_OFF = Duration.ofMinutes(2);

    private int failuresInARow;
    private Instant skipUntil;

    synchronized void succeeded() {
        failuresInARow = 0;
        skipUntil = null;
    }

    synchronized void failed(Instant at) {
        failuresInARow++;
        if (failuresInARow >= FAILURES_BEFORE_BACK_OFF) {
            long seconds = 1L << Math.min(20, failuresInARow - FAILURES_BEFORE_BACK_OFF);
            Duration pause = Duration.ofSeconds(seconds);
            skipUntil = at.plus(pause.compareTo(MAX_BACK_OFF) > 0 ? MAX_BACK_OFF : pause);
        }
    }

    /** When the source is next asked, if it is backed off now; else null. */
    synchronized Instant until(Instant now) {
        return skipUntil != null && skipUntil.isAfter(now) ? skipUntil : null;
    }
}
