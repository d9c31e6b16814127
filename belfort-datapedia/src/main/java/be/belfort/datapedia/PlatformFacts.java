package be.belfort.datapedia;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The figures of one type's entities in one city, as the store aggregates them.
 *
 * @param complete          entities carrying every attribute the need requires
 * @param missing           per required attribute name, the entities without it
 * @param schemaComplete    entities carrying every property their Smart Data Model schema requires
 * @param newest            the newest observation (observedAt, else the last change) of any entity, or null
 * @param stale             entities whose newest observation is older than the need allows
 * @param staleSample       some of them, by id
 * @param oldestHistory     the oldest observation in the history of the type's entities, or null
 * @param inArea            entities whose location meets the need's area, or null without an area
 */
public record PlatformFacts(long entities, long complete, Map<String, Long> missing, long schemaComplete,
                            Instant newest, long stale, List<String> staleSample, Instant oldestHistory, Long inArea) {
    public PlatformFacts {
        missing = Map.copyOf(missing);
        staleSample = List.copyOf(staleSample);
    }

    public static final PlatformFacts NONE = new PlatformFacts(0, 0, Map.of(), 0, null, 0, List.of(), null, null);
}
