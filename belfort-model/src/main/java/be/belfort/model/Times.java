package be.belfort.model;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * Date-times as the platform takes them from clients: ISO 8601 with an offset (java.time's parser), in UTC
 * between the years 1 and 9999. PostgreSQL stores a wider range, but not all of what java.time reads
 * ({@code +294277-01-01T00:00:00Z}, year 0, {@code -9999}); the four-digit years of ISO 8601 without its
 * extension are a range every store and client handles. Listed in docs/limits.md.
 */
public final class Times {
    public static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private Times() {
    }

    /**
     * Reads a date-time with offset, e.g. {@code 2026-11-22T10:15:30Z}.
     *
     * @throws NgsiLdException BadRequestData naming {@code what}, when it is not one or out of range
     */
    public static Instant parse(String what, String text) {
        Instant at;
        try {
            at = OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeException e) {
            throw NgsiLdException.badData(what + " must be an ISO 8601 date-time such as 2026-11-22T10:15:30Z, not '"
                    + Names.abbreviate(text) + "'");
        }
        return requireInRange(what, at, text);
    }

    /** Refuses a time outside the years 1 to 9999 (UTC). */
    public static Instant requireInRange(String what, Instant at, String text) {
        if (at.isBefore(EARLIEST) || at.isAfter(LATEST)) {
            throw outOfRange(what, text);
        }
        return at;
    }

    private static NgsiLdException outOfRange(String what, String text) {
        return NgsiLdException.badData(what + " must lie between the years 1 and 9999 (UTC), not '"
                + Names.abbreviate(text) + "'");
    }

}
