package be.belfort.storage.entities;

import be.belfort.storage.EntityRows;

import be.belfort.model.Entity;
import be.belfort.model.EntityTransaction;
import be.belfort.model.NgsiLdException;
import be.belfort.model.ReadScope;
import be.belfort.query.EntityFinder;
import be.belfort.query.EntityQuery;
import be.belfort.query.GeoQuery;
import be.belfort.query.Geometries;
import be.belfort.query.Ordering;
import be.belfort.storage.JdbcUnitOfWork;
import be.belfort.storage.Parameters;
import be.belfort.storage.PostgresTenants;
import be.belfort.storage.SqlFailures;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

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
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Queries and discovery on PostgreSQL. Without a geo-query one statement pages and one counts; with
 * one, the index gives candidates in id order and the exact geometry test picks the page from them.
 */
public final class PostgresEntityFinder implements EntityFinder {
    private static final String SELECT = "SELECT " + EntityRows.COLUMNS + " FROM entities e WHERE ";
    private static final int GEO_BATCH = 1000;
    /** Matches an ordering by distance sorts in memory at most. */
    static final int MAX_DISTANCE_SORTED = 100_000;

    private final DataSource dataSource;
    private final PostgresTenants tenants;
    private final EntityRows rows;
    private final ObjectMapper json;

    public PostgresEntityFinder(DataSource dataSource, PostgresTenants tenants, ObjectMapper json) {
        this.dataSource = dataSource;
        this.tenants = tenants;
        this.rows = new EntityRows(json);
        this.json = json;
    }

    @Override
    public boolean tenantExists(String tenant) {
        return tenants.exists(tenant);
    }

    @Override
    public EntityQuery.Page find(String tenant, EntityQuery query) {
        QuerySql sql = new QuerySql(tenant, query);
        try (Connection connection = dataSource.getConnection()) {
            if (query.ordering() != null && query.ordering().distanceKey() != null && query.geo() == null) {
                return byDistance(connection, tenant, query, allMatches(connection, sql));
            }
            return query.geo() == null ? page(connection, sql, query) : geoPage(connection, sql, query);
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    @Override
    public List<Entity> lockMatching(EntityTransaction tx, EntityQuery query, String after, int limit) {
        JdbcUnitOfWork transaction = JdbcUnitOfWork.of(tx);
        QuerySql sql = new QuerySql(transaction.tenant(), query);
        List<Object> parameters = new ArrayList<>(sql.parameters);
        String continuation = "";
        if (after != null) {
            continuation = " AND e.id > ?";
            parameters.add(after);
        }
        parameters.add(limit);
        List<Entity> entities = new ArrayList<>();
        try (PreparedStatement select = prepare(transaction.connection(), SELECT + sql.where + continuation
                + " ORDER BY e.id LIMIT ? FOR UPDATE", parameters); ResultSet row = select.executeQuery()) {
            while (row.next()) {
                entities.add(rows.read(row));
            }
        } catch (SQLException e) {
            throw failure(e);
        }
        return entities;
    }

    /**
     * PostgreSQL's plan for the page and the count of a query (EXPLAIN, not run), so that operators
     * and tests can see which indexes answer it.
     *
     * @param withoutSequentialScans plan as if sequential scans were off: shows whether an index can answer
     */
    public String explain(String tenant, EntityQuery query, boolean withoutSequentialScans) {
        QuerySql sql = new QuerySql(tenant, query);
        StringBuilder plan = new StringBuilder();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                if (withoutSequentialScans) {
                    try (var statement = connection.createStatement()) {
                        statement.execute("SET LOCAL enable_seqscan = off");
                    }
                }
                if (query.geo() != null) {
                    QuerySql.Statement candidates = sql.geoCandidates(query.geo(), null, GEO_BATCH);
                    appendPlan(connection, "EXPLAIN " + candidates.sql(), candidates.parameters(), List.of(), plan);
                } else {
                    appendPlan(connection, "EXPLAIN " + SELECT + sql.where + " ORDER BY e.id LIMIT ? OFFSET ?",
                            sql.parameters, List.of(query.limit(), query.offset()), plan);
                    appendPlan(connection, "EXPLAIN SELECT count(*) FROM entities e WHERE " + sql.where, sql.parameters,
                            List.of(), plan);
                }
            } finally {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failure(e);
        }
        return plan.toString();
    }

    private static void appendPlan(Connection connection, String sql, List<Object> parameters, List<Object> more,
                                   StringBuilder plan) throws SQLException {
        try (PreparedStatement explain = prepare(connection, sql, parameters, more.toArray());
             ResultSet row = explain.executeQuery()) {
            while (row.next()) {
                plan.append(row.getString(1)).append('\n');
            }
        }
    }

    private EntityQuery.Page page(Connection connection, QuerySql sql, EntityQuery query) throws SQLException {
        List<Entity> entities = new ArrayList<>();
        if (query.limit() > 0) {
            try (PreparedStatement select = pageStatement(connection, sql, query); ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    entities.add(rows.readVisible(row));
                }
            }
        }
        Long total = null;
        if (query.count()) {
            try (PreparedStatement count = prepare(connection, "SELECT count(*) FROM entities e WHERE " + sql.where,
                    sql.parameters); ResultSet row = count.executeQuery()) {
                row.next();
                total = row.getLong(1);
            }
        }
        return new EntityQuery.Page(entities, total);
    }

