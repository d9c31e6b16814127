package be.belfort.storage;

import be.belfort.temporal.AggregateMethod;
import be.belfort.temporal.AggregatedPeriod;
import be.belfort.temporal.Aggregation;
import be.belfort.temporal.HistoryStore;
import be.belfort.temporal.RecordedInstance;
import be.belfort.temporal.TemporalQuery;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Reads attribute history with plain SQL; every value reaches the database as a bind parameter. */
public final class PostgresHistoryStore implements HistoryStore {
    /** Where periods of exact length start when the query gives no start: aligned with clock hours and days. */
    private static final String EPOCH = "1970-01-01T00:00:00Z";
    private static final String AGGREGATES = "count(*), count(DISTINCT instance -> 'value'), sum(number_value),"
            + " avg(number_value), min(number_value), max(number_value), stddev_samp(number_value),"
            + " sum(number_value * number_value)";
    private static final List<AggregateMethod> AGGREGATE_ORDER = List.of(AggregateMethod.TOTAL_COUNT,
            AggregateMethod.DISTINCT_COUNT, AggregateMethod.SUM, AggregateMethod.AVG, AggregateMethod.MIN,
            AggregateMethod.MAX, AggregateMethod.STDDEV, AggregateMethod.SUMSQ);

    private final DataSource dataSource;
    private final ObjectMapper json;

