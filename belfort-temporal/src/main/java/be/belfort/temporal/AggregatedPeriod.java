package be.belfort.temporal;

import java.time.Instant;
import java.util.Map;

/**
 * The aggregates of one attribute of one entity over one period [start, end).
 *
 * @param values the result of each method; null where a method has no result (no numeric values)
 */
public record AggregatedPeriod(String entityId, String attribute, Instant start, Instant end,
                               Map<AggregateMethod, Double> values) {
}
