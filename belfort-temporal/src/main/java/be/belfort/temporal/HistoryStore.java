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
     * @param limit      the most instances to return in all
     */
    default List<RecordedInstance> instances(String tenant, String entityId, Set<String> attributes,
                                             TemporalQuery query, int limit) {
        return instances(tenant, List.of(entityId), attributes, query, limit).getOrDefault(entityId, List.of());
    }

    /**
     * The recorded instances of several entities, by entity id, oldest first per attribute.
     *
     * @param limit the most instances to return per entity
     */
    Map<String, List<RecordedInstance>> instances(String tenant, List<String> entityIds, Set<String> attributes,
                                                  TemporalQuery query, int limit);

    /**
     * The aggregates of the entities' attributes per period, computed in the database, by entity id, in
     * attribute and period order.
     */
    Map<String, List<AggregatedPeriod>> aggregate(String tenant, List<String> entityIds, Set<String> attributes,
                                                  TemporalQuery query, Aggregation aggregation);
}
