package be.belfort.storage;

import be.belfort.model.Entity;
import be.belfort.model.NgsiLdException;
import be.belfort.query.EntityFinder;
import be.belfort.query.EntityQuery;
import be.belfort.query.GeoQuery;
import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Queries and discovery on PostgreSQL. Without a geo-query one statement pages and one counts; with
 * one, the index gives candidates in id order and the exact geometry test picks the page from them.
 */
public final class PostgresEntityFinder implements EntityFinder {
    private static final String SELECT = "SELECT " + EntityRows.COLUMNS + " FROM entities e WHERE ";
    private static final int GEO_FETCH_SIZE = 200;

    private final DataSource dataSource;
    private final EntityRows rows;

    public PostgresEntityFinder(DataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.rows = new EntityRows(json);
    }

    @Override
    public EntityQuery.Page find(String tenant, EntityQuery query) {
        QuerySql sql = new QuerySql(tenant, query);
        try (Connection connection = dataSource.getConnection()) {
            return query.geo() == null ? page(connection, sql, query) : geoPage(connection, sql, query);
        } catch (SQLException e) {
            throw failure(e);
        }
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
                String page = SELECT + sql.where + " ORDER BY e.id" + (query.geo() == null ? " LIMIT ? OFFSET ?" : "");
                List<Object> more = query.geo() == null ? List.of(query.limit(), query.offset()) : List.of();
                appendPlan(connection, "EXPLAIN " + page, sql.parameters, more, plan);
                appendPlan(connection, "EXPLAIN SELECT count(*) FROM entities e WHERE " + sql.where, sql.parameters,
                        List.of(), plan);
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
            try (PreparedStatement select = prepare(connection, SELECT + sql.where + " ORDER BY e.id LIMIT ? OFFSET ?",
                    sql.parameters, query.limit(), query.offset()); ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    entities.add(rows.read(row));
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

    private EntityQuery.Page geoPage(Connection connection, QuerySql sql, EntityQuery query) throws SQLException {
        GeoQuery geo = query.geo();
        List<Entity> entities = new ArrayList<>();
        long matches = 0;
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false); // a cursor, so candidates stream instead of all being loaded
        try (PreparedStatement select = prepare(connection, SELECT + sql.where + " ORDER BY e.id", sql.parameters)) {
            select.setFetchSize(GEO_FETCH_SIZE);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    Entity entity = rows.read(row);
                    if (!matchesGeo(entity, geo)) {
                        continue;
                    }
                    if (matches >= query.offset() && entities.size() < query.limit()) {
                        entities.add(entity);
                    }
                    matches++;
                    if (!query.count() && entities.size() == query.limit() && matches >= query.offset() + query.limit()) {
                        break;
                    }
                }
            }
        } finally {
            connection.rollback();
            connection.setAutoCommit(autoCommit);
        }
        return new EntityQuery.Page(entities, query.count() ? matches : null);
    }

    private static boolean matchesGeo(Entity entity, GeoQuery geo) {
        List<ObjectNode> instances = entity.attributes().get(geo.geoproperty());
        if (instances == null) {
            return false;
        }
        for (ObjectNode instance : instances) {
            JsonNode value = instance.get("value");
            if ("GeoProperty".equals(instance.path("type").asText()) && value != null && geo.matches(value)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public List<String> typeNames(String tenant) {
        return strings("SELECT DISTINCT t FROM entities e, unnest(e.types) t WHERE e.tenant = ? ORDER BY t", tenant);
    }

    @Override
    public List<String> attributeNames(String tenant) {
        return strings("SELECT DISTINCT a FROM entities e, jsonb_object_keys(e.attrs) a WHERE e.tenant = ? ORDER BY a",
                tenant);
    }

    @Override
    public List<TypeInfo> types(String tenant, String onlyType) {
        String filter = onlyType == null ? "" : " AND e.types @> ?";
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
                    + " FROM entities e, unnest(e.types) t, jsonb_each(e.attrs) a, jsonb_array_elements(a.value) i"
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
    public List<AttributeInfo> attributes(String tenant, String onlyAttribute) {
        String filter = onlyAttribute == null ? "" : " AND a.key = ?";
        List<Object> parameters = onlyAttribute == null ? List.of(tenant) : List.of(tenant, onlyAttribute);
        Map<String, Long> counts = new TreeMap<>();
        Map<String, Set<String>> attributeTypes = new LinkedHashMap<>();
        Map<String, Set<String>> entityTypes = new LinkedHashMap<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = prepare(connection, "SELECT a.key, count(DISTINCT e.id),"
                     + " array_agg(DISTINCT i ->> 'type'), (SELECT array_agg(DISTINCT t) FROM entities x, unnest(x.types) t"
                     + " WHERE x.tenant = e.tenant AND jsonb_exists(x.attrs, a.key))"
                     + " FROM entities e, jsonb_each(e.attrs) a, jsonb_array_elements(a.value) i"
                     + " WHERE e.tenant = ?" + filter + " GROUP BY e.tenant, a.key", parameters);
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

    private static PreparedStatement prepare(Connection connection, String sql, List<Object> parameters,
                                             Object... more) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        List<Object> all = new ArrayList<>(parameters);
        all.addAll(List.of(more));
        Parameters.bind(connection, statement, all);
        return statement;
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
        return PostgresEntityStore.storageFailure(e);
    }

    private static String firstLine(String message) {
        String line = message == null ? "" : message.lines().findFirst().orElse("");
        return line.replaceFirst("^ERROR: ", "");
    }
}
