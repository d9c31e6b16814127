package be.belfort.temporal;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** Where the history of attributes is kept. Implemented at the edge (PostgreSQL). */
public interface HistoryStore {

    /**
     * The recorded instances of one entity, oldest first per attribute.
     *
     * @param attributes expanded attribute IRIs, or null for all
     * @param limit      the most instances to return per attribute
     */
    default List<RecordedInstance> instances(String tenant, String entityId, Set<String> attributes,
                                             TemporalQuery query, int limit) {
        return instances(tenant, List.of(entityId), attributes, query, limit).getOrDefault(entityId, List.of());
    }

    /**
     * The recorded instances of several entities, by entity id, oldest first per attribute.
     *
     * @param attributes expanded attribute IRIs, or null for all; with lastN they must be named
     * @param limit      the most instances to return per attribute of an entity (the oldest first; with
     *                   lastN, of the newest N)
     */
    Map<String, List<RecordedInstance>> instances(String tenant, List<String> entityIds, Set<String> attributes,
                                                  TemporalQuery query, int limit);

    /**
     * The aggregates of the entities' attributes per period, computed in the database, by entity id, in
     * attribute and period order.
     *
     * @param limit the most periods to return per attribute of an entity (the earliest first)
     */
    Map<String, List<AggregatedPeriod>> aggregate(String tenant, List<String> entityIds, Set<String> attributes,
                                                  TemporalQuery query, Aggregation aggregation, int limit);

    /**
     * As {@link #aggregate(String, List, Set, TemporalQuery, Aggregation, int)}, each entity's periods (every entity
     * asked, those without periods too) with room for what is rendered from them: a store that keeps aggregations
     * answers the same question about an unchanged history from memory, and keeps the renderings with the periods.
     * What the caller reads of the entities after this call is at least as new as the periods.
     */
    default Map<String, Kept<List<AggregatedPeriod>>> aggregateKept(String tenant, List<String> entityIds,
                                                                     Set<String> attributes, TemporalQuery query,
                                                                     Aggregation aggregation, int limit) {
        return keepingNothing(entityIds, aggregate(tenant, entityIds, attributes, query, aggregation, limit));
    }

    /**
     * As {@link #instances(String, List, Set, TemporalQuery, int)} of named attributes, each entity's instances (every
     * entity asked, those without instances too) with room for what is rendered from them, as {@link #aggregateKept}.
     */
    default Map<String, Kept<List<RecordedInstance>>> instancesKept(String tenant, List<String> entityIds,
                                                                    Set<String> attributes, TemporalQuery query,
                                                                    int limit) {
        return keepingNothing(entityIds, instances(tenant, entityIds, attributes, query, limit));
    }

    private static <V> Map<String, Kept<List<V>>> keepingNothing(List<String> entityIds, Map<String, List<V>> read) {
        Map<String, Kept<List<V>>> kept = new java.util.LinkedHashMap<>();
        entityIds.forEach(id -> kept.put(id, Kept.of(read.getOrDefault(id, List.of()))));
        return kept;
    }

    /** As {@link #aggregate(String, List, Set, TemporalQuery, Aggregation, int)}, every period. */
    default Map<String, List<AggregatedPeriod>> aggregate(String tenant, List<String> entityIds, Set<String> attributes,
                                                          TemporalQuery query, Aggregation aggregation) {
        return aggregate(tenant, entityIds, attributes, query, aggregation, Integer.MAX_VALUE);
    }

    /** Adds instances to an entity's history, recorded at {@code recordedAt}; the current entity is unchanged. */
    void append(String tenant, String entityId, Map<String, List<com.fasterxml.jackson.databind.node.ObjectNode>> instances,
                java.time.Instant recordedAt);

    /**
     * Removes an attribute's history: the default instances (datasetId null), those of one datasetId, or
     * all of them. Returns how many instances were removed.
     */
    int deleteAttribute(String tenant, String entityId, String attribute, String datasetId, boolean all);

    /** Removes one instance; false when there is no such instance. */
    boolean deleteInstance(String tenant, String entityId, String attribute, java.util.UUID instanceId);

    /** Replaces the content of one instance, keeping its id and recording time; false when there is none. */
    boolean replaceInstance(String tenant, String entityId, String attribute, java.util.UUID instanceId,
                            com.fasterxml.jackson.databind.node.ObjectNode instance);

    /** Removes an entity and its whole history in one transaction; false when neither existed. */
    boolean deleteEntity(String tenant, String entityId);
}
