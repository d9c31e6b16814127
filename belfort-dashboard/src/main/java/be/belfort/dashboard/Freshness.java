package be.belfort.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * How fresh a dataset is against its declared update frequency: its newest observation, and the entities whose
 * newest observation is older than the frequency allows (oldest first).
 *
 * @param allowedAge the age after which an entity is stale, or null when the dataset promises no frequency
 * @param newest     the newest observation of any entity, or null when none has one
 * @param stale      the stale entities, oldest first; empty without a promised frequency
 */
public record Freshness(Duration allowedAge, Instant newest, List<Observed> stale) {
    /** An entity and its newest observation (null when it has none: it is then stale whatever the frequency). */
    public record Observed(String id, String name, Instant newest) {
    }

    public static Freshness of(Duration allowedAge, List<Observed> entities, Instant now) {
        Instant newest = entities.stream().map(Observed::newest).filter(Objects::nonNull)
                .max(Comparator.naturalOrder()).orElse(null);
        if (allowedAge == null) {
            return new Freshness(null, newest, List.of());
        }
        Instant limit = now.minus(allowedAge);
        List<Observed> stale = entities.stream().filter(entity -> entity.newest() == null || entity.newest().isBefore(limit))
                .sorted(Comparator.comparing(Observed::newest, Comparator.nullsFirst(Comparator.naturalOrder())))
                .toList();
        return new Freshness(allowedAge, newest, stale);
    }

    /** Whether the dataset as a whole is late: its newest observation too is older than allowed (an empty one is not). */
    public boolean late(Instant now) {
        return allowedAge != null && newest != null && newest.isBefore(now.minus(allowedAge));
    }
}
