package be.belfort.storage;

import be.belfort.model.Entity;
import be.belfort.model.History;
import be.belfort.model.Members;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Converts between entity rows and domain entities. */
final class EntityRows {
    static final String COLUMNS = "id, types, scopes, attrs, created_at, modified_at";

    private final ObjectMapper json;

    EntityRows(ObjectMapper json) {
        this.json = json;
    }

    Entity read(ResultSet row) throws SQLException {
        Map<String, List<ObjectNode>> attributes = new LinkedHashMap<>();
        try {
            JsonNode attrs = json.readTree(row.getString("attrs"));
            attrs.properties().forEach(entry -> {
                List<ObjectNode> instances = new ArrayList<>(entry.getValue().size());
                entry.getValue().forEach(instance -> instances.add((ObjectNode) instance));
                attributes.put(entry.getKey(), instances);
            });
        } catch (JsonProcessingException e) {
            throw new SQLException("Stored attributes are not JSON", e);
        }
        return new Entity(row.getString("id"), strings(row.getArray("types")), nullableStrings(row.getArray("scopes")),
                row.getTimestamp("created_at").toInstant(), row.getTimestamp("modified_at").toInstant(), attributes);
    }

    String attributesJson(Entity entity) {
        ObjectNode attrs = json.createObjectNode();
        entity.attributes().forEach((name, instances) -> attrs.set(name, json.valueToTree(instances)));
        try {
            return json.writeValueAsString(attrs);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Attributes cannot be written as JSON", e);
        }
    }

    /** Binds one history row: tenant, entity, attribute, a new instance id, and the instance's times and value. */
    void bindHistory(PreparedStatement insert, String tenant, Entity entity, History.Written written) throws SQLException {
        ObjectNode instance = written.instance();
        insert.setString(1, tenant);
        insert.setString(2, entity.id());
        insert.setString(3, written.attribute());
        insert.setObject(4, UUID.randomUUID());
        insert.setString(5, instance.path(Members.DATASET_ID).asText(null));
        JsonNode observedAt = instance.get(Members.OBSERVED_AT);
        insert.setTimestamp(6, observedAt == null ? null : Timestamp.from(OffsetDateTime.parse(observedAt.asText()).toInstant()));
        insert.setTimestamp(7, Timestamp.from(entity.modifiedAt()));
        JsonNode value = instance.get(Members.VALUE);
        if (value != null && value.isNumber()) {
            insert.setDouble(8, value.asDouble());
        } else {
            insert.setNull(8, Types.DOUBLE);
        }
        try {
            insert.setString(9, json.writeValueAsString(instance));
        } catch (JsonProcessingException e) {
            throw new SQLException("An instance cannot be written as JSON", e);
        }
    }

    static Array textArray(Connection connection, List<String> values) throws SQLException {
        return values == null ? null : connection.createArrayOf("text", values.toArray());
    }

    static Timestamp timestamp(java.time.Instant instant) {
        return Timestamp.from(instant);
    }

    private static List<String> strings(Array array) throws SQLException {
        return Arrays.asList((String[]) array.getArray());
    }

    private static List<String> nullableStrings(Array array) throws SQLException {
        return array == null ? null : strings(array);
    }
}
