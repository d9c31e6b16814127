package be.belfort.temporal;

import java.time.Instant;

/**
 * The time range a partial temporal answer covers completely (its Content-Range): every series cut to what one answer
 * holds narrows it to the part that series shows whole.
 */
final class CoveredRange {
    private Instant start;
    private Instant end;

    /** A series kept from {@code first} to {@code last} and cut after it (forwards: more follows). */
    void cutAfter(Instant first, Instant last) {
        start = start == null || first.isBefore(start) ? first : start;
        end = end == null || last.isBefore(end) ? last : end;
    }

    /** A series kept from {@code first} to {@code last} and cut before it (lastN, backwards: more precedes). */
    void cutBefore(Instant first, Instant last) {
        start = start == null || first.isAfter(start) ? first : start;
        end = end == null || last.isAfter(end) ? last : end;
    }

    /** Null when no series was cut. */
    Instant start() {
        return start;
    }

    /** Null when no series was cut. */
    Instant end() {
        return end;
    }
}
