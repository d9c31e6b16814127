package be.belfort.temporal;

import be.belfort.model.NgsiLdException;

import be.belfort.model.Times;

import java.time.Instant;

/**
 * The time filter of a temporal request (NGSI-LD clause 4.11): a relation ({@code before},
 * {@code after}, {@code between}) to {@code timeAt} (and {@code endTimeAt}) on a time property, and
 * optionally only the last N instances of each attribute.
 */
public record TemporalQuery(TimeRelation relation, Instant timeAt, Instant endTimeAt, TimeProperty timeProperty,
                            Integer lastN) {

    public enum TimeRelation { BEFORE, AFTER, BETWEEN }

    /** The window timerel names, by this query's time property; null without timerel. */
    public be.belfort.query.HistoryWindow window() {
        if (relation == null) {
            return null;
        }
        return switch (relation) {
            case BEFORE -> new be.belfort.query.HistoryWindow(timeProperty.parameterName(), null, timeAt);
            case AFTER -> new be.belfort.query.HistoryWindow(timeProperty.parameterName(), timeAt, null);
            case BETWEEN -> new be.belfort.query.HistoryWindow(timeProperty.parameterName(), timeAt, endTimeAt);
        };
    }

    /** Which time of an instance the filter looks at. */
    public enum TimeProperty {
        OBSERVED_AT("observedAt"), CREATED_AT("createdAt"), MODIFIED_AT("modifiedAt"),
        /** The deletions only (instances recorded with deletedAt), by the time of the deletion. */
        DELETED_AT("deletedAt");

        private final String name;

        TimeProperty(String name) {
            this.name = name;
        }

        public String parameterName() {
            return name;
        }
    }

    public static final TemporalQuery ALL = new TemporalQuery(null, null, null, TimeProperty.OBSERVED_AT, null);

    /**
     * Reads and checks the request parameters; every mistake is a BadRequestData that names it.
     *
     * @param timerel      before, after, between or null
     * @param timeAt       ISO 8601 date-time, needed with timerel
     * @param endTimeAt    ISO 8601 date-time, needed with between, after timeAt
     * @param timeproperty observedAt (default), createdAt or modifiedAt
     * @param lastN        a positive whole number, or null
     */
    public static TemporalQuery of(String timerel, String timeAt, String endTimeAt, String timeproperty, String lastN) {
        TimeRelation relation = null;
        if (timerel != null) {
            relation = switch (timerel) {
                case "before" -> TimeRelation.BEFORE;
                case "after" -> TimeRelation.AFTER;
                case "between" -> TimeRelation.BETWEEN;
                default -> throw NgsiLdException.badData("timerel must be before, after or between, not '" + timerel + "'");
            };
        }
        if (relation == null && (timeAt != null || endTimeAt != null)) {
            throw NgsiLdException.badData("timeAt and endTimeAt need a timerel");
        }
        Instant start = null;
        Instant end = null;
        if (relation != null) {
            if (timeAt == null) {
                throw NgsiLdException.badData("timerel=" + timerel + " needs timeAt");
            }
            start = dateTime("timeAt", timeAt);
            if (relation == TimeRelation.BETWEEN) {
                if (endTimeAt == null) {
                    throw NgsiLdException.badData("timerel=between needs endTimeAt");
                }
                end = dateTime("endTimeAt", endTimeAt);
                if (!end.isAfter(start)) {
                    throw NgsiLdException.badData("endTimeAt (" + endTimeAt + ") must be after timeAt (" + timeAt + ")");
                }
            } else if (endTimeAt != null) {
                throw NgsiLdException.badData("endTimeAt only goes with timerel=between");
            }
        }
        return new TemporalQuery(relation, start, end, timeProperty(timeproperty), positive(lastN));
    }

    private static TimeProperty timeProperty(String name) {
        if (name == null) {
            return TimeProperty.OBSERVED_AT;
        }
        for (TimeProperty property : TimeProperty.values()) {
            if (property.name.equals(name)) {
                return property;
            }
        }
        throw NgsiLdException.badData("timeproperty must be one of observedAt, createdAt, modifiedAt or deletedAt, not '"
                + name + "'");
    }

    private static Integer positive(String lastN) {
        if (lastN == null) {
            return null;
        }
        try {
            int n = Integer.parseInt(lastN);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw NgsiLdException.badData("lastN must be a whole number greater than 0, not '" + lastN + "'");
    }

    private static Instant dateTime(String name, String value) {
        return Times.parse(name, value);
    }
}