    /**
     * When only ids and types filter, the page is found in the index on (tenant, id) that includes the
     * types, and only its entities are read: deep offsets then cost index entries, not rows.
     */
    private static PreparedStatement pageStatement(Connection connection, QuerySql sql, EntityQuery query)
            throws SQLException {
        if (query.ordering() != null) {
            QuerySql.Statement order = OrderSql.of(query.ordering());
            List<Object> parameters = new ArrayList<>(sql.parameters);
            parameters.addAll(order.parameters());
            return prepare(connection, SELECT + sql.where + order.sql() + " LIMIT ? OFFSET ?", parameters,
                    query.limit(), query.offset());
        }
        if (sql.onlyIdsAndTypes) {
            List<Object> parameters = new ArrayList<>();
            parameters.add(sql.parameters.get(0));
            parameters.addAll(sql.parameters);
            return prepare(connection, SELECT + "e.tenant = ? AND e.id IN (SELECT e.id FROM entities e WHERE " + sql.where
                    + " ORDER BY e.id LIMIT ? OFFSET ?) ORDER BY e.id", parameters, query.limit(), query.offset());
        }
        return prepare(connection, SELECT + sql.where + " ORDER BY e.id LIMIT ? OFFSET ?", sql.parameters,
                query.limit(), query.offset());
    }

