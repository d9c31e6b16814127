package be.belfort.storage;

import be.belfort.model.Entity;
import be.belfort.model.History;
import be.belfort.model.Members;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The columns of many history rows, gathered as arrays for one {@code unnest} insert. */
public final class HistoryRows {
    private final EntityRows rows;
    private final List<String> entityIds = new ArrayList<>();
    private final List<String> attributes = new ArrayList<>();
    private final List<UUID> instanceIds = new ArrayList<>();
    private final List<String> datasetIds = new ArrayList<>();
    private final List<Timestamp> observedAts = new ArrayList<>();
    private final List<Timestamp> modifiedAts = new ArrayList<>();
    private final List<Double> numbers = new ArrayList<>();
    private final List<String> instances = new ArrayList<>();

    public HistoryRows(EntityRows rows) {
        this.rows = rows;
    }

    public void add(Entity entity, History.Written written) {
        add(entity.id(), written.attribute(), written.instance(), entity.modifiedAt());
    }

    /** One instance of an entity's attribute, recorded at {@code modifiedAt}. */
    public void add(String entityId, String attribute, ObjectNode instance, java.time.Instant modifiedAt) {
        entityIds.add(entityId);
        attributes.add(attribute);
        instanceIds.add(UUID.randomUUID());
        datasetIds.add(datasetId(instance));
        observedAts.add(observedAt(instance));
        modifiedAts.add(Timestamp.from(modifiedAt));
        numbers.add(number(instance));
        instances.add(rows.instanceJson(instance));
    }

    /** The columns a history row keeps apart from the instance JSON, so queries need not parse it. */
    public static String datasetId(ObjectNode instance) {
        return instance.path(Members.DATASET_ID).asText(null);
    }

    public static Timestamp observedAt(ObjectNode instance) {
        JsonNode observedAt = instance.get(Members.OBSERVED_AT);
        return observedAt == null ? null : Timestamp.from(OffsetDateTime.parse(observedAt.asText()).toInstant());
    }

    public static Double number(ObjectNode instance) {
        JsonNode value = instance.get(Members.VALUE);
        return value != null && value.isNumber() ? value.asDouble() : null;
    }

    public boolean isEmpty() {
        return entityIds.isEmpty();
    }

    /**
     * The insert of all gathered rows of a tenant, as one statement over arrays; its parameters are those
     * {@link #bind} sets. It may follow a data-modifying {@code WITH} (the entities' rewrite), so that a write
     * costs one round trip for both.
     */
    public static final String INSERT = "INSERT INTO attribute_instances (tenant, entity_id, entity_key, attribute,"
            + " instance_id, dataset_id, observed_at, modified_at, number_value, instance)"
            + " SELECT ?, u.entity_id, hashtextextended(? || '/' || u.entity_id, 0), u.attribute,"
            + " u.instance_id, u.dataset_id, u.observed_at, u.modified_at, u.number_value, u.instance"
            + " FROM ROWS FROM (unnest(?::text[]), unnest(?::text[]), unnest(?::uuid[]), unnest(?::text[]),"
            + " unnest(?::timestamptz[]), unnest(?::timestamptz[]), unnest(?::float8[]), jsonb_array_elements(?::jsonb))"
            + " AS u (entity_id, attribute, instance_id, dataset_id, observed_at, modified_at, number_value, instance)";

    /** Inserts all gathered rows of the tenant in one statement, on the caller's connection and transaction. */
    public void insert(Connection connection, String tenant) throws SQLException {
        if (isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            bind(connection, insert, 1, tenant);
            insert.executeUpdate();
        }
    }

    /** Sets the ten parameters of {@link #INSERT} from parameter {@code first} on. */
    public void bind(Connection connection, PreparedStatement insert, int first, String tenant) throws SQLException {
        insert.setString(first, tenant);
        insert.setString(first + 1, tenant);
        bindArrays(connection, insert, first + 2);
    }

    /** Binds the eight columns from parameter {@code first} on: seven arrays and the instances as one JSON array. */
    private void bindArrays(Connection connection, PreparedStatement insert, int first) throws SQLException {
        insert.setArray(first, connection.createArrayOf("text", entityIds.toArray()));
        insert.setArray(first + 1, connection.createArrayOf("text", attributes.toArray()));
        insert.setArray(first + 2, connection.createArrayOf("uuid", instanceIds.toArray()));
        insert.setArray(first + 3, connection.createArrayOf("text", datasetIds.toArray()));
        insert.setArray(first + 4, connection.createArrayOf("timestamptz", observedAts.toArray()));
        insert.setArray(first + 5, connection.createArrayOf("timestamptz", modifiedAts.toArray()));
        insert.setArray(first + 6, connection.createArrayOf("float8", numbers.toArray()));
        insert.setString(first + 7, JsonTexts.array(instances));
    }
}
