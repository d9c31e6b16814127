package be.belfort.console.sql;

import be.belfort.console.Session;
import be.belfort.console.SessionStore;
import be.belfort.security.Role;
import be.belfort.model.ErrorType;
import be.belfort.model.NgsiLdException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Console sessions in PostgreSQL, shared by every node on the database. */
public final class PostgresSessionStore implements SessionStore {
    private final DataSource dataSource;
    private final ObjectMapper json;

    public PostgresSessionStore(DataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    @Override
    public void save(String idHash, Session session) {
        ObjectNode roles = json.createObjectNode();
        session.roles().forEach((tenant, role) -> roles.put(tenant, role.term()));
        update("""
                INSERT INTO console_sessions (id_hash, principal, admin, roles, csrf_token, created_at, last_seen_at,
                    id_token)
                VALUES (?, ?, ?, ?::jsonb, ?, ?, ?, ?)""", statement -> {
            statement.setString(1, idHash);
            statement.setString(2, session.principalId());
            statement.setBoolean(3, session.admin());
            statement.setString(4, roles.toString());
            statement.setString(5, session.csrfToken());
            statement.setTimestamp(6, Timestamp.from(session.createdAt()));
            statement.setTimestamp(7, Timestamp.from(session.lastSeenAt()));
            statement.setString(8, session.idToken());
        });
    }

    @Override
    public Optional<Session> find(String idHash) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("""
                     SELECT principal, admin, roles, csrf_token, created_at, last_seen_at, id_token FROM console_sessions
                     WHERE id_hash = ?""")) {
            select.setString(1, idHash);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                Map<String, Role> roles = new HashMap<>();
                JsonNode stored = json.readTree(row.getString(3));
                stored.properties().forEach(entry -> Role.find(entry.getValue().asText())
                        .ifPresent(role -> roles.put(entry.getKey(), role)));
                return Optional.of(new Session(row.getString(1), row.getBoolean(2), roles, row.getString(4),
                        row.getTimestamp(5).toInstant(), row.getTimestamp(6).toInstant(), row.getString(7)));
            }
        } catch (SQLException e) {
            throw unavailable(e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A console session's roles are not JSON", e);
        }
    }

    @Override
    public void touch(String idHash, Instant lastSeenAt) {
        update("UPDATE console_sessions SET last_seen_at = ? WHERE id_hash = ?", statement -> {
            statement.setTimestamp(1, Timestamp.from(lastSeenAt));
            statement.setString(2, idHash);
        });
    }

    @Override
    public void delete(String idHash) {
        update("DELETE FROM console_sessions WHERE id_hash = ?", statement -> statement.setString(1, idHash));
    }

    @Override
    public long removeExpired(Instant idleBefore, Instant startedBefore) {
        return update("DELETE FROM console_sessions WHERE last_seen_at < ? OR created_at < ?", statement -> {
            statement.setTimestamp(1, Timestamp.from(idleBefore));
            statement.setTimestamp(2, Timestamp.from(startedBefore));
        });
    }

    private interface Binding {
        void bind(PreparedStatement statement) throws SQLException;
    }

    private int update(String sql, Binding binding) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            binding.bind(statement);
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /** The database did not answer: the person is asked to try again, as the API answers 503. */
    private static NgsiLdException unavailable(SQLException e) {
        return new NgsiLdException(ErrorType.SERVICE_UNAVAILABLE, "The console's sessions cannot be read now: "
                + e.getMessage());
    }
}
