package be.belfort.dashboard;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.Objects;

/**
 * How deep a dataset's history goes: its oldest recorded value, how many values are recorded, and how many of
 * its entities have any history at all.
 *
 * @param oldest   the oldest recorded observation, or null when nothing is recorded
 * @param values   the number of recorded values
 * @param recorded the number of entities with recorded values
 */
public record HistoryDepth(Instant oldest, long values, int recorded) {
    /** One entity's recorded history: its oldest value and how many it has. */
    public record Recorded(Instant oldest, long values) {
    }

    public static HistoryDepth of(Collection<Recorded> entities) {
        Instant oldest = entities.stream().map(Recorded::oldest).filter(Objects::nonNull)
                .min(Comparator.naturalOrder()).orElse(null);
        long values = entities.stream().mapToLong(Recorded::values).sum();
        int recorded = (int) entities.stream().filter(entity -> entity.values() > 0).count();
        return new HistoryDepth(oldest, values, recorded);
    }

    /** Whole days between the oldest recorded value and now; 0 without history. */
    public long days(Instant now) {
        return oldest == null ? 0 : java.time.Duration.between(oldest, now).toDays();
    }
}
