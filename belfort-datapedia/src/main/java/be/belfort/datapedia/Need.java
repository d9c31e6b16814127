package be.belfort.datapedia;

import java.time.Duration;
import java.time.Period;
import java.util.List;

/**
 * What a question needs of one concept: an entity type (as its IRI and its name under the core @context) with its
 * Smart Data Model, the attributes the question cannot do without, and how fresh, how deep in history and where.
 *
 * @param attributes      the required attributes: IRIs, in the order given
 * @param attributeNames  the same attributes as the client named them
 * @param freshness       the largest age of the newest observation the question accepts, ISO 8601, or null
 * @param history         how far back the history must go, ISO 8601 (P1Y, P30D), or null
 * @param area            the area the need covers, or null for every city of the question
 */
public record Need(String id, String type, String typeName, String dataModel, List<String> attributes,
                   List<String> attributeNames, String freshness, String history, Area area) {
    public Need {
        attributes = List.copyOf(attributes);
        attributeNames = List.copyOf(attributeNames);
    }

    /** A rectangle in WGS 84 longitude and latitude, as GeoJSON's bbox orders it. */
    public record Area(double west, double south, double east, double north) {
    }

    public Duration freshnessDuration() {
        return freshness == null ? null : Duration.parse(freshness);
    }

    /** The history asked for, as a duration (a year counts 365 days, a month 30). */
    public Duration historyDuration() {
        return history == null ? null : durationOf(history);
    }

    static Duration durationOf(String iso) {
        if (iso.startsWith("PT")) {
            return Duration.parse(iso);
        }
        String[] parts = iso.split("T", 2);
        Period period = Period.parse(parts[0]);
        Duration days = Duration.ofDays(period.getYears() * 365L + period.getMonths() * 30L + period.getDays());
        return parts.length == 2 ? days.plus(Duration.parse("PT" + parts[1])) : days;
    }
}
