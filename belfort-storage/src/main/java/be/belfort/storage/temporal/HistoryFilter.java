package be.belfort.storage.temporal;

import be.belfort.temporal.TemporalQuery;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The filter on entities, attributes and time of a history query, with its parameters. */
final class HistoryFilter {
    final String time;
    final StringBuilder where = new StringBuilder();
    final List<Object> parameters = new ArrayList<>();

    /** Some entities, all or some of their attributes, in the query's time window. */
    static HistoryFilter of(String tenant, List<String> entityIds, Set<String> attributes, TemporalQuery query) {
        String[] ids = entityIds.toArray(String[]::new);
        HistoryFilter filter = new HistoryFilter(query, "entity_key = ANY (ARRAY(SELECT hashtextextended(? || '/' || id, 0)"
                + " FROM unnest(?::text[]) id)) AND tenant = ? AND entity_id = ANY (?)", tenant, ids, tenant, ids);
        if (attributes != null) {
            String[] names = attributes.toArray(String[]::new);
            filter.where.append(" AND attribute_key = ANY (ARRAY(SELECT hashtext(name) FROM unnest(?::text[]) name))"
                    + " AND attribute = ANY (?)");
            filter.parameters.add(names);
            filter.parameters.add(names);
        }
        filter.timeConditions(query);
        return filter;
    }

    /** The series named by the entity {@code e.id} and attribute {@code a.name} of an outer query. */
    static HistoryFilter ofSeries(String tenant, TemporalQuery query) {
        HistoryFilter filter = new HistoryFilter(query, "entity_key = hashtextextended(? || '/' || e.id, 0)"
                + " AND attribute_key = hashtext(a.name) AND tenant = ? AND entity_id = e.id AND attribute = a.name",
                tenant, tenant);
        filter.where.append(" AND ").append(filter.time).append(" IS NOT NULL");
        filter.timeConditions(query);
        return filter;
    }

    private HistoryFilter(TemporalQuery query, String series, Object... values) {
        time = query.timeProperty() == TemporalQuery.TimeProperty.OBSERVED_AT ? "observed_at" : "modified_at";
        where.append(series);
        parameters.addAll(List.of(values));
        if (query.timeProperty() == TemporalQuery.TimeProperty.DELETED_AT) {
            // a deletion is recorded as an instance with deletedAt, at the time of the deletion
            where.append(" AND instance ->> 'deletedAt' IS NOT NULL");
        }
    }

    private void timeConditions(TemporalQuery query) {
        if (query.relation() != null) {
            switch (query.relation()) {
                case BEFORE -> where.append(" AND ").append(time).append(" < ?");
                case AFTER -> where.append(" AND ").append(time).append(" >= ?");
                case BETWEEN -> where.append(" AND ").append(time).append(" >= ? AND ").append(time).append(" < ?");
            }
            parameters.add(Timestamp.from(query.timeAt()));
            if (query.endTimeAt() != null) {
                parameters.add(Timestamp.from(query.endTimeAt()));
            }
        }
    }
}

