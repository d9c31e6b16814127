package be.belfort.federation.sql;

import be.belfort.federation.EntityMap;
import be.belfort.federation.EntityMapStore;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Entity maps in {@code entity_maps}, one row per map, its entities as a JSON array in page order. */
public final class PostgresEntityMapStore implements EntityMapStore {
    private final DataSource dataSource;
    private final ObjectMapper json;

    public PostgresEntityMapStore(DataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    @Override
    public void insert(EntityMap map) {
        execute("INSERT INTO entity_maps (tenant, id, reader, expires_at, entries, linked_maps)"
                + " VALUES (?, ?, ?, ?, ?::jsonb, ?::jsonb)", map.tenant(), map.id(), map.reader(),
                Timestamp.from(map.expiresAt()), entries(map), linkedMaps(map));
    }

    @Override
    public EntityMap find(String tenant, String id) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT reader, expires_at, entries, linked_maps"
                     + " FROM entity_maps WHERE tenant = ? AND id = ?")) {
            select.setString(1, tenant);
            select.setString(2, id);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return null;
                }
                return new EntityMap(id, tenant, row.getString(1), row.getTimestamp(2).toInstant(),
                        entries(json.readTree(row.getString(3))), linkedMaps(json.readTree(row.getString(4))));
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("Reading entity map " + id + " failed", e);
        }
    }

    @Override
    public boolean update(EntityMap map) {
        return execute("UPDATE entity_maps SET expires_at = ?, entries = ?::jsonb WHERE tenant = ? AND id = ?",
                Timestamp.from(map.expiresAt()), entries(map), map.tenant(), map.id()) > 0;
    }

    @Override
    public boolean delete(String tenant, String id) {
        return execute("DELETE FROM entity_maps WHERE tenant = ? AND id = ?", tenant, id) > 0;
    }

    @Override
    public int deleteExpired(Instant now) {
        return execute("DELETE FROM entity_maps WHERE expires_at <= ?", Timestamp.from(now));
    }

    private int execute(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Writing entity maps failed", e);
        }
    }

    private String entries(EntityMap map) {
        ArrayNode entries = json.createArrayNode();
        for (EntityMap.Entry entry : map.entries()) {
            ArrayNode places = json.createArrayNode();
            entry.sources().forEach(places::add);
            entries.addArray().add(entry.entityId()).add(places);
        }
        return entries.toString();
    }

    private String linkedMaps(EntityMap map) {
        ObjectNode linked = json.createObjectNode();
        map.linkedMaps().forEach(linked::put);
        return linked.toString();
    }

    private static List<EntityMap.Entry> entries(JsonNode stored) {
        List<EntityMap.Entry> entries = new ArrayList<>(stored.size());
        for (JsonNode entry : stored) {
            List<String> places = new ArrayList<>();
            entry.get(1).forEach(place -> places.add(place.asText()));
            entries.add(new EntityMap.Entry(entry.get(0).asText(), places));
        }
        return entries;
    }

    private static Map<String, String> linkedMaps(JsonNode stored) {
        Map<String, String> linked = new LinkedHashMap<>();
        stored.fields().forEachRemaining(field -> linked.put(field.getKey(), field.getValue().asText()));
        return linked;
    }
}
