package be.belfort.temporal;

import java.util.Set;

/**
 * What a reader asks of the history: the time window (and lastN), the attributes (null: all), and either the
 * instances or their aggregation over periods.
 *
 * @param aggregation the methods and period to aggregate with, or null for the instances themselves
 */
public record HistoryRequest(TemporalQuery time, Set<String> attributes, Aggregation aggregation) {
    public boolean aggregated() {
        return aggregation != null;
    }
}
