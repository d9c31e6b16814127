package be.belfort.storage.temporal;

import be.belfort.storage.Parameters;
import be.belfort.storage.SqlFailures;
import be.belfort.temporal.AggregateMethod;
import be.belfort.temporal.AggregatedPeriod;
import be.belfort.temporal.Aggregation;
import be.belfort.temporal.Moments;
import be.belfort.temporal.RollupPlan;
import be.belfort.temporal.TemporalQuery;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The aggregated representation, computed in PostgreSQL: from the rollups of the history ({@code history_rollups},
 * see V29, and the observations not yet folded into them, V32) when the periods are made of whole hours or days
 * ({@link RollupPlan}), and otherwise from the instances. Both give the {@link Moments} of each period, from which every method is
 * computed the same way, so the two answer alike to the last digit.
 */
final class HistoryAggregates {
    /** The exact value of a float8: its shortest decimal (pgjdbc sessions have extra_float_digits 3). */
    private static final String EXACT = "number_value::text::numeric";
    private static final String MOMENTS = "count(*), count(number_value), sum(x), sum(x * x), min(number_value),"
            + " max(number_value)";
    // whatever member holds the value: a LanguageProperty's languageMap, a JsonProperty's json, ...
    private static final String DISTINCT = "count(DISTINCT coalesce(number_value::text, instance ->> 'value',"
            + " instance ->> 'object', instance ->> 'languageMap', instance ->> 'json', instance ->> 'vocab',"
            + " instance ->> 'valueList', instance ->> 'objectList'))";

    private final DataSource dataSource;

