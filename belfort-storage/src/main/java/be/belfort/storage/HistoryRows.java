package be.belfort.storage;

import be.belfort.model.Entity;
import be.belfort.model.History;
import be.belfort.model.Members;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * Many history rows gathered as one JSON document (an array of row objects) for one insert through
 * {@code json_to_recordset}. Written with Jackson's generator, each instance straight from its tree: the driver's
 * array parameters escape every character of every string one at a time, and were a tenth of a batch write's
 * processor time.
 */
public final class HistoryRows {
    private final StringWriter text = new StringWriter(4096);
    private final JsonGenerator out;
    private final EntityRows rows;
    private int count;
    private boolean closed;

    public HistoryRows(EntityRows rows) {
        this.rows = rows;
        this.out = rows.generator(text);
        try {
            out.writeStartArray();
        } catch (IOException e) {
            throw new IllegalStateException("History rows cannot be written as JSON", e);
        }
    }

    public void add(Entity entity, History.Written written) {
        add(entity.id(), written.attribute(), written.instance(), entity.modifiedAt());
    }

    /** One instance of an entity's attribute, recorded at {@code modifiedAt}. */
    public void add(String entityId, String attribute, ObjectNode instance, Instant modifiedAt) {
        if (closed) {
            throw new IllegalStateException("The rows were bound already");
        }
        Timestamp observedAt = observedAt(instance);
        Double number = number(instance);
        try {
            out.writeStartObject();
            out.writeStringField("entity_id", entityId);
            out.writeStringField("attribute", attribute);
            out.writeStringField("instance_id", UUID.randomUUID().toString());
            String datasetId = datasetId(instance);
            if (datasetId != null) {
                out.writeStringField("dataset_id", datasetId);
            }
            if (observedAt != null) {
                out.writeStringField("observed_at", observedAt.toInstant().toString());
            }
            out.writeStringField("modified_at", modifiedAt.toString());
            if (number != null) {
                out.writeFieldName("number_value");
                if (Double.isFinite(number)) {
                    out.writeNumber(number);
                } else {
                    out.writeString(number > 0 ? "Infinity" : number < 0 ? "-Infinity" : "NaN");
                }
            }
            out.writeFieldName("instance");
            rows.writeInstance(out, instance);
            out.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("A history row cannot be written as JSON", e);
        }
        count++;
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
        return count == 0;
    }

    /**
     * The insert of the gathered rows of a tenant (those that meet {@code condition}, on {@code u}), a {@code WITH}
     * item named {@code recorded}; {@link #BACKLOG} follows it. Its parameters are those {@link #bind} sets.
     */
    private static String recorded(String condition) {
        return "recorded AS (INSERT INTO attribute_instances (tenant, entity_id, entity_key,"
                + " attribute, instance_id, dataset_id, observed_at, modified_at, number_value, instance)"
                + " SELECT ?, u.entity_id, hashtextextended(? || '/' || u.entity_id, 0), u.attribute,"
                + " u.instance_id, u.dataset_id, u.observed_at, u.modified_at, u.number_value, u.instance"
                + " FROM json_to_recordset(?::json) AS u (entity_id text, attribute text, instance_id uuid, dataset_id text,"
                + " observed_at timestamptz, modified_at timestamptz, number_value float8, instance jsonb)" + condition
                + " RETURNING instance_id, tenant, entity_id, attribute, observed_at, number_value)";
    }

    /**
     * The observations among the recorded rows, for the job that folds them into the rollups (V32): in the same
     * statement as the rows, so that the backlog holds exactly the committed instances that the rollups lack.
     */
    private static final String BACKLOG = " INSERT INTO history_backlog (instance_id, tenant, entity_id, attribute,"
            + " observed_at, number_value) SELECT instance_id, tenant, entity_id, attribute, observed_at, number_value"
            + " FROM recorded"
            + " WHERE observed_at IS NOT NULL";

    /** The insert of all gathered rows of a tenant, as one statement; its parameters are those {@link #bind} sets. */
    private static final String INSERT = "WITH " + recorded("") + BACKLOG;

    /**
     * The insert beside data-modifying {@code WITH} items of the caller's (the entities' rewrite), so that a write
     * costs one round trip for all: the items' parameters come first, and the statement answers {@code select}.
     */
    public static String insertBeside(String withItems, String select) {
        return "WITH " + withItems + ", " + recorded("") + ", backlogged AS (" + BACKLOG + ") " + select;
    }

    /**
     * As {@link #insertBeside}, of the rows of those entities only that the caller's item {@code written} answers
     * (its column {@code id}): the history of a write that did not happen is not recorded either.
     */
    public static String insertOfWrittenBeside(String withItems, String select) {
        return "WITH " + withItems + ", " + recorded(" WHERE u.entity_id IN (SELECT id FROM written)")
                + ", backlogged AS (" + BACKLOG + ") " + select;
    }

    /** Inserts all gathered rows of the tenant in one statement, on the caller's connection and transaction. */
    public void insert(Connection connection, String tenant) throws SQLException {
        if (isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            bind(insert, 1, tenant);
            insert.executeUpdate();
        }
    }

    /** Sets the three parameters of {@link #INSERT} from parameter {@code first} on; no row may be added after. */
    public void bind(PreparedStatement insert, int first, String tenant) throws SQLException {
        insert.setString(first, tenant);
        insert.setString(first + 1, tenant);
        insert.setString(first + 2, document());
    }

    private String document() {
        if (!closed) {
            closed = true;
            try {
                out.writeEndArray();
                out.close();
            } catch (IOException e) {
                throw new IllegalStateException("History rows cannot be written as JSON", e);
            }
        }
        return text.toString();
    }
}
