package be.belfort.storage.temporal;

import be.belfort.storage.HistoryPartitions;

import be.belfort.storage.HistoryRows;

import be.belfort.storage.Parameters;
import be.belfort.storage.SqlFailures;
import be.belfort.storage.EntityRows;
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

    /** PostgreSQL's SQLSTATE for a value out of range, as float8 arithmetic raises on overflow. */
    private static final String OUT_OF_RANGE = "22003";

    /**
     * The SQL of each aggregation method; numbers come from their own column, never from the JSON. In
     * {@code float8} by default (fast); in {@code numeric} ({@code exact}) when the float8 arithmetic overflowed,
     * since numeric does not.
     */
    private static String aggregateSql(AggregateMethod method, boolean exact) {
        String number = exact ? "number_value::numeric" : "number_value";
        return switch (method) {
            case TOTAL_COUNT -> "count(*)";
            // whatever member holds the value: a LanguageProperty's languageMap, a JsonProperty's json, ...
            case DISTINCT_COUNT -> "count(DISTINCT coalesce(number_value::text, instance ->> 'value', instance ->> 'object',"
                    + " instance ->> 'languageMap', instance ->> 'json', instance ->> 'vocab', instance ->> 'valueList',"
                    + " instance ->> 'objectList'))";
            case SUM -> "sum(" + number + ")";
            case AVG -> "avg(" + number + ")";
            case MIN -> "min(number_value)";
            case MAX -> "max(number_value)";
            case STDDEV -> "stddev_samp(" + number + ")";
            case SUMSQ -> "sum(" + number + " * " + number + ")";
        };
    }

    private static final String ONE_ENTITY = "entity_key = hashtextextended(? || '/' || ?, 0) AND tenant = ? AND entity_id = ?";
    private static final String ONE_ATTRIBUTE = " AND attribute_key = hashtext(?) AND attribute = ?";

    private final DataSource dataSource;
    private final ObjectMapper json;
    private final EntityRows rows;
    private final HistoryPartitions partitions;

    public PostgresHistoryStore(DataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
        this.rows = new EntityRows(json);
        this.partitions = new HistoryPartitions(dataSource);
    }

    @Override
    public void append(String tenant, String entityId, Map<String, List<ObjectNode>> instances,
                       java.time.Instant recordedAt) {
        HistoryRows history = new HistoryRows(rows);
        instances.forEach((attribute, list) -> list.forEach(instance -> history.add(entityId, attribute, instance,
                recordedAt)));
        try (Connection connection = dataSource.getConnection()) {
            partitions.ensure(recordedAt);
            history.insert(connection, tenant);
        } catch (SQLException e) {
            throw SqlFailures.translate(e);
        }
    }

    @Override
    public int deleteAttribute(String tenant, String entityId, String attribute, String datasetId, boolean all) {
        String dataset = all ? "" : datasetId == null ? " AND dataset_id IS NULL" : " AND dataset_id = ?";
        List<Object> parameters = new ArrayList<>(List.of(tenant, entityId, tenant, entityId, attribute, attribute));
        if (!all && datasetId != null) {
            parameters.add(datasetId);
        }
        return update("DELETE FROM attribute_instances WHERE " + ONE_ENTITY + ONE_ATTRIBUTE + dataset, parameters);
    }

    @Override
    public boolean deleteInstance(String tenant, String entityId, String attribute, UUID instanceId) {
        return update("DELETE FROM attribute_instances WHERE " + ONE_ENTITY + ONE_ATTRIBUTE + " AND instance_id = ?",
                List.of(tenant, entityId, tenant, entityId, attribute, attribute, instanceId)) > 0;
    }

    @Override
    public boolean replaceInstance(String tenant, String entityId, String attribute, UUID instanceId,
                                   ObjectNode instance) {
        List<Object> parameters = new ArrayList<>();
        parameters.add(HistoryRows.observedAt(instance));
        parameters.add(HistoryRows.number(instance));
        parameters.add(HistoryRows.datasetId(instance));
        parameters.add(rows.instanceJson(instance));
        parameters.addAll(List.of(tenant, entityId, tenant, entityId, attribute, attribute, instanceId));
        return update("UPDATE attribute_instances SET observed_at = ?, number_value = ?, dataset_id = ?,"
                + " instance = ?::jsonb WHERE " + ONE_ENTITY + ONE_ATTRIBUTE + " AND instance_id = ?", parameters) > 0;
    }

    @Override
    public boolean deleteEntity(String tenant, String entityId) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                int removed = execute(connection, "DELETE FROM entities WHERE tenant = ? AND id = ?",
                        List.of(tenant, entityId));
                removed += execute(connection, "DELETE FROM attribute_instances WHERE " + ONE_ENTITY,
                        List.of(tenant, entityId, tenant, entityId));
                connection.commit();
                return removed > 0;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw SqlFailures.translate(e);
        }
    }

    private int update(String sql, List<Object> parameters) {
        try (Connection connection = dataSource.getConnection()) {
            return execute(connection, sql, parameters);
        } catch (SQLException e) {
            throw SqlFailures.translate(e);
        }
    }

    private static int execute(Connection connection, String sql, List<Object> parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            Parameters.bind(connection, statement, parameters);
            return statement.executeUpdate();
        }
    }

    /** The filter on entities, attributes and time of a history query, with its parameters. */
    private static final class Filter {
        final String time;
        final StringBuilder where = new StringBuilder();
        final List<Object> parameters = new ArrayList<>();

        /** Some entities, all or some of their attributes, in the query's time window. */
        static Filter of(String tenant, List<String> entityIds, Set<String> attributes, TemporalQuery query) {
            String[] ids = entityIds.toArray(String[]::new);
            Filter filter = new Filter(query, "entity_key = ANY (ARRAY(SELECT hashtextextended(? || '/' || id, 0)"
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
        static Filter ofSeries(String tenant, TemporalQuery query) {
            Filter filter = new Filter(query, "entity_key = hashtextextended(? || '/' || e.id, 0)"
                    + " AND attribute_key = hashtext(a.name) AND tenant = ? AND entity_id = e.id AND attribute = a.name",
                    tenant, tenant);
            filter.where.append(" AND ").append(filter.time).append(" IS NOT NULL");
            filter.timeConditions(query);
            return filter;
        }

        private Filter(TemporalQuery query, String series, Object... values) {
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

    @Override
    public Map<String, List<RecordedInstance>> instances(String tenant, List<String> entityIds, Set<String> attributes,
                                                         TemporalQuery query, int limit) {
        if (query.lastN() != null) {
            if (attributes == null) {
                throw new IllegalArgumentException("lastN reads each attribute's series: name the attributes");
            }
            return lastN(tenant, entityIds, attributes, query, limit);
        }
        Filter filter = Filter.of(tenant, entityIds, attributes, query);
        String at = "coalesce(" + filter.time + ", modified_at)";
        List<Object> parameters = new ArrayList<>(filter.parameters);
        parameters.add(limit);
        // the limit counts per attribute from the oldest: pages go forwards
        String sql = "SELECT entity_id, attribute, instance_id, instance FROM (SELECT entity_id, attribute, instance_id,"
                + " instance, " + at + " AS at, modified_at, row_number() OVER (PARTITION BY entity_id, attribute"
                + " ORDER BY " + at + ", modified_at) AS nth FROM attribute_instances WHERE " + filter.where
                + ") AS numbered WHERE nth <= ? ORDER BY entity_id, attribute, at, modified_at";
        return read(sql, parameters, false);
    }

    /**
     * The last N instances of each attribute of each entity: per entity and attribute, the time index read
     * backwards and stopped after N rows, however long the history.
     */
    private Map<String, List<RecordedInstance>> lastN(String tenant, List<String> entityIds, Set<String> attributes,
                                                     TemporalQuery query, int limit) {
        Filter filter = Filter.ofSeries(tenant, query);
        String time = filter.time;
        List<Object> parameters = new ArrayList<>();
        parameters.add(entityIds.toArray(String[]::new));
        parameters.add(attributes.toArray(String[]::new));
        parameters.addAll(filter.parameters);
        parameters.add(Math.min(query.lastN(), limit));
        String sql = "SELECT h.entity_id, h.attribute, h.instance_id, h.instance FROM unnest(?::text[]) AS e (id)"
                + " CROSS JOIN unnest(?::text[]) AS a (name) CROSS JOIN LATERAL (SELECT entity_id, attribute,"
                + " instance_id, instance, " + time + " AS at, modified_at FROM attribute_instances WHERE " + filter.where
                + " ORDER BY " + time + " DESC, modified_at DESC LIMIT ?) AS h ORDER BY h.entity_id, h.attribute, h.at,"
                + " h.modified_at";
        return read(sql, parameters, true);
    }

    /**
     * Runs a history read.
     *
     * @param newestFirst plan as a walk down the time index: the planner cannot tell that the entity and
     *                    attribute checks beside the hashed keys remove nothing, so it would read the whole
     *                    series with a bitmap scan to keep N rows (6 ms instead of 0.4 ms for 1,000 instances)
     */
    private Map<String, List<RecordedInstance>> read(String sql, List<Object> parameters, boolean newestFirst) {
        Map<String, List<RecordedInstance>> byEntity = new LinkedHashMap<>();
        try (Connection connection = dataSource.getConnection(); PreparedStatement select = connection.prepareStatement(sql)) {
            if (newestFirst) {
                connection.setAutoCommit(false);
                try (var setting = connection.createStatement()) {
                    setting.execute("SET LOCAL enable_bitmapscan = off");
                }
            }
            Parameters.bind(connection, select, parameters);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    byEntity.computeIfAbsent(row.getString(1), id -> new ArrayList<>()).add(new RecordedInstance(
                            row.getString(2), (UUID) row.getObject(3), (ObjectNode) json.readTree(row.getString(4))));
                }
            }
            if (newestFirst) {
                connection.commit();
            }
            return byEntity;
        } catch (SQLException e) {
            throw SqlFailures.translate(e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A stored instance is not JSON", e);
        }
    }

    /**
     * One statement: each instance is put in its period (date_bin for exact lengths, whole months from the
     * start for calendar periods), and PostgreSQL aggregates per entity, attribute and period. When the sums
     * overflow a double (values near 1e308), the statement runs again in exact arithmetic, and an aggregate
     * whose result a double cannot hold is answered as null: the others (an average, a maximum) still are.
     */
    @Override
    public Map<String, List<AggregatedPeriod>> aggregate(String tenant, List<String> entityIds, Set<String> attributes,
                                                         TemporalQuery query, Aggregation aggregation) {
        try {
            return aggregate(tenant, entityIds, attributes, query, aggregation, false);
        } catch (StorageOverflow overflow) {
            return aggregate(tenant, entityIds, attributes, query, aggregation, true);
        }
    }

    /** The float8 arithmetic of an aggregation overflowed. */
    private static final class StorageOverflow extends RuntimeException {
        StorageOverflow(SQLException cause) {
            super(cause);
        }
    }

    private Map<String, List<AggregatedPeriod>> aggregate(String tenant, List<String> entityIds, Set<String> attributes,
                                                          TemporalQuery query, Aggregation aggregation, boolean exact) {
        Filter filter = Filter.of(tenant, entityIds, attributes, query);
        String time = filter.time;
        filter.where.append(" AND ").append(time).append(" IS NOT NULL");
        List<AggregateMethod> methods = List.copyOf(aggregation.methods());
        String aggregates = String.join(", ", methods.stream().map(method -> aggregateSql(method, exact)).toList());
        // Periods start at timeAt (after, between) or else at the entity's first instance in the window, so that
        // the first period is whole and starts with the data (clause 4.5.19)
        boolean fromTimeAt = query.timeAt() != null && query.relation() != TemporalQuery.TimeRelation.BEFORE;
        String origin = fromTimeAt ? "?::timestamptz" : "min(" + time + ") OVER (PARTITION BY entity_id)";
        List<Object> originValue = fromTimeAt ? List.of(query.timeAt().toString()) : List.of();
        List<Object> parameters = new ArrayList<>();
        String start;
        String end;
        if (aggregation.wholeRange()) {
            start = "min(" + time + ")";
            end = "max(" + time + ")";
        } else if (aggregation.months() > 0) {
            start = "(" + origin + " + (floor((extract(year FROM age(" + time + ", " + origin + ")) * 12"
                    + " + extract(month FROM age(" + time + ", " + origin + "))) / ?) * ?) * interval '1 month')";
            for (int i = 0; i < 3; i++) {
                parameters.addAll(originValue);
            }
            parameters.addAll(List.of(aggregation.months(), aggregation.months()));
            end = null;
        } else {
            start = "date_bin(?::interval, " + time + ", " + origin + ")";
            parameters.add(aggregation.interval());
            parameters.addAll(originValue);
            end = null;
        }
        String sql;
        if (end != null) {
            sql = "SELECT entity_id, attribute, " + start + ", " + end + ", " + aggregates + " FROM attribute_instances"
                    + " WHERE " + filter.where + " GROUP BY entity_id, attribute ORDER BY entity_id, attribute";
        } else {
            sql = "SELECT entity_id, attribute, period, period + ?::interval, " + aggregates + " FROM (SELECT entity_id,"
                    + " attribute, number_value, instance, " + start + " AS period FROM attribute_instances WHERE "
                    + filter.where + ") AS placed GROUP BY entity_id, attribute, period ORDER BY entity_id, attribute, period";
            parameters.add(0, aggregation.interval());
        }
        parameters.addAll(filter.parameters);
        Map<String, List<AggregatedPeriod>> byEntity = new LinkedHashMap<>();
        try (Connection connection = dataSource.getConnection(); PreparedStatement select = connection.prepareStatement(sql)) {
            Parameters.bind(connection, select, parameters);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    Map<AggregateMethod, Double> values = new EnumMap<>(AggregateMethod.class);
                    for (int i = 0; i < methods.size(); i++) {
                        java.math.BigDecimal value = row.getBigDecimal(5 + i);
                        double number = value == null ? Double.NaN : value.doubleValue();
                        values.put(methods.get(i), Double.isFinite(number) ? number : null);
                    }
                    byEntity.computeIfAbsent(row.getString(1), id -> new ArrayList<>()).add(new AggregatedPeriod(
                            row.getString(1), row.getString(2), row.getTimestamp(3).toInstant(),
                            row.getTimestamp(4).toInstant(), values));
                }
            }
            return byEntity;
        } catch (SQLException e) {
            if (OUT_OF_RANGE.equals(e.getSQLState()) && !exact) {
                throw new StorageOverflow(e);
            }
            throw SqlFailures.translate(e);
        }
    }
}
