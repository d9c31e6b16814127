package be.belfort.federation;

import java.time.Duration;

/**
 * What an entity map may cost.
 *
 * @param defaultLifetime how long a map lives when the client suggests no lifetime
 * @param maxLifetime     the longest a map may live from now, whatever the client suggests or sets
 * @param maxEntities     the most entities one map holds; a query that matches more is refused
 */
public record EntityMapLimits(Duration defaultLifetime, Duration maxLifetime, int maxEntities) {
    public static final EntityMapLimits DEFAULT = new EntityMapLimits(Duration.ofMinutes(10), Duration.ofHours(24),
            10_000);

    public EntityMapLimits {
        if (!defaultLifetime.isPositive() || maxLifetime.compareTo(defaultLifetime) < 0 || maxEntities <= 0) {
            throw new IllegalArgumentException("Entity map limits must be positive, the default within the longest");
        }
    }
}
