package be.belfort.storage.temporal;

import be.belfort.storage.HistoryPartitions;

import be.belfort.storage.HistoryRows;

import be.belfort.storage.Parameters;
import be.belfort.storage.SqlFailures;
import be.belfort.storage.EntityCache;
import be.belfort.storage.EntityRows;
import be.belfort.temporal.AggregatedPeriod;
import be.belfort.temporal.Aggregation;
import be.belfort.temporal.HistoryStore;
import be.belfort.temporal.Kept;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Reads attribute history with plain SQL; every value reaches the database as a bind parameter. */
public final class PostgresHistoryStore implements HistoryStore {
    /** Where periods of exact length start when the query gives no start: aligned with clock hours and days. */

    private static final String ONE_ENTITY = "entity_key = hashtextextended(? || '/' || ?, 0) AND tenant = ? AND entity_id = ?";
    private static final String ONE_ATTRIBUTE = " AND attribute_key = hashtext(?) AND attribute = ?";

    private final DataSource dataSource;
    private final ObjectMapper json;
    private final EntityRows rows;
    private final HistoryPartitions partitions;
    private final HistoryAggregates aggregates;
    private final EntityCache entityCache;
    private final KeptHistory kept;

    public PostgresHistoryStore(DataSource dataSource, ObjectMapper json) {
        this(dataSource, json, EntityCache.NONE);
    }

    /** @param entityCache the entity store's cache, told of every history change this store makes */
    public PostgresHistoryStore(DataSource dataSource, ObjectMapper json, EntityCache entityCache) {
        this(dataSource, json, entityCache, KeptHistory.NONE);
    }

