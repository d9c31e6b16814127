package be.belfort.datapedia;

import java.time.Duration;

/**
 * The datapedia's options.
 *
 * @param recomputeInterval time between two computations of every question's diagnosis
 * @param harvestInterval   time between two harvests of every external catalogue
 * @param harvestTimeout    how long a catalogue may take to answer
 * @param maxCatalogueBytes the largest catalogue read
 */
public record DatapediaSettings(Duration recomputeInterval, Duration harvestInterval, Duration harvestTimeout,
                                long maxCatalogueBytes) {
    public static final DatapediaSettings DEFAULT = new DatapediaSettings(Duration.ofMinutes(5), Duration.ofHours(6),
            Duration.ofSeconds(20), 16L * 1024 * 1024);

    public DatapediaSettings {
        if (recomputeInterval.isNegative() || recomputeInterval.isZero() || harvestInterval.isNegative()
                || harvestInterval.isZero()) {
            throw new IllegalArgumentException("The datapedia's intervals must be positive");
        }
        if (harvestTimeout.isNegative() || harvestTimeout.isZero() || maxCatalogueBytes <= 0) {
            throw new IllegalArgumentException("The harvest timeout and catalogue size must be positive");
        }
    }
}
