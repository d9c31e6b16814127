package be.belfort.federation.sql;

import be.belfort.federation.Registration;
import be.belfort.federation.RegistrationStore;
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
import java.util.ArrayList;
import java.util.List;

/** Registrations in PostgreSQL, one row each. */
public final class PostgresRegistrationStore implements RegistrationStore {
    private static final String UNIQUE_VIOLATION = "23505";

    private final DataSource dataSource;
    private final ObjectMapper json;

    public PostgresRegistrationStore(DataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    @Override
    public List<Stored> loadAll() {
        List<Stored> all = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT tenant, document::text FROM csource_registrations ORDER BY tenant, document->>'createdAt', id");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                all.add(new Stored(rows.getString(1), (ObjectNode) json.readTree(rows.getString(2))));
            }
            return all;
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("Reading the context source registrations failed", e);
        }
    }

    @Override
    public boolean insert(Registration registration) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO csource_registrations (tenant, id, document, expires_at) VALUES (?, ?, ?::jsonb, ?)")) {
            bind(insert, registration, 1, 2, 3, 4);
            insert.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                return false;
            }
            throw new IllegalStateException("Storing a context source registration failed", e);
        }
    }

    @Override
    public void update(Registration registration) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE csource_registrations SET document = ?::jsonb, expires_at = ? WHERE tenant = ? AND id = ?")) {
            bind(update, registration, 3, 4, 1, 2);
            update.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Updating a context source registration failed", e);
        }
    }

    @Override
    public boolean delete(String tenant, String id) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement(
                     "DELETE FROM csource_registrations WHERE tenant = ? AND id = ?")) {
            delete.setString(1, tenant);
            delete.setString(2, id);
            return delete.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new IllegalStateException("Removing a context source registration failed", e);
        }
    }

    private void bind(PreparedStatement statement, Registration registration, int tenant, int id, int document,
                      int expiresAt) throws SQLException {
        statement.setString(tenant, registration.tenant());
        statement.setString(id, registration.id());
        try {
            statement.setString(document, json.writeValueAsString(registration.document()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        if (registration.expiresAt() == null) {
            statement.setNull(expiresAt, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            statement.setTimestamp(expiresAt, Timestamp.from(registration.expiresAt()));
        }
    }
}