    /**
     * @param entityCache the entity store's cache, told of every history change this store makes
     * @param kept        the history answers kept in memory, which answer the same question about an unchanged history
     */
    public PostgresHistoryStore(DataSource dataSource, ObjectMapper json, EntityCache entityCache, KeptHistory kept) {
        this.entityCache = entityCache;
        this.kept = kept;
        this.dataSource = dataSource;
        this.json = json;
        this.rows = new EntityRows(json);
        this.partitions = new HistoryPartitions(dataSource);
        this.aggregates = new HistoryAggregates(dataSource);
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
        } finally {
            entityCache.historyChanged(tenant, List.of(entityId));
        }
    }

    @Override
    public int deleteAttribute(String tenant, String entityId, String attribute, String datasetId, boolean all) {
        String dataset = all ? "" : datasetId == null ? " AND dataset_id IS NULL" : " AND dataset_id = ?";
        List<Object> parameters = new ArrayList<>(List.of(tenant, entityId, tenant, entityId, attribute, attribute));
        if (!all && datasetId != null) {
            parameters.add(datasetId);
        }
        return update(tenant, entityId, "DELETE FROM attribute_instances WHERE " + ONE_ENTITY + ONE_ATTRIBUTE + dataset,
                parameters);
    }

    @Override
    public boolean deleteInstance(String tenant, String entityId, String attribute, UUID instanceId) {
        return update(tenant, entityId, "DELETE FROM attribute_instances WHERE " + ONE_ENTITY + ONE_ATTRIBUTE
                        + " AND instance_id = ?",
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
        return update(tenant, entityId, "UPDATE attribute_instances SET observed_at = ?, number_value = ?, dataset_id = ?,"
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
            } finally {
                entityCache.forget(tenant, List.of(entityId));
            }
        } catch (SQLException e) {
            throw SqlFailures.translate(e);
        }
    }

    /** One statement that changes the entity's history (in a transaction of its own). */
    private int update(String tenant, String entityId, String sql, List<Object> parameters) {
        try (Connection connection = dataSource.getConnection()) {
            return execute(connection, sql, parameters);
        } catch (SQLException e) {
            throw SqlFailures.translate(e);
        } finally {
            entityCache.historyChanged(tenant, List.of(entityId));
        }
    }

    private static int execute(Connection connection, String sql, List<Object> parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            Parameters.bind(connection, statement, parameters);
            return statement.executeUpdate();
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
        if (attributes != null && query.relation() != null) {
            return firstN(tenant, entityIds, attributes, query, limit);
        }
        if (query.relation() != null && query.timeProperty() == TemporalQuery.TimeProperty.OBSERVED_AT) {
            return firstNObserved(tenant, entityIds, query, limit);
        }
        return numbered(tenant, entityIds, attributes, query, limit);
    }

    /** Every instance of the window numbered per series, the first {@code limit} of each kept: any query, any cost. */
    Map<String, List<RecordedInstance>> numbered(String tenant, List<String> entityIds, Set<String> attributes,
                                                 TemporalQuery query, int limit) {
        HistoryFilter filter = HistoryFilter.of(tenant, entityIds, attributes, query);
        String at = "coalesce(" + filter.time + ", modified_at)";
        List<Object> parameters = new ArrayList<>(filter.parameters);
        parameters.add(limit);
        // the limit counts per attribute from the oldest: pages go forwards
        String sql = "SELECT entity_id, attribute, instance_id, instance FROM (SELECT entity_id, attribute, instance_id,"
                + " instance, " + at + " AS at, modified_at, row_number() OVER (PARTITION BY entity_id, attribute"
                + " ORDER BY " + at + ", modified_at, instance_id) AS nth FROM attribute_instances WHERE " + filter.where
                + ") AS numbered WHERE nth <= ? ORDER BY entity_id, attribute, at, modified_at, instance_id";
        return read(sql, parameters, false);
    }

    /**
     * The first {@code limit} instances in the window of each named attribute of each entity: per entity and
     * attribute, the time index read forwards and stopped after that many rows, however long the history. (Without
     * the names and a window on observedAt, the query above numbers every instance in the window: a page then costs as
     * much as the window.)
     */
    private Map<String, List<RecordedInstance>> firstN(String tenant, List<String> entityIds, Set<String> attributes,
                                                      TemporalQuery query, int limit) {
        return walk(tenant, entityIds, attributes, query, limit, "");
    }

    /**
     * The last N instances of each attribute of each entity: per entity and attribute, the time index read
     * backwards and stopped after N rows, however long the history.
     */
    private Map<String, List<RecordedInstance>> lastN(String tenant, List<String> entityIds, Set<String> attributes,
                                                     TemporalQuery query, int limit) {
        return walk(tenant, entityIds, attributes, query, Math.min(query.lastN(), limit), " DESC");
    }

    /** {@link #walk(String, String, List, String, TemporalQuery, int, String)} over every named attribute of every entity. */
    private Map<String, List<RecordedInstance>> walk(String tenant, List<String> entityIds, Set<String> attributes,
                                                     TemporalQuery query, int limit, String direction) {
        List<Object> series = new ArrayList<>();
        series.add(entityIds.toArray(String[]::new));
        series.add(attributes.toArray(String[]::new));
        return walk("", "unnest(?::text[]) AS e (id) CROSS JOIN unnest(?::text[]) AS a (name)", series, tenant, query,
                limit, direction);
    }

    /**
     * As {@link #firstN}, for every attribute with observations: those of the rollups, each entity's found by one
     * probe of their key per attribute (a loose index scan), and those still in the backlog. Every instance with an
     * observedAt is in one of them, so a window on observedAt finds all its series this way.
     */
    private Map<String, List<RecordedInstance>> firstNObserved(String tenant, List<String> entityIds, TemporalQuery query,
                                                              int limit) {
        String[] ids = entityIds.toArray(String[]::new);
        String observed = "WITH RECURSIVE observed (id, name) AS (SELECT e.id, (SELECT min(attribute) FROM history_rollups"
                + " WHERE tenant = ? AND entity_id = e.id) FROM unnest(?::text[]) AS e (id) UNION ALL SELECT o.id,"
                + " (SELECT min(attribute) FROM history_rollups WHERE tenant = ? AND entity_id = o.id AND attribute > o.name)"
                + " FROM observed AS o WHERE o.name IS NOT NULL) ";
        String source = "(SELECT id, name FROM observed WHERE name IS NOT NULL UNION SELECT entity_id, attribute FROM"
                + " history_backlog WHERE tenant = ? AND entity_id = ANY (?)) AS e (id, name)"
                + " CROSS JOIN LATERAL (SELECT e.name) AS a (name)";
        return walk(observed, source, new ArrayList<>(List.of(tenant, ids, tenant, tenant, ids)), tenant, query, limit, "");
    }

    /**
     * Up to {@code limit} instances of each series ({@code e.id} and {@code a.name} of the {@code series} clause),
     * read along its time index in the direction given ({@code ""} forwards, {@code " DESC"} backwards); the answer is
     * oldest first either way.
     */
    private Map<String, List<RecordedInstance>> walk(String with, String series, List<Object> seriesParameters,
                                                     String tenant, TemporalQuery query, int limit, String direction) {
        HistoryFilter filter = HistoryFilter.ofSeries(tenant, query);
        String time = filter.time;
        List<Object> parameters = new ArrayList<>(seriesParameters);
        parameters.addAll(filter.parameters);
        parameters.add(limit);
        // instances recorded at the same time (a batch) follow their ids, so that every page agrees on the order
        String sql = with + "SELECT h.entity_id, h.attribute, h.instance_id, h.instance FROM " + series
                + " CROSS JOIN LATERAL (SELECT entity_id, attribute,"
                + " instance_id, instance, " + time + " AS at, modified_at FROM attribute_instances WHERE " + filter.where
                + " ORDER BY " + time + direction + ", modified_at" + direction + ", instance_id" + direction + " LIMIT ?) AS h"
                + " ORDER BY h.entity_id, h.attribute, h.at, h.modified_at, h.instance_id";
        return read(sql, parameters, true);
    }

    /**
     * Runs a history read.
     *
     * @param alongTheIndex plan as a walk along the time index: the planner cannot tell that the entity and
     *                    attribute checks beside the hashed keys remove nothing, so it would read the whole
     *                    series with a bitmap scan to keep N rows (6 ms instead of 0.4 ms for 1,000 instances)
     */
    private Map<String, List<RecordedInstance>> read(String sql, List<Object> parameters, boolean alongTheIndex) {
        Map<String, List<RecordedInstance>> byEntity = new LinkedHashMap<>();
        try (Connection connection = dataSource.getConnection(); PreparedStatement select = connection.prepareStatement(sql)) {
            if (alongTheIndex) {
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
            if (alongTheIndex) {
                connection.commit();
            }
            return byEntity;
        } catch (SQLException e) {
            throw SqlFailures.translate(e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A stored instance is not JSON", e);
        }
    }

    @Override
    public Map<String, List<AggregatedPeriod>> aggregate(String tenant, List<String> entityIds, Set<String> attributes,
                                                         TemporalQuery query, Aggregation aggregation, int limit) {
        return kept.aggregate(tenant, entityIds, attributes, query, aggregation, limit,
                ids -> aggregates.aggregate(tenant, ids, attributes, query, aggregation, limit));
    }

    @Override
    public Map<String, Kept<List<AggregatedPeriod>>> aggregateKept(String tenant, List<String> entityIds,
                                                                   Set<String> attributes, TemporalQuery query,
                                                                   Aggregation aggregation, int limit) {
        return kept.aggregateKept(tenant, entityIds, attributes, query, aggregation, limit,
                ids -> aggregates.aggregate(tenant, ids, attributes, query, aggregation, limit));
    }

    @Override
    public Map<String, Kept<List<RecordedInstance>>> instancesKept(String tenant, List<String> entityIds,
                                                                   Set<String> attributes, TemporalQuery query, int limit) {
        return kept.instancesKept(tenant, entityIds, attributes, query, limit,
                ids -> instances(tenant, ids, attributes, query, limit));
    }
}
