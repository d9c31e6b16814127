package be.belfort.temporal;

import be.belfort.model.NgsiLdException;
import org.threeten.extra.PeriodDuration;

import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What an aggregated temporal query asks for: the methods, and the length of each period. A period is
 * either calendar-based (years and months) or exact (days and time; days count as exactly 24 hours, as
 * the history is kept in UTC); with neither, one period covers the whole time range.
 *
 * @param months the length of a calendar period in months, or 0
 * @param exact  the length of an exact period, or null
 */
public record Aggregation(Set<AggregateMethod> methods, int months, java.time.Duration exact) {

    /**
     * Reads aggrMethods and aggrPeriodDuration.
     *
     * @throws NgsiLdException BadRequestData naming what is wrong
     */
    public static Aggregation of(String aggrMethods, String aggrPeriodDuration) {
        if (aggrMethods == null || aggrMethods.isBlank()) {
            throw NgsiLdException.badData("The aggregated representation needs aggrMethods, e.g. aggrMethods=avg,max");
        }
        Set<AggregateMethod> methods = new LinkedHashSet<>();
        for (String term : List.of(aggrMethods.split(","))) {
            methods.add(AggregateMethod.of(term.trim()));
        }
        if (aggrPeriodDuration == null || aggrPeriodDuration.isBlank()) {
            return new Aggregation(methods, 0, null);
        }
        PeriodDuration period;
        try {
            period = PeriodDuration.parse(aggrPeriodDuration);
        } catch (DateTimeParseException e) {
            throw NgsiLdException.badData("aggrPeriodDuration must be an ISO 8601 duration such as PT1H, P1D or P1M,"
                    + " not '" + aggrPeriodDuration + "'");
        }
        if (period.isZero()) {
            return new Aggregation(methods, 0, null);
        }
        if (period.getPeriod().isNegative() || period.getDuration().isNegative()) {
            throw NgsiLdException.badData("aggrPeriodDuration must be positive, not " + aggrPeriodDuration);
        }
        boolean months = period.getPeriod().toTotalMonths() != 0;
        boolean exact = period.getPeriod().getDays() != 0 || !period.getDuration().isZero();
        if (months && exact) {
            throw NgsiLdException.badData("aggrPeriodDuration may count years and months, or days and time, not both: "
                    + aggrPeriodDuration);
        }
        if (months) {
            return new Aggregation(methods, (int) period.getPeriod().toTotalMonths(), null);
        }
        java.time.Duration exactLength = period.getDuration().plusDays(period.getPeriod().getDays());
        if (exactLength.toMillis() < 1000) {
            throw NgsiLdException.badData("aggrPeriodDuration must be at least one second, not " + aggrPeriodDuration);
        }
        return new Aggregation(methods, 0, exactLength);
    }

    /** True when there is one period over the whole time range. */
    public boolean wholeRange() {
        return months == 0 && exact == null;
    }

    /** The period as ISO 8601 text, as PostgreSQL's interval input takes it. */
    public String interval() {
        return months > 0 ? "P" + months + "M" : exact.toString();
    }
}
