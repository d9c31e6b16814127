package be.belfort.temporal;

import be.belfort.model.NgsiLdException;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The aggregation functions of the aggregated temporal representation (clause 4.5.19). */
public enum AggregateMethod {
    TOTAL_COUNT("totalCount"), DISTINCT_COUNT("distinctCount"), SUM("sum"), AVG("avg"), MIN("min"), MAX("max"),
    STDDEV("stddev"), SUMSQ("sumsq");

    private final String term;

    AggregateMethod(String term) {
        this.term = term;
    }

    /** The name in aggrMethods and in the answer. */
    public String term() {
        return term;
    }

    /** True for the counts, which are whole numbers whatever the values are. */
    public boolean counts() {
        return this == TOTAL_COUNT || this == DISTINCT_COUNT;
    }

    public static AggregateMethod of(String term) {
        for (AggregateMethod method : values()) {
            if (method.term.equals(term)) {
                return method;
            }
        }
        throw NgsiLdException.badData("Unknown aggregation method '" + term + "' in aggrMethods; known are "
                + Arrays.stream(values()).map(AggregateMethod::term).collect(Collectors.joining(", ")));
    }
}
