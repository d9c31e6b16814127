package be.belfort.temporal;

import be.belfort.model.Names;
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
    /** The longest calendar period: 1,000 years. */
    public static final int MAX_MONTHS = 12_000;
    /** The longest exact period: 1,000 years of 365.25 days. */
    public static final java.time.Duration MAX_EXACT = java.time.Duration.ofDays(365_250);

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
        for (String term : List.of(aggrMethods.split(",", -1))) {
            if (term.isBlank()) {
                throw NgsiLdException.badData("aggrMethods lists methods separated by commas, without empty ones,"
                        + " e.g. aggrMethods=avg,max; not '" + Names.abbreviate(aggrMethods) + "'");
            }
            methods.add(AggregateMethod.of(term.trim()));
        }
        if (aggrPeriodDuration == null || aggrPeriodDuration.isBlank()) {
            return new Aggregation(methods, 0, null);
        }
        PeriodDuration period;
        try {
            period = PeriodDuration.parse(aggrPeriodDuration);
        } catch (DateTimeParseException | ArithmeticException e) {
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
            long total = period.getPeriod().toTotalMonths();
            if (total > MAX_MONTHS) {
                throw tooLong(aggrPeriodDuration);
            }
            return new Aggregation(methods, (int) total, null);
        }
        if (period.getPeriod().getDays() > MAX_EXACT.toDays() || period.getDuration().compareTo(MAX_EXACT) > 0) {
            throw tooLong(aggrPeriodDuration);
        }
        java.time.Duration exactLength = period.getDuration().plusDays(period.getPeriod().getDays());
        if (exactLength.compareTo(MAX_EXACT) > 0) {
            throw tooLong(aggrPeriodDuration);
        }
        if (exactLength.toMillis() < 1000) {
            throw NgsiLdException.badData("aggrPeriodDuration must be at least one second, not " + aggrPeriodDuration);
        }
        return new Aggregation(methods, 0, exactLength);
    }

    private static NgsiLdException tooLong(String aggrPeriodDuration) {
        return NgsiLdException.badData("aggrPeriodDuration may be at most 1,000 years (P1000Y, or P365250D), not "
                + Names.abbreviate(aggrPeriodDuration));
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
