package be.belfort.query;

import java.time.Instant;

/**
 * For a temporal query: only entities that have recorded instances in a time window (ETSI GS CIM 009 v1.8,
 * clause 5.7.4: the temporal evolution of the matching entities within the interval), by the time property the
 * query names; a deletion counts by the time it was recorded.
 *
 * @param timeProperty {@code observedAt}, {@code modifiedAt}, {@code createdAt} or {@code deletedAt}
 * @param from         the first instant of the window, or null for no lower bound
 * @param until        the first instant after the window, or null for no upper bound
 */
public record HistoryWindow(String timeProperty, Instant from, Instant until) {
}