    /**
     * Geo-queries in two steps: the candidates' GeoJSON values, kept beside their boxes, are tested
     * exactly (JTS), then only the page's entities are read. Candidates come in id order, in batches that
     * continue after the last id seen, so memory stays bounded and the usual case is one round trip.
     */
    private EntityQuery.Page geoPage(Connection connection, QuerySql sql, EntityQuery query) throws SQLException {
        GeoQuery geo = query.geo();
        // An order other than id order is applied by the database to all matches, so all are collected.
        boolean collectAll = query.ordering() != null;
        List<String> pageIds = new ArrayList<>();
        long matches = 0;
        String after = null;
        boolean more = true;
        while (more) {
            QuerySql.Statement candidates = sql.geoCandidates(geo, after, GEO_BATCH);
            int seen = 0;
            try (PreparedStatement select = prepare(connection, candidates.sql(), candidates.parameters());
                 ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    seen++;
                    after = row.getString(1);
                    if (!matchesGeo(row.getString(2), geo)) {
                        continue;
                    }
                    if (collectAll || matches >= query.offset() && pageIds.size() < query.limit()) {
                        pageIds.add(after);
                    }
                    matches++;
                    if (!collectAll && !query.count() && pageIds.size() == query.limit()) {
                        break;
                    }
                }
            }
            more = seen == GEO_BATCH && (query.count() || collectAll || pageIds.size() < query.limit());
        }
        if (collectAll && query.ordering().distanceKey() != null) {
            return byDistance(connection, sql.parameters.get(0).toString(), query, pageIds);
        }
        List<Entity> entities = new ArrayList<>();
        if (collectAll && !pageIds.isEmpty() && query.limit() > 0) {
            QuerySql.Statement order = OrderSql.of(query.ordering());
            List<Object> parameters = new ArrayList<>(List.of(sql.parameters.get(0), pageIds.toArray(String[]::new)));
            parameters.addAll(order.parameters());
            try (PreparedStatement select = prepare(connection, SELECT + "e.tenant = ? AND e.id = ANY (?)" + order.sql()
                    + " LIMIT ? OFFSET ?", parameters, query.limit(), query.offset());
                 ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    entities.add(rows.readVisible(row));
                }
            }
        } else if (!collectAll && !pageIds.isEmpty()) {
            try (PreparedStatement select = prepare(connection, SELECT + "e.tenant = ? AND e.id = ANY (?) ORDER BY e.id",
                    List.of(sql.parameters.get(0), pageIds.toArray(String[]::new)));
                 ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    entities.add(rows.readVisible(row));
                }
            }
        }
        return new EntityQuery.Page(entities, query.count() ? matches : null);
    }

    /** The ids of all matches of a query without geo-query, in id order; too many to sort in memory are 403. */
    private static List<String> allMatches(Connection connection, QuerySql sql) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (PreparedStatement select = prepare(connection, "SELECT e.id FROM entities e WHERE " + sql.where
                + " ORDER BY e.id LIMIT ?", sql.parameters, MAX_DISTANCE_SORTED + 1); ResultSet row = select.executeQuery()) {
            while (row.next()) {
                ids.add(row.getString(1));
            }
        }
        return ids;
    }

    /**
     * A page of the matches ordered by the geodesic distance of their GeoProperty from the ordering's geometry
     * (the nearest of its values), those without it last, ties by id. The distances are computed here, from
     * the GeoJSON values kept beside the bounding boxes, for all matches: at most {@value #MAX_DISTANCE_SORTED}.
     */
    private EntityQuery.Page byDistance(Connection connection, String tenant, EntityQuery query, List<String> matches)
            throws SQLException {
        if (matches.size() > MAX_DISTANCE_SORTED) {
            throw new NgsiLdException(be.belfort.model.ErrorType.TOO_MANY_RESULTS, "Ordering by distance sorts at most "
                    + MAX_DISTANCE_SORTED + " matches; narrow the query with type, q or a geo-query");
        }
        Ordering.Key key = query.ordering().distanceKey();
        String property = ((Ordering.Attribute) key.target()).path().attribute();
        org.locationtech.jts.geom.Geometry from = query.ordering().from();
        Map<String, Double> distances = new java.util.HashMap<>();
        if (!matches.isEmpty()) {
            try (PreparedStatement select = prepare(connection, "SELECT g.entity_id, g.geometries FROM entity_geometries g"
                    + " WHERE g.tenant = ? AND g.attribute = ? AND g.entity_id = ANY (?)",
                    List.of(tenant, property, matches.toArray(String[]::new))); ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    double nearest = Double.POSITIVE_INFINITY;
                    for (JsonNode value : json.readTree(row.getString(2))) {
                        nearest = Math.min(nearest, Geometries.geodesicDistance(Geometries.read(value), from));
                    }
                    distances.put(row.getString(1), nearest);
                }
            } catch (java.io.IOException e) {
                throw new IllegalStateException("Stored geometries are not JSON", e);
            }
        }
        List<String> sorted = new ArrayList<>(matches);
        sorted.sort((a, b) -> {
            boolean hasA = distances.containsKey(a);
            boolean hasB = distances.containsKey(b);
            if (hasA != hasB) {
                return hasA ? -1 : 1;
            }
            if (hasA) {
                int compared = Double.compare(distances.get(a), distances.get(b));
                if (compared != 0) {
                    return key.descending() ? -compared : compared;
                }
            }
            return a.compareTo(b);
        });
        List<String> page = sorted.subList(Math.min(query.offset(), sorted.size()),
                Math.min(sorted.size(), query.offset() + query.limit()));
        Map<String, Entity> entities = new java.util.HashMap<>();
        if (!page.isEmpty()) {
            try (PreparedStatement select = prepare(connection, SELECT + "e.tenant = ? AND e.id = ANY (?)",
                    List.of(tenant, page.toArray(String[]::new))); ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    Entity entity = rows.readVisible(row);
                    entities.put(entity.id(), entity);
                }
            }
        }
        List<Entity> ordered = page.stream().map(entities::get).filter(java.util.Objects::nonNull).toList();
        return new EntityQuery.Page(ordered, query.count() ? (long) matches.size() : null);
    }

    /** Whether any of the GeoJSON values (a JSON array) matches. */
    private boolean matchesGeo(String values, GeoQuery geo) {
        try {
            for (JsonNode value : json.readTree(values)) {
                if (geo.matches(value)) {
                    return true;
                }
            }
            return false;
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Stored geometries are not JSON", e);
        }
    }

    @Override
    public List<String> typeNames(String tenant) {
        return strings("SELECT DISTINCT t FROM entities e, unnest(e.types) t WHERE e.tenant = ? AND "
                + EntityRows.NOT_EXPIRED + " ORDER BY t", tenant);
    }

    @Override
    public List<String> attributeNames(String tenant) {
        return strings("SELECT DISTINCT a FROM entities e, jsonb_object_keys(" + EntityRows.LIVE_ATTRS + ") a"
                + " WHERE e.tenant = ? AND "
                + EntityRows.NOT_EXPIRED + " ORDER BY a",
                tenant);
    }

    @Override
    public List<TypeInfo> types(String tenant, String onlyType) {
        String filter = " AND " + EntityRows.NOT_EXPIRED + (onlyType == null ? "" : " AND e.types @> ?");
        Map<String, Long> counts = new TreeMap<>();
        Map<String, Map<String, Set<String>>> attributes = new LinkedHashMap<>();
        try (Connection connection = dataSource.getConnection()) {
            List<Object> parameters = onlyType == null ? List.of(tenant) : List.of(tenant, new String[] {onlyType});
            try (PreparedStatement select = prepare(connection, "SELECT t, count(*) FROM entities e, unnest(e.types) t"
                    + " WHERE e.tenant = ?" + filter + " GROUP BY t", parameters); ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    counts.put(row.getString(1), row.getLong(2));
                }
            }
            try (PreparedStatement select = prepare(connection, "SELECT t, a.key, i ->> 'type'"
                    + " FROM entities e, unnest(e.types) t, jsonb_each(" + EntityRows.LIVE_ATTRS + ") a,"
                    + " jsonb_array_elements(a.value) i"
                    + " WHERE e.tenant = ?" + filter + " GROUP BY 1, 2, 3", parameters);
                 ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    attributes.computeIfAbsent(row.getString(1), type -> new TreeMap<>())
                            .computeIfAbsent(row.getString(2), name -> new TreeSet<>()).add(row.getString(3));
                }
            }
        } catch (SQLException e) {
            throw failure(e);
        }
        List<TypeInfo> types = new ArrayList<>();
        counts.forEach((type, count) -> {
            if (onlyType == null || onlyType.equals(type)) {
                types.add(new TypeInfo(type, count, attributes.getOrDefault(type, Map.of())));
            }
        });
        return types;
    }

    @Override
    public List<AttributeInfo> attributes(String tenant, String onlyAttribute, ReadScope readable) {
        // Counted over the entities the reader may see, leaving out attributes hidden from it in them.
        List<Object> parameters = new ArrayList<>();
        StringBuilder entityTypesOf = new StringBuilder("(SELECT array_agg(DISTINCT t) FROM entities x, unnest(x.types) t"
                + " WHERE x.tenant = e.tenant AND jsonb_exists(x.attrs, a.key)"
                + " AND (x.expires_at IS NULL OR x.expires_at > now())");
        QuerySql.readable(readable, "x.types", entityTypesOf, parameters);
        QuerySql.visibleAttribute(readable, "x.types", "a.key", entityTypesOf, parameters);
        StringBuilder sql = new StringBuilder("SELECT a.key, count(DISTINCT e.id), array_agg(DISTINCT i ->> 'type'), ")
                .append(entityTypesOf).append(")")
                .append(" FROM entities e, jsonb_each(" + EntityRows.LIVE_ATTRS + ") a,"
                        + " jsonb_array_elements(a.value) i WHERE e.tenant = ? AND ")
                .append(EntityRows.NOT_EXPIRED);
        parameters.add(tenant);
        if (onlyAttribute != null) {
            sql.append(" AND a.key = ?");
            parameters.add(onlyAttribute);
        }
        QuerySql.readable(readable, "e.types", sql, parameters);
        QuerySql.visibleAttribute(readable, "e.types", "a.key", sql, parameters);
        sql.append(" GROUP BY e.tenant, a.key");
        Map<String, Long> counts = new TreeMap<>();
        Map<String, Set<String>> attributeTypes = new LinkedHashMap<>();
        Map<String, Set<String>> entityTypes = new LinkedHashMap<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = prepare(connection, sql.toString(), parameters);
             ResultSet row = select.executeQuery()) {
            while (row.next()) {
                String attribute = row.getString(1);
                counts.put(attribute, row.getLong(2));
                attributeTypes.put(attribute, new TreeSet<>(List.of((String[]) row.getArray(3).getArray())));
                entityTypes.put(attribute, new TreeSet<>(List.of((String[]) row.getArray(4).getArray())));
            }
        } catch (SQLException e) {
            throw failure(e);
        }
        List<AttributeInfo> attributes = new ArrayList<>();
        counts.forEach((name, count) -> attributes.add(
                new AttributeInfo(name, count, attributeTypes.get(name), entityTypes.get(name))));
        return attributes;
    }

    private List<String> strings(String sql, String tenant) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = prepare(connection, sql, List.of(tenant));
             ResultSet row = select.executeQuery()) {
            List<String> values = new ArrayList<>();
            while (row.next()) {
                values.add(row.getString(1));
            }
            return values;
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** A statement planned for its actual values at every execution ({@link Parameters#plannedForValues}). */
    private static PreparedStatement prepare(Connection connection, String sql, List<Object> parameters,
                                             Object... more) throws SQLException {
        List<Object> all = new ArrayList<>(parameters);
        all.addAll(List.of(more));
        return Parameters.plannedForValues(connection, sql, all);
    }

    /** Errors the request caused (a regular expression PostgreSQL refuses) are 400; anything else is ours. */
    private static NgsiLdException failure(SQLException e) {
        String state = e.getSQLState();
        if ("2201B".equals(state)) {
            return NgsiLdException.badData("A regular expression in the query is not valid for the database: "
                    + firstLine(e.getMessage()));
        }
        if (state != null && state.startsWith("22")) {
            return NgsiLdException.badData("The query cannot be evaluated: " + firstLine(e.getMessage()));
        }
        return SqlFailures.translate(e);
    }

    private static String firstLine(String message) {
        String line = message == null ? "" : message.lines().findFirst().orElse("");
        return line.replaceFirst("^ERROR: ", "");
    }
}