    public PostgresHistoryStore(DataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    /** The filter on entities, attributes and time of a history query, with its parameters. */
    private static final class Filter {
        final String time;
        final StringBuilder where = new StringBuilder("entity_key = ANY (ARRAY(SELECT hashtextextended(? || '/' || id, 0)"
                + " FROM unnest(?::text[]) id)) AND tenant = ? AND entity_id = ANY (?)");
        final List<Object> parameters = new ArrayList<>();

        Filter(String tenant, List<String> entityIds, Set<String> attributes, TemporalQuery query) {
            time = query.timeProperty() == TemporalQuery.TimeProperty.OBSERVED_AT ? "observed_at" : "modified_at";
            String[] ids = entityIds.toArray(String[]::new);
            parameters.addAll(List.of(tenant, ids, tenant, ids));
            if (attributes != null) {
                where.append(" AND attribute = ANY (?)");
                parameters.add(attributes.toArray(String[]::new));
            }
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

    @Override
    public Map<String, List<RecordedInstance>> instances(String tenant, List<String> entityIds, Set<String> attributes,
                                                         TemporalQuery query, int limit) {
        Filter filter = new Filter(tenant, entityIds, attributes, query);
        String time = filter.time;
        if (query.relation() == null && time.equals("observed_at") && query.lastN() != null) {
            filter.where.append(" AND observed_at IS NOT NULL");
        }
        String at = "coalesce(" + time + ", modified_at)";
        List<Object> parameters = new ArrayList<>(filter.parameters);
        String recent = query.lastN() == null ? "" : ", row_number() OVER (PARTITION BY entity_id, attribute ORDER BY "
                + at + " DESC, modified_at DESC) AS recent";
        // lastN first, per attribute; then the limit per entity, so the newest instances are never cut off
        String sql = "SELECT entity_id, attribute, instance_id, instance FROM (SELECT *, row_number() OVER"
                + " (PARTITION BY entity_id ORDER BY attribute, at, modified_at) AS nth FROM (SELECT entity_id, attribute,"
                + " instance_id, instance, " + at + " AS at, modified_at" + recent + " FROM attribute_instances WHERE "
                + filter.where + ") AS selected" + (query.lastN() == null ? "" : " WHERE recent <= ?")
                + ") AS numbered WHERE nth <= ? ORDER BY entity_id, attribute, at, modified_at";
        if (query.lastN() != null) {
            parameters.add(query.lastN());
        }
        parameters.add(limit);
        Map<String, List<RecordedInstance>> byEntity = new LinkedHashMap<>();
        try (Connection connection = dataSource.getConnection(); PreparedStatement select = connection.prepareStatement(sql)) {
            Parameters.bind(connection, select, parameters);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    byEntity.computeIfAbsent(row.getString(1), id -> new ArrayList<>()).add(new RecordedInstance(
                            row.getString(2), (UUID) row.getObject(3), (ObjectNode) json.readTree(row.getString(4))));
                }
            }
            return byEntity;
        } catch (SQLException e) {
            throw PostgresEntityStore.storageFailure(e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A stored instance is not JSON", e);
        }
    }

    /**
     * One statement: each instance is put in its period (date_bin for exact lengths, whole months from the
     * start for calendar periods), and PostgreSQL aggregates per entity, attribute and period.
     */
    @Override
    public Map<String, List<AggregatedPeriod>> aggregate(String tenant, List<String> entityIds, Set<String> attributes,
                                                         TemporalQuery query, Aggregation aggregation) {
        Filter filter = new Filter(tenant, entityIds, attributes, query);
        String time = filter.time;
        filter.where.append(" AND ").append(time).append(" IS NOT NULL");
        String origin = query.timeAt() != null && query.relation() != TemporalQuery.TimeRelation.BEFORE
                ? query.timeAt().toString() : EPOCH;
        List<Object> parameters = new ArrayList<>();
        String start;
        String end;
        if (aggregation.period() == null) {
            start = "min(" + time + ")";
            end = "max(" + time + ")";
        } else if (aggregation.calendar()) {
            start = "(?::timestamptz + (floor((extract(year FROM age(" + time + ", ?::timestamptz)) * 12"
                    + " + extract(month FROM age(" + time + ", ?::timestamptz))) / ?) * ?) * interval '1 month')";
            parameters.addAll(List.of(origin, origin, origin, aggregation.months(), aggregation.months()));
            end = null;
        } else {
            start = "date_bin(?::interval, " + time + ", ?::timestamptz)";
            parameters.addAll(List.of(aggregation.period(), origin));
            end = null;
        }
        String sql;
        if (end != null) {
            sql = "SELECT entity_id, attribute, " + start + ", " + end + ", " + AGGREGATES + " FROM attribute_instances"
                    + " WHERE " + filter.where + " GROUP BY entity_id, attribute ORDER BY entity_id, attribute";
        } else {
            sql = "SELECT entity_id, attribute, period, period + ?::interval, " + AGGREGATES + " FROM (SELECT entity_id,"
                    + " attribute, number_value, instance, " + start + " AS period FROM attribute_instances WHERE "
                    + filter.where + ") AS placed GROUP BY entity_id, attribute, period ORDER BY entity_id, attribute, period";
            parameters.add(0, aggregation.period());
        }
        parameters.addAll(filter.parameters);
        Map<String, List<AggregatedPeriod>> byEntity = new LinkedHashMap<>();
        try (Connection connection = dataSource.getConnection(); PreparedStatement select = connection.prepareStatement(sql)) {
            Parameters.bind(connection, select, parameters);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    Map<AggregateMethod, Double> values = new EnumMap<>(AggregateMethod.class);
                    for (int i = 0; i < AGGREGATE_ORDER.size(); i++) {
                        AggregateMethod method = AGGREGATE_ORDER.get(i);
                        if (aggregation.methods().contains(method)) {
                            double value = row.getDouble(5 + i);
                            values.put(method, row.wasNull() ? null : value);
                        }
                    }
                    byEntity.computeIfAbsent(row.getString(1), id -> new ArrayList<>()).add(new AggregatedPeriod(
                            row.getString(1), row.getString(2), row.getTimestamp(3).toInstant(),
                            row.getTimestamp(4).toInstant(), values));
                }
            }
            return byEntity;
        } catch (SQLException e) {
            throw PostgresEntityStore.storageFailure(e);
        }
    }
}
