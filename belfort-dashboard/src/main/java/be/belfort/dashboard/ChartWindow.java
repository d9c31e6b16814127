package be.belfort.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The time window of a history chart or download: one of the ranges up to now, or days a viewer chose (from the
 * start of the first to the end of the last, Brussels time), with a period long enough that a chart has at most
 * {@link #MAX_POINTS} points, aggregated in the database.
 *
 * @param code the range's code, or {@code from_to} for chosen days (for file names)
 */
public record ChartWindow(Instant from, Instant to, Duration period, String code) {
    /** The most points one chart has: enough for a wide screen, few enough to draw at once. */
    public static final int MAX_POINTS = 500;
    /** The longest range a viewer may choose. */
    public static final Duration LONGEST = Duration.ofDays(5 * 366);
    private static final List<Duration> PERIODS = List.of(Duration.ofMinutes(5), Duration.ofMinutes(15),
            Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(6), Duration.ofDays(1), Duration.ofDays(7));

    /** A range that a viewer's days do not make; {@code key} names the message that says why. */
    public static final class InvalidRange extends RuntimeException {
        private final String key;

        InvalidRange(String key, String detail) {
            super(detail);
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    /**
     * The range up to now, its start on the grid of its periods that starts at midnight (Brussels) today: the periods
     * are whole hours or days, and the same from one request to the next (so that whole past periods can be kept).
     */
    public static ChartWindow last(HistoryRange range, Instant now) {
        Instant midnight = now.atZone(Texts.BRUSSELS).toLocalDate().atStartOfDay(Texts.BRUSSELS).toInstant();
        return new ChartWindow(onGrid(now.minus(range.length()), midnight, range.period()), now, range.period(),
                range.code());
    }

    /**
     * The end of the last whole period of the window that lies before {@code now}: the periods from {@code from} to
     * there are over, and their figures change only when history is written into the past.
     */
    public Instant wholePeriodsUntil(Instant now) {
        Instant end = to.isBefore(now) ? to : now;
        return end.isAfter(from) ? onGrid(end, from, period) : from;
    }

    /** The latest start of a period on the grid through {@code origin} that is not after {@code time}. */
    static Instant onGrid(Instant time, Instant origin, Duration period) {
        long step = period.toMillis();
        return origin.plusMillis(Math.floorDiv(time.toEpochMilli() - origin.toEpochMilli(), step) * step);
    }

    /**
     * The days from {@code from} to {@code to} (both included, {@code yyyy-MM-dd}).
     *
     * @throws InvalidRange when a date is not one, the range is reversed or longer than {@link #LONGEST}
     */
    public static ChartWindow days(String from, String to) {
        LocalDate first = date(from);
        LocalDate last = date(to);
        if (last.isBefore(first)) {
            throw new InvalidRange("range.reversed", "The range ends before it begins: " + from + " to " + to);
        }
        Instant start = first.atStartOfDay(Texts.BRUSSELS).toInstant();
        Instant end = last.plusDays(1).atStartOfDay(Texts.BRUSSELS).toInstant();
        Duration length = Duration.between(start, end);
        if (length.compareTo(LONGEST) > 0) {
            throw new InvalidRange("range.tooLong", "A chosen range spans at most five years, not " + from + " to " + to);
        }
        return new ChartWindow(start, end, periodFor(length), first + "_" + last);
    }

    /** The shortest of the usual periods that keeps the chart within {@link #MAX_POINTS} points. */
    static Duration periodFor(Duration length) {
        for (Duration period : PERIODS) {
            if (length.dividedBy(period) <= MAX_POINTS) {
                return period;
            }
        }
        return PERIODS.getLast();
    }

    private static LocalDate date(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidRange("range.missing", "A chosen range needs both from= and to= as yyyy-MM-dd");
        }
        try {
            LocalDate date = LocalDate.parse(text.trim());
            if (date.getYear() < 1900 || date.getYear() > 9999) {
                throw new InvalidRange("range.invalidDate", "Not a date in yyyy-MM-dd: " + text);
            }
            return date;
        } catch (DateTimeParseException e) {
            throw new InvalidRange("range.invalidDate", "Not a date in yyyy-MM-dd: " + text);
        }
    }
}
