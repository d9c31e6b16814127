package be.belfort.storage;

import be.belfort.model.Entity;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Converts between entity rows and domain entities. */
public final class EntityRows {
    public static final String COLUMNS = "id, types, scopes, attrs, created_at, modified_at, expires_at";
    /** The condition that keeps expired transient entities out of every read, on {@code entities e}. */
    public static final String NOT_EXPIRED = "(e.expires_at IS NULL OR e.expires_at > now())";
    /**
     * The attributes of {@code entities e} as reads see them: without expired instances (v1.9). Only an entity
     * whose earliest attribute expiry has passed pays for the rewrite; no index reads attrs, so none is lost.
     */
    public static final String LIVE_ATTRS = liveAttrs("e");

    /** {@link #LIVE_ATTRS} of the entities row under another alias. */
    public static String liveAttrs(String alias) {
        return "(CASE WHEN " + alias + ".attrs_expire_at <= now() THEN live_attributes(" + alias + ".attrs)"
                + " ELSE " + alias + ".attrs END)";
    }

    /** {@link #NOT_EXPIRED} of the entities row under another alias. */
    public static String notExpired(String alias) {
        return "(" + alias + ".expires_at IS NULL OR " + alias + ".expires_at > now())";
    }

    private final ObjectMapper json;

    public EntityRows(ObjectMapper json) {
        this.json = json;
    }

    public Entity read(ResultSet row) throws SQLException {
        return entity(row(row));
    }

    /** The row as it was read, attributes not parsed yet. */
    public EntityRow row(ResultSet row) throws SQLException {
        java.sql.Timestamp expiresAt = row.getTimestamp("expires_at");
        return new EntityRow(row.getString("id"), strings(row.getArray("types")), nullableStrings(row.getArray("scopes")),
                row.getString("attrs"), row.getTimestamp("created_at").toInstant(),
                row.getTimestamp("modified_at").toInstant(), expiresAt == null ? null : expiresAt.toInstant());
    }

    /** A new entity of its own from the row. */
    public Entity entity(EntityRow row) throws SQLException {
        Map<String, List<ObjectNode>> attributes = new LinkedHashMap<>();
        try {
            JsonNode attrs = json.readTree(row.attributesJson());
            attrs.properties().forEach(entry -> {
                List<ObjectNode> instances = new ArrayList<>(entry.getValue().size());
                entry.getValue().forEach(instance -> instances.add((ObjectNode) instance));
                attributes.put(entry.getKey(), instances);
            });
        } catch (JsonProcessingException e) {
            throw new SQLException("Stored attributes are not JSON", e);
        }
        Entity entity = new Entity(row.id(), row.types(), row.scopes(), row.createdAt(), row.modifiedAt(), attributes);
        entity.setExpiresAt(row.expiresAt());
        return entity;
    }

    /** The entity of the row as a read shows it: without its expired attribute instances (v1.9). */
    public Entity visible(EntityRow row, java.time.Instant now) throws SQLException {
        return be.belfort.model.AttributeExpiry.hideExpired(entity(row), now);
    }

    /** The entity as a read shows it: without its expired attribute instances (v1.9), which the job deletes later. */
    public Entity readVisible(ResultSet row) throws SQLException {
        return visible(row(row), java.time.Instant.now());
    }

    /** The earliest expiry of the entity's attribute instances, for the attrs_expire_at column. */
    public static Timestamp attributesExpireAt(Entity entity) {
        java.time.Instant earliest = be.belfort.model.AttributeExpiry.earliest(entity);
        return earliest == null ? null : timestamp(earliest);
    }

    /** The attributes as the JSON object the row stores, written straight from the entity's instances. */
    public String attributesJson(Entity entity) {
        StringWriter text = new StringWriter(256 * (1 + entity.attributes().size()));
        try (JsonGenerator out = generator(text)) {
            out.writeStartObject();
            for (Map.Entry<String, List<ObjectNode>> attribute : entity.attributes().entrySet()) {
                out.writeArrayFieldStart(attribute.getKey());
                for (ObjectNode instance : attribute.getValue()) {
                    json.writeTree(out, instance);
                }
                out.writeEndArray();
            }
            out.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("Attributes cannot be written as JSON", e);
        }
        return text.toString();
    }

    /** A generator of JSON text into {@code text}, as this platform writes JSON. */
    public JsonGenerator generator(Writer text) {
        try {
            return json.createGenerator(text);
        } catch (IOException e) {
            throw new IllegalStateException("No JSON generator", e);
        }
    }

    /** Writes an attribute instance as the rows store it. */
    public void writeInstance(JsonGenerator out, ObjectNode instance) throws IOException {
        json.writeTree(out, instance);
    }

    public String instanceJson(ObjectNode instance) {
        try {
            return json.writeValueAsString(instance);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("An instance cannot be written as JSON", e);
        }
    }

    /** A PostgreSQL array literal of strings, every element quoted, for passing arrays inside arrays. */
    public static String arrayLiteral(List<String> values) {
        StringBuilder literal = new StringBuilder("{");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                literal.append(',');
            }
            literal.append('"').append(values.get(i).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return literal.append('}').toString();
    }

    public static Array textArray(Connection connection, List<String> values) throws SQLException {
        return values == null ? null : connection.createArrayOf("text", values.toArray());
    }

    public static Timestamp timestamp(java.time.Instant instant) {
        return Timestamp.from(instant);
    }

    private static List<String> strings(Array array) throws SQLException {
        return Arrays.asList((String[]) array.getArray());
    }

    private static List<String> nullableStrings(Array array) throws SQLException {
        return array == null ? null : strings(array);
    }
}
