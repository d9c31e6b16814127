package be.belfort.storage;

import be.belfort.temporal.HistoryStore;
import be.belfort.temporal.RecordedInstance;
import be.belfort.temporal.TemporalQuery;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Reads attribute history with plain SQL; every value reaches the database as a bind parameter. */
public final class PostgresHistoryStore implements HistoryStore {
    private final DataSource dataSource;
    private final ObjectMapper json;

    public PostgresHistoryStore(DataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    @Override
    public List<RecordedInstance> instances(String tenant, String entityId, Set<String> attributes,
                                            TemporalQuery query, int limit) {
        String time = query.timeProperty() == TemporalQuery.TimeProperty.OBSERVED_AT ? "observed_at" : "modified_at";
        StringBuilder where = new StringBuilder(
                "entity_key = hashtextextended(? || '/' || ?, 0) AND tenant = ? AND entity_id = ?");
        List<Object> parameters = new ArrayList<>(List.of(tenant, entityId, tenant, entityId));
        if (attributes != null) {
            where.append(" AND attribute = ANY (?)");
            parameters.add(attributes.toArray(String[]::new));
        }
        if (query.relation() != null) {
            switch (query.relation()) {
                case BEFORE -> where.append(" AND ").append(time).append(" < ?");
                case AFTER -> where.append(" AND ").append(time).append(" >= ?");
                case BETWEEN -> where.append(" AND ").append(time).append(" >= ? AND ").append(time).append(" < ?");
            }
            parameters.add(Timestamp.from(query.timeAt()));
            if (query.endTimeAt() != null) {
                parameters.add(Timestamp.from(query.endTimeAt()));
            }
        } else if (time.equals("observed_at") && query.lastN() != null) {
            where.append(" AND observed_at IS NOT NULL");
        }
        String order = "attribute, coalesce(" + time + ", modified_at), modified_at";
        String sql;
        if (query.lastN() != null) {
            sql = "SELECT attribute, instance_id, instance FROM (SELECT attribute, instance_id, instance, " + time
                    + ", modified_at, row_number() OVER (PARTITION BY attribute ORDER BY coalesce(" + time
                    + ", modified_at) DESC, modified_at DESC) AS recent FROM attribute_instances WHERE " + where
                    + ") AS latest WHERE recent <= ? ORDER BY " + order + " LIMIT ?";
            parameters.add(query.lastN());
        } else {
            sql = "SELECT attribute, instance_id, instance FROM attribute_instances WHERE " + where
                    + " ORDER BY " + order + " LIMIT ?";
        }
        parameters.add(limit);
        try (Connection connection = dataSource.getConnection(); PreparedStatement select = connection.prepareStatement(sql)) {
            Parameters.bind(connection, select, parameters);
            List<RecordedInstance> instances = new ArrayList<>();
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    instances.add(new RecordedInstance(row.getString(1), (UUID) row.getObject(2),
                            (ObjectNode) json.readTree(row.getString(3))));
                }
            }
            return instances;
        } catch (SQLException e) {
            throw PostgresEntityStore.storageFailure(e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A stored instance is not JSON", e);
        }
    }
}
