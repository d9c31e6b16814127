package be.belfort.temporal;

import java.util.List;
import java.util.Set;

/** Where the history of attributes is kept. Implemented at the edge (PostgreSQL). */
public interface HistoryStore {

    /**
     * The recorded instances of one entity, oldest first per attribute.
     *
     * @param attributes expanded attribute IRIs, or null for all
     * @param limit      the most instances to return in all
     */
    List<RecordedInstance> instances(String tenant, String entityId, Set<String> attributes, TemporalQuery query,
                                     int limit);
}