    HistoryAggregates(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** @param limit the most periods per attribute of an entity, the earliest first */
    Map<String, List<AggregatedPeriod>> aggregate(String tenant, List<String> entityIds, Set<String> attributes,
                                                  TemporalQuery query, Aggregation aggregation, int limit) {
        if (!RollupPlan.applies(query, aggregation)) {
            return fromInstances(tenant, entityIds, attributes, query, aggregation, limit);
        }
        Map<String, Instant> origins = origins(tenant, entityIds, attributes, query, aggregation);
        Map<Duration, Map<String, Instant>> byGrain = new LinkedHashMap<>();
        List<String> unaligned = new ArrayList<>();
        origins.forEach((id, origin) -> {
            Duration grain = RollupPlan.grain(aggregation, origin);
            if (grain == null) {
                unaligned.add(id);
            } else {
                byGrain.computeIfAbsent(grain, g -> new LinkedHashMap<>()).put(id, origin);
            }
        });
        Map<String, List<AggregatedPeriod>> answer = new HashMap<>();
        byGrain.forEach((grain, ofGrain) -> answer.putAll(fromRollups(tenant, ofGrain, attributes, query, aggregation,
                grain, limit)));
        if (!unaligned.isEmpty()) {
            answer.putAll(fromInstances(tenant, unaligned, attributes, query, aggregation, limit));
        }
        return answer;
    }

    /**
     * Where each entity's periods start: timeAt, or the entity's first instance in the window, found in its
     * day buckets (the earliest bucket's first instance is the series' first; with timerel=before, it is in
     * the window when it is before timeAt). Entities without instances are left out. One period over the
     * whole range needs no start.
     */
    private Map<String, Instant> origins(String tenant, List<String> entityIds, Set<String> attributes,
                                         TemporalQuery query, Aggregation aggregation) {
        Map<String, Instant> origins = new LinkedHashMap<>();
        if (RollupPlan.startsAtTimeAt(query) || aggregation.wholeRange()) {
            Instant origin = aggregation.wholeRange() ? Instant.EPOCH : query.timeAt();
            entityIds.forEach(id -> origins.put(id, origin));
            return origins;
        }
        List<Object> parameters = new ArrayList<>();
        String[] ids = entityIds.toArray(String[]::new);
        StringBuilder sql = new StringBuilder("SELECT entity_id, min(first_at) FROM (SELECT entity_id, first_at"
                + " FROM history_rollups WHERE tenant = ? AND entity_id = ANY (?) AND grain = ?");
        parameters.addAll(List.of(tenant, ids, RollupPlan.GRAINS.getFirst().toSeconds()));
        seriesBounds(sql, parameters, "first_at", attributes, query);
        sql.append(" UNION ALL SELECT entity_id, observed_at FROM history_backlog WHERE tenant = ? AND entity_id = ANY (?)");
        parameters.addAll(List.of(tenant, ids));
        seriesBounds(sql, parameters, "observed_at", attributes, query);
        sql.append(") AS firsts GROUP BY entity_id");
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = Parameters.plannedForValues(connection, sql.toString(), parameters)) {
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    origins.put(row.getString(1), row.getTimestamp(2).toInstant());
                }
            }
            return origins;
        } catch (SQLException e) {
            throw SqlFailures.translate(e);
        }
    }

    /** The attributes asked, and with timerel=before only what starts before timeAt. */
    private static void seriesBounds(StringBuilder sql, List<Object> parameters, String firstAt, Set<String> attributes,
                                     TemporalQuery query) {
        if (attributes != null) {
            sql.append(" AND attribute = ANY (?)");
            parameters.add(attributes.toArray(String[]::new));
        }
        if (query.relation() == TemporalQuery.TimeRelation.BEFORE) {
            sql.append(" AND ").append(firstAt).append(" < ?");
            parameters.add(Timestamp.from(query.timeAt()));
        }
    }

    /**
     * One statement: the whole buckets in the window from the rollups and the window's partial buckets from the
     * instances, each placed in its period (date_bin from the entity's start), added up per entity, attribute and
     * period.
     */
    private Map<String, List<AggregatedPeriod>> fromRollups(String tenant, Map<String, Instant> origins,
                                                            Set<String> attributes, TemporalQuery query,
                                                            Aggregation aggregation, Duration grain, int limit) {
        RollupPlan.Cover cover = RollupPlan.cover(query, grain);
        boolean whole = aggregation.wholeRange();
        String interval = whole ? null : aggregation.interval();
        String entities = "unnest(?::text[], ?::timestamptz[]) AS e (id, origin)";
        List<Object> entityParameters = List.of(origins.keySet().toArray(String[]::new),
                origins.values().stream().map(Timestamp::from).toArray(Timestamp[]::new));
        String[] names = attributes == null ? null : attributes.toArray(String[]::new);
        List<Object> parameters = new ArrayList<>();
        List<String> parts = new ArrayList<>();
        int rollupParameters = -1;
        if (cover.buckets() != null) {
            // When several entities share a page's budget, each series is read only up to the period that holds its
            // (limit x buckets per period)-th bucket: its first `limit` periods all end there, since no period
            // holds more buckets than that; what lies beyond is numbered past the limit and cut anyway. (One entity
            // alone has a limit beyond most series, and finding the bound would cost more than it saves: 0.9 ms
            // against 0.3 ms for a series of 835 buckets.)
            boolean bounded = !whole && limit < Integer.MAX_VALUE && names != null && origins.size() > 1;
            StringBuilder part = new StringBuilder("SELECT r.entity_id, r.attribute, "
                    + (whole ? "NULL::timestamptz" : "date_bin(?::interval, r.bucket, e.origin)")
                    + " AS period, r.entries, r.numbers, r.sum AS s, r.sumsq AS q, r.min AS mn, r.max AS mx, r.first_at,"
                    + " r.last_at FROM " + entities);
            if (!whole) {
                parameters.add(interval);
            }
            parameters.addAll(entityParameters);
            if (bounded) {
                part.append(" CROSS JOIN unnest(?::text[]) AS a (name) LEFT JOIN LATERAL (SELECT n.bucket + ?::interval"
                        + " AS until FROM history_rollups n WHERE n.tenant = ? AND n.entity_id = e.id"
                        + " AND n.attribute = a.name AND n.grain = ?");
                parameters.addAll(List.of(names, interval, tenant, grain.toSeconds()));
                bucketRange(part, "n", cover.buckets(), parameters);
                part.append(" ORDER BY n.bucket OFFSET ? LIMIT 1) AS bound ON true");
                parameters.add(bucketsForPeriods(aggregation, grain, limit) - 1);
            }
            if (bounded) {
                // Each series' buckets read by a subquery of their own, which OFFSET 0 keeps from being merged into
                // the join: its bound is then a condition of the index scan. As a join, the planner read every bucket
                // of each entity and filtered them afterwards (83,500 rows read for 10,100 kept: 77 ms against 10 ms).
                part.append(" CROSS JOIN LATERAL (SELECT r.* FROM history_rollups r WHERE r.tenant = ?"
                        + " AND r.entity_id = e.id AND r.attribute = a.name AND r.grain = ?"
                        + " AND r.bucket < coalesce(bound.until, 'infinity')");
                parameters.addAll(List.of(tenant, grain.toSeconds()));
                bucketRange(part, "r", cover.buckets(), parameters);
                part.append(" OFFSET 0) AS r");
            } else {
                part.append(" JOIN history_rollups r ON r.tenant = ? AND r.entity_id = e.id AND r.grain = ?");
                parameters.addAll(List.of(tenant, grain.toSeconds()));
                if (names != null) {
                    part.append(" AND r.attribute = ANY (?)");
                    parameters.add(names);
                }
                bucketRange(part, "r", cover.buckets(), parameters);
            }
            parts.add(part.toString());
            rollupParameters = parameters.size();
            parts.add(fromBacklog(cover.buckets(), whole, interval, entityParameters, tenant, names, parameters));
        }
        if (!cover.instances().isEmpty()) {
            StringBuilder part = new StringBuilder("SELECT i.entity_id, i.attribute, "
                    + (whole ? "NULL::timestamptz" : "date_bin(?::interval, i.observed_at, e.origin)")
                    + " AS period, 1::bigint AS entries, (i.number_value IS NOT NULL)::int::bigint AS numbers, i.x AS s,"
                    + " i.x * i.x AS q, i.number_value AS mn, i.number_value AS mx, i.observed_at AS first_at,"
                    + " i.observed_at AS last_at FROM " + entities + " CROSS JOIN LATERAL (SELECT"
                    + " entity_id, attribute, observed_at, number_value, " + EXACT + " AS x FROM attribute_instances"
                    + " WHERE entity_key = hashtextextended(? || '/' || e.id, 0) AND tenant = ? AND entity_id = e.id");
            if (!whole) {
                parameters.add(interval);
            }
            parameters.addAll(entityParameters);
            parameters.add(tenant);
            parameters.add(tenant);
            if (names != null) {
                part.append(" AND attribute_key = ANY (ARRAY(SELECT hashtext(name) FROM unnest(?::text[]) name))"
                        + " AND attribute = ANY (?)");
                parameters.add(names);
                parameters.add(names);
            }
            List<String> ranges = new ArrayList<>();
            for (RollupPlan.Range range : cover.instances()) {
                List<String> bounds = new ArrayList<>();
                if (range.from() != null) {
                    bounds.add("observed_at >= ?");
                    parameters.add(Timestamp.from(range.from()));
                }
                if (range.to() != null) {
                    bounds.add("observed_at < ?");
                    parameters.add(Timestamp.from(range.to()));
                }
                ranges.add("(" + String.join(" AND ", bounds) + ")");
            }
            part.append(" AND (").append(String.join(" OR ", ranges)).append(")) AS i");
            parts.add(part.toString());
        }
        boolean oneSeries = origins.size() == 1 && names != null && names.length == 1;
        if (rollupParameters >= 0 && oneSeries && !whole && aggregation.exact().equals(grain)) {
            return inOrder(parts, parameters, rollupParameters, aggregation, limit);
        }
        String period = whole ? "min(first_at), max(last_at)" : "period, period + ?::interval";
        if (!whole) {
            parameters.add(0, interval);
        }
        String groups = whole ? "entity_id, attribute" : "entity_id, attribute, period";
        String sql = "SELECT entity_id, attribute, " + period + ", sum(entries), sum(numbers), sum(s), sum(q), min(mn),"
                + " max(mx) FROM (" + String.join(" UNION ALL ", parts) + ") AS parts GROUP BY " + groups
                + " ORDER BY " + groups;
        return read(sql, parameters, aggregation, limit, oneSeries);
    }

    /**
     * One series in periods of one bucket each: its buckets come along the rollups' index, already in order, and the
     * few parts beside them (observations waiting in the backlog, instances of partial buckets at the window's edges)
     * are added to their period here instead of grouping every row in the database. Grouping a year of hours
     * (8,335 buckets) took 33 ms, mostly hashing, adding numerics and sorting rows that were each a period already;
     * read in order, 7 ms. The page is cut at {@code limit} periods: the statement returns that many rows plus as many
     * as the parts beside the rollups hold (counted in the same statement, so from the same snapshot), which is
     * enough whatever periods they fall in.
     */
    private Map<String, List<AggregatedPeriod>> inOrder(List<String> parts, List<Object> parameters, int rollupParameters,
                                                       Aggregation aggregation, int limit) {
        String beside = String.join(" UNION ALL ", parts.subList(1, parts.size()));
        List<Object> besideParameters = parameters.subList(rollupParameters, parameters.size());
        List<Object> ordered = new ArrayList<>();
        ordered.add(aggregation.interval());
        ordered.addAll(parameters);
        String sql = "SELECT entity_id, attribute, period, period + ?::interval, entries, numbers, s, q, mn, mx FROM ("
                + parts.getFirst() + " UNION ALL " + beside + ") AS parts ORDER BY period";
        if (limit < Integer.MAX_VALUE) {
            sql += " LIMIT ? + (SELECT count(*) FROM (" + beside + ") AS beside)";
            ordered.add(limit);
            ordered.addAll(besideParameters);
        }
        Map<String, List<AggregatedPeriod>> byEntity = new LinkedHashMap<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = Parameters.plannedForValues(connection, sql, ordered);
             ResultSet row = select.executeQuery()) {
            List<AggregatedPeriod> periods = new ArrayList<>();
            String entity = null;
            String attribute = null;
            Instant start = null;
            Instant end = null;
            Moments moments = null;
            while (row.next()) {
                Instant rowStart = instant(row, 3);
                if (rowStart.equals(start)) {
                    moments = moments.plus(moments(row));
                    continue;
                }
                if (start != null) {
                    periods.add(period(entity, attribute, start, end, moments, aggregation, null));
                    if (periods.size() >= limit) {
                        break;
                    }
                }
                entity = same(entity, row.getString(1));
                attribute = same(attribute, row.getString(2));
                start = rowStart;
                end = instant(row, 4);
                moments = moments(row);
            }
            if (start != null && periods.size() < limit) {
                periods.add(period(entity, attribute, start, end, moments, aggregation, null));
            }
            if (!periods.isEmpty()) {
                byEntity.put(entity, periods);
            }
            return byEntity;
        } catch (SQLException e) {
            throw SqlFailures.translate(e);
        }
    }

    private static void bucketRange(StringBuilder sql, String table, RollupPlan.Range buckets, List<Object> parameters) {
        if (buckets.from() != null) {
            sql.append(" AND ").append(table).append(".bucket >= ?");
            parameters.add(Timestamp.from(buckets.from()));
        }
        if (buckets.to() != null) {
            sql.append(" AND ").append(table).append(".bucket < ?");
            parameters.add(Timestamp.from(buckets.to()));
        }
    }

    /**
     * The most buckets that {@code periods} periods can hold: the rollups answer only periods of whole buckets from an
     * aligned start ({@link RollupPlan#grain}), so each holds exactly period / grain of them.
     */
    private static long bucketsForPeriods(Aggregation aggregation, Duration grain, int periods) {
        long perPeriod = aggregation.exact().toSeconds() / grain.toSeconds();
        return perPeriod * periods; // at most 1,000 years of hours times Integer.MAX_VALUE: no overflow
    }

    /**
     * The observations not yet folded into the rollups (V32) in the whole buckets of the window, each as a bucket of
     * its own: read in the same statement as the rollups, so that each instance counts exactly once.
     */
    private static String fromBacklog(RollupPlan.Range buckets, boolean whole, String interval,
                                      List<Object> entityParameters, String tenant, String[] names,
                                      List<Object> parameters) {
        StringBuilder part = new StringBuilder("SELECT b.entity_id, b.attribute, "
                + (whole ? "NULL::timestamptz" : "date_bin(?::interval, b.observed_at, e.origin)")
                + " AS period, 1::bigint AS entries, (b.number_value IS NOT NULL)::int::bigint AS numbers, b.x AS s,"
                + " b.x * b.x AS q, b.number_value AS mn, b.number_value AS mx, b.observed_at AS first_at,"
                + " b.observed_at AS last_at FROM unnest(?::text[], ?::timestamptz[]) AS e (id, origin)"
                + " JOIN (SELECT entity_id, attribute, observed_at, number_value, " + EXACT + " AS x FROM history_backlog"
                + " WHERE tenant = ?) AS b ON b.entity_id = e.id");
        if (!whole) {
            parameters.add(interval);
        }
        parameters.addAll(entityParameters);
        parameters.add(tenant);
        if (names != null) {
            part.append(" AND b.attribute = ANY (?)");
            parameters.add(names);
        }
        if (buckets.from() != null) {
            part.append(" AND b.observed_at >= ?");
            parameters.add(Timestamp.from(buckets.from()));
        }
        if (buckets.to() != null) {
            part.append(" AND b.observed_at < ?");
            parameters.add(Timestamp.from(buckets.to()));
        }
        return part.toString();
    }

    /**
     * One statement over the instances: each is put in its period (date_bin for exact lengths, whole months from
     * the start for calendar periods), and PostgreSQL adds up the moments per entity, attribute and period.
     */
    Map<String, List<AggregatedPeriod>> fromInstances(String tenant, List<String> entityIds, Set<String> attributes,
                                                      TemporalQuery query, Aggregation aggregation, int limit) {
        HistoryFilter filter = HistoryFilter.of(tenant, entityIds, attributes, query);
        String time = filter.time;
        filter.where.append(" AND ").append(time).append(" IS NOT NULL");
        boolean distinct = aggregation.methods().contains(AggregateMethod.DISTINCT_COUNT);
        String aggregates = MOMENTS + (distinct ? ", " + DISTINCT : "");
        // Periods start at timeAt (after, between) or else at the entity's first instance in the window, so that
        // the first period is whole and starts with the data (clause 4.5.19)
        boolean fromTimeAt = RollupPlan.startsAtTimeAt(query);
        String origin = fromTimeAt ? "?::timestamptz" : "min(" + time + ") OVER (PARTITION BY entity_id)";
        List<Object> originValue = fromTimeAt ? List.of(query.timeAt().toString()) : List.of();
        List<Object> parameters = new ArrayList<>();
        String sql;
        if (aggregation.wholeRange()) {
            sql = "SELECT entity_id, attribute, min(at), max(at), " + aggregates + " FROM (SELECT entity_id, attribute,"
                    + " number_value, instance, " + time + " AS at, " + EXACT + " AS x FROM attribute_instances WHERE "
                    + filter.where + ") AS placed GROUP BY entity_id, attribute ORDER BY entity_id, attribute";
        } else {
            String start;
            if (aggregation.months() > 0) {
                start = "(" + origin + " + (floor((extract(year FROM age(" + time + ", " + origin + ")) * 12"
                        + " + extract(month FROM age(" + time + ", " + origin + "))) / ?) * ?) * interval '1 month')";
                for (int i = 0; i < 3; i++) {
                    parameters.addAll(originValue);
                }
                parameters.addAll(List.of(aggregation.months(), aggregation.months()));
            } else {
                start = "date_bin(?::interval, " + time + ", " + origin + ")";
                parameters.add(aggregation.interval());
                parameters.addAll(originValue);
            }
            sql = "SELECT entity_id, attribute, period, period + ?::interval, " + aggregates + " FROM (SELECT entity_id,"
                    + " attribute, number_value, instance, " + EXACT + " AS x, " + start + " AS period"
                    + " FROM attribute_instances WHERE " + filter.where + ") AS placed GROUP BY entity_id, attribute,"
                    + " period ORDER BY entity_id, attribute, period";
            parameters.add(0, aggregation.interval());
        }
        parameters.addAll(filter.parameters);
        return read(sql, parameters, aggregation, limit, entityIds.size() == 1 && attributes != null
                && attributes.size() == 1);
    }

    /**
     * Reads rows of entity, attribute, start, end, the six moments and (when asked) the distinct count: at most
     * {@code limit} periods per attribute of an entity, numbered in the database so that no more leave it
     * ({@code oneSeries}: the statement reads one entity's one attribute, so a LIMIT does it without numbering).
     */
    private Map<String, List<AggregatedPeriod>> read(String sql, List<Object> parameters, Aggregation aggregation,
                                                     int limit, boolean oneSeries) {
        if (limit < Integer.MAX_VALUE && !aggregation.wholeRange()) {
            // one series comes in order of period, so a LIMIT takes its page; several are numbered series by series
            sql = oneSeries ? sql + " LIMIT ?" : "SELECT * FROM (SELECT page.*, row_number() OVER (PARTITION BY"
                    + " entity_id, attribute ORDER BY period) AS nth FROM (" + sql + ") AS page) AS numbered"
                    + " WHERE nth <= ? ORDER BY entity_id, attribute, period";
            parameters = new ArrayList<>(parameters);
            parameters.add(limit);
        }
        Map<String, List<AggregatedPeriod>> byEntity = new LinkedHashMap<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = Parameters.plannedForValues(connection, sql, parameters)) {
            try (ResultSet row = select.executeQuery()) {
                // rows come series by series: one String per entity and attribute rather than per period (kept
                // answers hold them, KeptHistory)
                String entity = null;
                String attribute = null;
                while (row.next()) {
                    entity = same(entity, row.getString(1));
                    attribute = same(attribute, row.getString(2));
                    Long distinct = aggregation.methods().contains(AggregateMethod.DISTINCT_COUNT) ? row.getLong(11) : null;
                    byEntity.computeIfAbsent(entity, id -> new ArrayList<>()).add(period(entity, attribute,
                            instant(row, 3), instant(row, 4), moments(row), aggregation, distinct));
                }
            }
            return byEntity;
        } catch (SQLException e) {
            throw SqlFailures.translate(e);
        }
    }

    /** The moments of a row: its columns 5 to 10. */
    private static Moments moments(ResultSet row) throws SQLException {
        return new Moments(row.getLong(5), row.getLong(6), row.getBigDecimal(7), row.getBigDecimal(8), number(row, 9),
                number(row, 10));
    }

    /**
     * A period with the methods asked.
     *
     * @param distinct the distinct count, which only the instances tell (column 11 of their rows); null from rollups
     */
    private static AggregatedPeriod period(String entity, String attribute, Instant start, Instant end, Moments moments,
                                           Aggregation aggregation, Long distinct) {
        Map<AggregateMethod, Double> values = new EnumMap<>(AggregateMethod.class);
        for (AggregateMethod method : aggregation.methods()) {
            values.put(method, method == AggregateMethod.DISTINCT_COUNT ? Double.valueOf(distinct) : moments.value(method));
        }
        return new AggregatedPeriod(entity, attribute, start, end, values);
    }

    private static String same(String previous, String read) {
        return read.equals(previous) ? previous : read;
    }

    /** A timestamptz column: read as an offset date-time, which skips the calendar a {@code Timestamp} goes through. */
    private static Instant instant(ResultSet row, int column) throws SQLException {
        return row.getObject(column, OffsetDateTime.class).toInstant();
    }

    private static Double number(ResultSet row, int column) throws SQLException {
        double value = row.getDouble(column);
        return row.wasNull() ? null : value;
    }
}
