package be.belfort.federation.sql;

import be.belfort.federation.DocumentStore;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Documents in a PostgreSQL table of (tenant, id, document, expires_at), one row each. */
public final class PostgresDocumentStore implements DocumentStore {
    public static final String REGISTRATIONS = "csource_registrations";
    public static final String SUBSCRIPTIONS = "csource_subscriptions";
    private static final String UNIQUE_VIOLATION = "23505";

    private final DataSource dataSource;
    private final ObjectMapper json;
    private final String table;

    /** @param table one of the tables named here (never a client's text) */
    public PostgresDocumentStore(DataSource dataSource, ObjectMapper json, String table) {
        if (!table.equals(REGISTRATIONS) && !table.equals(SUBSCRIPTIONS)) {
            throw new IllegalArgumentException("No document table " + table);
        }
        this.dataSource = dataSource;
        this.json = json;
        this.table = table;
    }

    @Override
    public List<Stored> loadAll() {
        List<Stored> all = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT tenant, document::text FROM " + table
                     + " ORDER BY tenant, document->>'createdAt', id");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                all.add(new Stored(rows.getString(1), (ObjectNode) json.readTree(rows.getString(2))));
            }
            return all;
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("Reading " + table + " failed", e);
        }
    }

    @Override
    public java.util.Optional<Stored> load(String tenant, String id) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT document::text FROM " + table
                     + " WHERE tenant = ? AND id = ?")) {
            select.setString(1, tenant);
            select.setString(2, id);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? java.util.Optional.of(new Stored(tenant, (ObjectNode) json.readTree(rows.getString(1))))
                        : java.util.Optional.empty();
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("Reading " + table + " failed", e);
        }
    }

    @Override
    public boolean insert(String tenant, String id, ObjectNode document, Instant expiresAt) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table
                     + " (tenant, id, document, expires_at) VALUES (?, ?, ?::jsonb, ?)")) {
            bind(insert, tenant, id, document, expiresAt, 1, 2, 3, 4);
            insert.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                return false;
            }
            throw new IllegalStateException("Storing into " + table + " failed", e);
        }
    }

    @Override
    public void update(String tenant, String id, ObjectNode document, Instant expiresAt) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement("UPDATE " + table
                     + " SET document = ?::jsonb, expires_at = ? WHERE tenant = ? AND id = ?")) {
            bind(update, tenant, id, document, expiresAt, 3, 4, 1, 2);
            update.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Updating " + table + " failed", e);
        }
    }

    @Override
    public boolean delete(String tenant, String id) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table
                     + " WHERE tenant = ? AND id = ?")) {
            delete.setString(1, tenant);
            delete.setString(2, id);
            return delete.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new IllegalStateException("Removing from " + table + " failed", e);
        }
    }

    private void bind(PreparedStatement statement, String tenant, String id, ObjectNode document, Instant expiresAt,
                      int tenantAt, int idAt, int documentAt, int expiresAtAt) throws SQLException {
        statement.setString(tenantAt, tenant);
        statement.setString(idAt, id);
        try {
            statement.setString(documentAt, json.writeValueAsString(document));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        if (expiresAt == null) {
            statement.setNull(expiresAtAt, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            statement.setTimestamp(expiresAtAt, Timestamp.from(expiresAt));
        }
    }
}
