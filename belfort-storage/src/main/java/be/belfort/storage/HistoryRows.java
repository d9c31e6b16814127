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
final class HistoryRows {
    private final EntityRows rows;
    private final List<String> entityIds = new ArrayList<>();
    private final List<String> attributes = new ArrayList<>();
    private final List<UUID> instanceIds = new ArrayList<>();
    private final List<String> datasetIds = new ArrayList<>();
    private final List<Timestamp> observedAts = new ArrayList<>();
    private final List<Timestamp> modifiedAts = new ArrayList<>();
    private final List<Double> numbers = new ArrayList<>();
    private final List<String> instances = new ArrayList<>();

    HistoryRows(EntityRows rows) {
        this.rows = rows;
    }

    void add(Entity entity, History.Written written) {
        ObjectNode instance = written.instance();
        entityIds.add(entity.id());
        attributes.add(written.attribute());
        instanceIds.add(UUID.randomUUID());
        datasetIds.add(instance.path(Members.DATASET_ID).asText(null));
        JsonNode observedAt = instance.get(Members.OBSERVED_AT);
        observedAts.add(observedAt == null ? null : Timestamp.from(OffsetDateTime.parse(observedAt.asText()).toInstant()));
        modifiedAts.add(Timestamp.from(entity.modifiedAt()));
        JsonNode value = instance.get(Members.VALUE);
        numbers.add(value != null && value.isNumber() ? value.asDouble() : null);
        instances.add(rows.instanceJson(instance));
    }

    boolean isEmpty() {
        return entityIds.isEmpty();
    }

    /** Binds the eight arrays from parameter {@code first} on. */
    void bind(Connection connection, PreparedStatement insert, int first) throws SQLException {
        insert.setArray(first, connection.createArrayOf("text", entityIds.toArray()));
        insert.setArray(first + 1, connection.createArrayOf("text", attributes.toArray()));
        insert.setArray(first + 2, connection.createArrayOf("uuid", instanceIds.toArray()));
        insert.setArray(first + 3, connection.createArrayOf("text", datasetIds.toArray()));
        insert.setArray(first + 4, connection.createArrayOf("timestamptz", observedAts.toArray()));
        insert.setArray(first + 5, connection.createArrayOf("timestamptz", modifiedAts.toArray()));
        insert.setArray(first + 6, connection.createArrayOf("float8", numbers.toArray()));
        insert.setArray(first + 7, connection.createArrayOf("text", instances.toArray()));
    }
}
