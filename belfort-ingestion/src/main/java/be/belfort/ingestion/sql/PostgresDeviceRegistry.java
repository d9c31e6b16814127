package be.belfort.ingestion.sql;

import be.belfort.ingestion.Device;
import be.belfort.ingestion.DeviceGroup;
import be.belfort.ingestion.DeviceRegistry;
import be.belfort.ingestion.DeviceStatus;
import be.belfort.ingestion.ProvisioningDocuments;
import be.belfort.model.ErrorType;
import be.belfort.model.NgsiLdException;
import be.belfort.model.ServiceUnavailable;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** The device registry in PostgreSQL: each group and device as its provisioning document, with its status. */
public final class PostgresDeviceRegistry implements DeviceRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresDeviceRegistry.class);
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String DEVICE_COLUMNS = "tenant, document, last_seen, accepted, refused, last_errors, last_frame";

    private final DataSource dataSource;
    private final ObjectMapper json;

    public PostgresDeviceRegistry(DataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private <T> T inTransaction(Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw new NgsiLdException(ErrorType.ALREADY_EXISTS, "Already provisioned: " + detailOf(e));
            }
            // Said in the log with its state, so that an operator can tell a busy pool from a failure of ours.
            LOG.warn("The device registry could not be reached (SQL state {}): {}", e.getSQLState(),
                    String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
            throw new ServiceUnavailable("The device registry could not be reached; try again", Duration.ofSeconds(1), e);
        }
    }

    private static String detailOf(SQLException e) {
        String message = String.valueOf(e.getMessage());
        int at = message.indexOf("Detail:");
        return at < 0 ? "a key or id is taken" : message.substring(at + 7).strip();
    }

    @Override
    public void createGroups(String tenant, List<DeviceGroup> groups) {
        inTransaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                         "INSERT INTO ingestion_groups (tenant, apikey, resource, document) VALUES (?, ?, ?, ?::jsonb)")) {
                for (DeviceGroup group : groups) {
                    requireKeyOfNoOtherTenant(connection, tenant, group.apikey());
                    insert.setString(1, tenant);
                    insert.setString(2, group.apikey());
                    insert.setString(3, group.resource());
                    insert.setString(4, text(group.document()));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            return null;
        });
    }

    /**
     * A key names one tenant: a southbound message finds its tenant by its key alone, so a key that another
     * tenant's group or device holds is refused (without saying which tenant has it).
     */
    private static void requireKeyOfNoOtherTenant(Connection connection, String tenant, String apikey) throws SQLException {
        if (apikey == null) {
            return;
        }
        try (PreparedStatement other = connection.prepareStatement("SELECT 1 FROM ingestion_groups WHERE apikey = ?"
                + " AND tenant <> ? UNION ALL SELECT 1 FROM ingestion_devices WHERE apikey = ? AND tenant <> ? LIMIT 1")) {
            other.setString(1, apikey);
            other.setString(2, tenant);
            other.setString(3, apikey);
            other.setString(4, tenant);
            try (ResultSet rows = other.executeQuery()) {
                if (rows.next()) {
                    throw new NgsiLdException(ErrorType.ALREADY_EXISTS, "This API key is taken; choose another");
                }
            }
        }
    }

    @Override
    public Page<DeviceGroup> groups(String tenant, int limit, int offset) {
        return inTransaction(connection -> {
            List<DeviceGroup> groups = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT tenant, document FROM ingestion_groups"
                    + " WHERE tenant = ? ORDER BY apikey, resource LIMIT ? OFFSET ?")) {
                select.setString(1, tenant);
                select.setInt(2, limit);
                select.setInt(3, offset);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        groups.add(group(rows));
                    }
                }
            }
            return new Page<>(groups, count(connection, "ingestion_groups", tenant));
        });
    }

    @Override
    public List<DeviceGroup> groupsByKey(String apikey) {
        return inTransaction(connection -> {
            List<DeviceGroup> groups = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT tenant, document FROM ingestion_groups WHERE apikey = ? ORDER BY resource")) {
                select.setString(1, apikey);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        groups.add(group(rows));
                    }
                }
            }
            return groups;
        });
    }

    @Override
    public List<DeviceGroup> groupsWithTopics() {
        return inTransaction(connection -> {
            List<DeviceGroup> groups = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT tenant, document FROM ingestion_groups"
                    + " WHERE jsonb_exists(document, 'mqtt') ORDER BY tenant, apikey, resource");
                 ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    groups.add(group(rows));
                }
            }
            return groups;
        });
    }

    @Override
    public boolean updateGroup(DeviceGroup group) {
        return inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE ingestion_groups SET document = ?::jsonb"
                    + " WHERE tenant = ? AND apikey = ? AND resource = ?")) {
                update.setString(1, text(group.document()));
                update.setString(2, group.tenant());
                update.setString(3, group.apikey());
                update.setString(4, group.resource());
                return update.executeUpdate() > 0;
            }
        });
    }

    @Override
    public boolean deleteGroup(String tenant, String apikey, String resource) {
        return inTransaction(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM ingestion_groups WHERE tenant = ? AND apikey = ? AND resource = ?")) {
                delete.setString(1, tenant);
                delete.setString(2, apikey);
                delete.setString(3, resource);
                return delete.executeUpdate() > 0;
            }
        });
    }

    @Override
    public void createDevices(String tenant, List<Device> devices) {
        inTransaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO ingestion_devices"
                    + " (tenant, device_id, apikey, dev_eui, document) VALUES (?, ?, ?, ?, ?::jsonb)")) {
                for (Device device : devices) {
                    requireKeyOfNoOtherTenant(connection, tenant, device.apikey());
                    insert.setString(1, tenant);
                    insert.setString(2, device.deviceId());
                    insert.setString(3, device.apikey());
                    insert.setString(4, device.devEui());
                    insert.setString(5, text(device.document()));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            return null;
        });
    }

    @Override
    public Page<Entry> devices(String tenant, int limit, int offset) {
        return inTransaction(connection -> new Page<>(entries(connection, "WHERE tenant = ? ORDER BY device_id LIMIT ? OFFSET ?",
                tenant, limit, offset), count(connection, "ingestion_devices", tenant)));
    }

    @Override
    public Optional<Entry> device(String tenant, String deviceId) {
        return inTransaction(connection -> entries(connection, "WHERE tenant = ? AND device_id = ?", tenant, deviceId))
                .stream().findFirst();
    }

    @Override
    public Optional<Entry> deviceByOwnKey(String apikey, String deviceId) {
        return inTransaction(connection -> entries(connection, "WHERE apikey = ? AND device_id = ? ORDER BY tenant",
                apikey, deviceId)).stream().findFirst();
    }

    @Override
    public Optional<Entry> deviceByEui(String tenant, String devEui) {
        return inTransaction(connection -> entries(connection, "WHERE tenant = ? AND dev_eui = ?", tenant, devEui))
                .stream().findFirst();
    }

    @Override
    public List<Device> feeds() {
        return inTransaction(connection -> entries(connection, "WHERE jsonb_exists(document, 'datex2')"))
                .stream().map(Entry::device).toList();
    }

    @Override
    public boolean updateDevice(Device device) {
        return inTransaction(connection -> {
            requireKeyOfNoOtherTenant(connection, device.tenant(), device.apikey());
            try (PreparedStatement update = connection.prepareStatement("UPDATE ingestion_devices SET document = ?::jsonb,"
                    + " apikey = ?, dev_eui = ? WHERE tenant = ? AND device_id = ?")) {
                update.setString(1, text(device.document()));
                update.setString(2, device.apikey());
                update.setString(3, device.devEui());
                update.setString(4, device.tenant());
                update.setString(5, device.deviceId());
                return update.executeUpdate() > 0;
            }
        });
    }

    @Override
    public boolean deleteDevice(String tenant, String deviceId) {
        return inTransaction(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM ingestion_devices WHERE tenant = ? AND device_id = ?")) {
                delete.setString(1, tenant);
                delete.setString(2, deviceId);
                return delete.executeUpdate() > 0;
            }
        });
    }

    @Override
    public void record(Collection<DeviceStatus.Change> changes) {
        inTransaction(connection -> {
            // New errors first, then the kept ones, trimmed to the number a status keeps.
            try (PreparedStatement update = connection.prepareStatement("UPDATE ingestion_devices SET"
                    + " last_seen = GREATEST(last_seen, ?), accepted = accepted + ?, refused = refused + ?,"
                    + " last_errors = (SELECT COALESCE(jsonb_agg(e ORDER BY n), '[]') FROM jsonb_array_elements(?::jsonb || last_errors)"
                    + " WITH ORDINALITY AS t(e, n) WHERE n <= " + DeviceStatus.KEPT_ERRORS + "),"
                    + " last_frame = COALESCE(?, last_frame) WHERE tenant = ? AND device_id = ?")) {
                for (DeviceStatus.Change change : changes) {
                    update.setTimestamp(1, Timestamp.from(change.lastSeen()));
                    update.setLong(2, change.accepted());
                    update.setLong(3, change.refused());
                    ArrayNode errors = json.createArrayNode();
                    change.errors().forEach(error -> errors.addObject().put("at", error.at().toString())
                            .put("reason", error.reason()));
                    update.setString(4, text(errors));
                    if (change.lastFrame() == null) {
                        update.setNull(5, Types.BIGINT);
                    } else {
                        update.setLong(5, change.lastFrame());
                    }
                    update.setString(6, change.tenant());
                    update.setString(7, change.deviceId());
                    update.addBatch();
                }
                update.executeBatch();
            }
            return null;
        });
    }

    private List<Entry> entries(Connection connection, String where, Object... parameters) throws SQLException {
        List<Entry> entries = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT " + DEVICE_COLUMNS + " FROM ingestion_devices " + where)) {
            for (int i = 0; i < parameters.length; i++) {
                select.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    entries.add(entry(rows));
                }
            }
        }
        return entries;
    }

    private Entry entry(ResultSet rows) throws SQLException {
        Device device = ProvisioningDocuments.device(rows.getString("tenant"), object(rows.getString("document")));
        Timestamp lastSeen = rows.getTimestamp("last_seen");
        List<DeviceStatus.Error> errors = new ArrayList<>();
        for (JsonNode error : tree(rows.getString("last_errors"))) {
            errors.add(new DeviceStatus.Error(Instant.parse(error.path("at").asText()), error.path("reason").asText()));
        }
        long frame = rows.getLong("last_frame");
        Long lastFrame = rows.wasNull() ? null : frame;
        return new Entry(device, new DeviceStatus(lastSeen == null ? null : lastSeen.toInstant(), rows.getLong("accepted"),
                rows.getLong("refused"), errors, lastFrame));
    }

    private DeviceGroup group(ResultSet rows) throws SQLException {
        return ProvisioningDocuments.group(rows.getString("tenant"), object(rows.getString("document")));
    }

    private static long count(Connection connection, String table, String tenant) throws SQLException {
        try (PreparedStatement count = connection.prepareStatement("SELECT count(*) FROM " + table + " WHERE tenant = ?")) {
            count.setString(1, tenant);
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private String text(JsonNode node) {
        try {
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode tree(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A stored document is not JSON", e);
        }
    }

    private ObjectNode object(String text) {
        return (ObjectNode) tree(text);
    }
}
