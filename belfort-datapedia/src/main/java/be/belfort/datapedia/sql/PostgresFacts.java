package be.belfort.datapedia.sql;

import be.belfort.datapedia.FactsReader;
import be.belfort.datapedia.Need;
import be.belfort.datapedia.PlatformFacts;

import javax.sql.DataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A type's figures in a city, aggregated by PostgreSQL where the entities and their history are: one pass over the
 * type's entities (counts, required attributes, the newest observation of each), one index probe per series of
 * those entities for the oldest observation of the type, and the geometry index for an area. Reads only.
 */
public final class PostgresFacts implements FactsReader {
    static final int STALE_SAMPLE = 10;
    /** The most entities of a type and city whose history is probed for its depth. */
    static final int DEPTH_SAMPLE = 1_000;

    private final DataSource dataSource;

    public PostgresFacts(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public PlatformFacts facts(String tenant, String type, Map<String, String> required, List<String> schemaRequired,
                               Instant staleBefore, Need.Area area) {
        try (Connection connection = dataSource.getConnection()) {
            PlatformFacts counted = counts(connection, tenant, type, required, schemaRequired, staleBefore);
            if (counted.entities() == 0) {
                return PlatformFacts.NONE;
            }
            return new PlatformFacts(counted.entities(), counted.complete(), counted.missing(), counted.schemaComplete(),
                    counted.newest(), counted.stale(), counted.staleSample(),
                    oldestHistory(connection, tenant, type, List.copyOf(required.values())),
                    area == null ? null : inArea(connection, tenant, type, area));
        } catch (SQLException e) {
            throw new IllegalStateException("Reading the figures of " + type + " in " + tenant + " failed", e);
        }
    }

    private static PlatformFacts counts(Connection connection, String tenant, String type, Map<String, String> required,
                                        List<String> schemaRequired, Instant staleBefore) throws SQLException {
        StringBuilder missingColumns = new StringBuilder();
        for (int i = 0; i < required.size(); i++) {
            missingColumns.append(", count(*) FILTER (WHERE NOT jsonb_exists(attrs, ?))");
        }
        String sql = "WITH typed AS (SELECT e.id, e.attrs, coalesce((SELECT max((v #>> '{}')::timestamptz)"
                + " FROM jsonb_path_query(e.attrs, '$.*[*].observedAt') v), e.modified_at) AS newest"
                + " FROM entities e WHERE e.tenant = ? AND e.types @> ARRAY[?]::text[])"
                + " SELECT count(*), count(*) FILTER (WHERE jsonb_exists_all(attrs, ?)),"
                + " count(*) FILTER (WHERE jsonb_exists_all(attrs, ?)), max(newest),"
                + " count(*) FILTER (WHERE newest < ?),"
                + " (array_agg(id ORDER BY newest, id) FILTER (WHERE newest < ?))[1:" + STALE_SAMPLE + "]"
                + missingColumns + " FROM typed";
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            int at = 1;
            select.setString(at++, tenant);
            select.setString(at++, type);
            select.setArray(at++, connection.createArrayOf("text", required.values().toArray()));
            select.setArray(at++, connection.createArrayOf("text", schemaRequired.toArray()));
            Timestamp before = staleBefore == null ? null : Timestamp.from(staleBefore);
            select.setTimestamp(at++, before);
            select.setTimestamp(at++, before);
            for (String iri : required.values()) {
                select.setString(at++, iri);
            }
            try (ResultSet row = select.executeQuery()) {
                row.next();
                Map<String, Long> missing = new LinkedHashMap<>();
                int column = 7;
                for (String name : required.keySet()) {
                    missing.put(name, row.getLong(column++));
                }
                Timestamp newest = row.getTimestamp(4);
                Array stale = row.getArray(6);
                List<String> staleIds = stale == null ? List.of() : Arrays.asList((String[]) stale.getArray());
                return new PlatformFacts(row.getLong(1), row.getLong(2), missing, row.getLong(3),
                        newest == null ? null : newest.toInstant(), row.getLong(5), staleIds, null, null);
            }
        }
    }

    /**
     * The oldest observation of the type: the first entry of every series (entity and attribute) of its entities, each
     * read from the series index (entity, attribute, observedAt) with LIMIT 1, so the cost grows with the number of
     * series, never with the length of the history. The series are those of the attributes the need asks for (the
     * history it needs), or of every attribute when it asks for none. A city with more than {@link #DEPTH_SAMPLE}
     * entities of the type is measured on that many of them, spread over the type by a hash of their ids: the
     * depth of a dataset is a matter of months, and its entities mostly started together.
     */
    static Instant oldestHistory(Connection connection, String tenant, String type, List<String> attributes)
            throws SQLException {
        String series = attributes.isEmpty() ? " CROSS JOIN LATERAL jsonb_object_keys(e.attrs) AS attribute(name)"
                : " CROSS JOIN LATERAL (SELECT n.name FROM unnest(?::text[]) AS n(name) WHERE jsonb_exists(e.attrs, n.name))"
                + " AS attribute(name)";
        String sql = "SELECT min(first.observed_at) FROM (SELECT tenant, id, attrs FROM entities"
                + " WHERE tenant = ? AND types @> ARRAY[?]::text[] ORDER BY hashtext(id) LIMIT " + DEPTH_SAMPLE + ") e"
                + series
                + " CROSS JOIN LATERAL (SELECT a.observed_at FROM attribute_instances a"
                + " WHERE a.entity_key = hashtextextended(e.tenant || '/' || e.id, 0) AND a.attribute_key = hashtext(attribute.name)"
                + " AND a.tenant = e.tenant AND a.entity_id = e.id AND a.attribute = attribute.name"
                + " AND a.observed_at IS NOT NULL ORDER BY a.observed_at LIMIT 1) first";
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, tenant);
            select.setString(2, type);
            if (!attributes.isEmpty()) {
                select.setArray(3, connection.createArrayOf("text", attributes.toArray()));
            }
            try (ResultSet row = select.executeQuery()) {
                row.next();
                Timestamp oldest = row.getTimestamp(1);
                return oldest == null ? null : oldest.toInstant();
            }
        }
    }

    /** Entities whose location's box meets the area (the geometry index's boxes: a generous, fast answer). */
    private static long inArea(Connection connection, String tenant, String type, Need.Area area) throws SQLException {
        String sql = "SELECT count(DISTINCT g.entity_id) FROM entity_geometries g WHERE g.tenant = ?"
                + " AND g.types @> ARRAY[?]::text[] AND g.bbox && box(point(?, ?), point(?, ?))";
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, tenant);
            select.setString(2, type);
            select.setDouble(3, area.west());
            select.setDouble(4, area.south());
            select.setDouble(5, area.east());
            select.setDouble(6, area.north());
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

}
