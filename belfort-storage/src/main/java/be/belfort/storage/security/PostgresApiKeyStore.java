package be.belfort.storage.security;

import be.belfort.security.ApiKey;
import be.belfort.security.ApiKeyStore;
import be.belfort.security.Role;
import be.belfort.storage.SqlFailures;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** API keys in PostgreSQL (hashed). */
public final class PostgresApiKeyStore implements ApiKeyStore {
    private static final String COLUMNS = "id, secret_hash, tenant, role, description, created_at, revoked_at";

    private final DataSource dataSource;

    public PostgresApiKeyStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void save(ApiKey key) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement upsert = connection.prepareStatement("""
                     INSERT INTO api_keys (id, secret_hash, tenant, role, description, created_at, revoked_at)
                     VALUES (?, ?, ?, ?, ?, ?, ?)
                     ON CONFLICT (id) DO UPDATE SET secret_hash = excluded.secret_hash, tenant = excluded.tenant,
                         role = excluded.role, description = excluded.description, created_at = excluded.created_at,
                         revoked_at = excluded.revoked_at""")) {
            upsert.setString(1, key.id());
            upsert.setString(2, key.secretHash());
            upsert.setString(3, key.tenant());
            upsert.setString(4, key.role().term());
            upsert.setString(5, key.description());
            upsert.setTimestamp(6, Timestamp.from(key.createdAt()));
            upsert.setTimestamp(7, key.revokedAt() == null ? null : Timestamp.from(key.revokedAt()));
            upsert.executeUpdate();
        } catch (SQLException e) {
            throw SqlFailures.translate(e);
        }
    }

    @Override
    public Optional<ApiKey> find(String id) {
        List<ApiKey> found = select("SELECT " + COLUMNS + " FROM api_keys WHERE id = ?", id);
        return found.stream().findFirst();
    }

    @Override
    public List<ApiKey> list(String tenant) {
        return tenant == null ? select("SELECT " + COLUMNS + " FROM api_keys ORDER BY created_at, id", null)
                : select("SELECT " + COLUMNS + " FROM api_keys WHERE tenant = ? ORDER BY created_at, id", tenant);
    }

    @Override
    public boolean revoke(String id, Instant at) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE api_keys SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?")) {
            update.setTimestamp(1, Timestamp.from(at));
            update.setString(2, id);
            return update.executeUpdate() == 1;
        } catch (SQLException e) {
            throw SqlFailures.translate(e);
        }
    }

    private List<ApiKey> select(String sql, String parameter) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(sql)) {
            if (parameter != null) {
                select.setString(1, parameter);
            }
            List<ApiKey> keys = new ArrayList<>();
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    Timestamp revoked = row.getTimestamp(7);
                    keys.add(new ApiKey(row.getString(1), row.getString(2), row.getString(3), Role.of(row.getString(4)),
                            row.getString(5), row.getTimestamp(6).toInstant(), revoked == null ? null : revoked.toInstant()));
                }
            }
            return keys;
        } catch (SQLException e) {
            throw SqlFailures.translate(e);
        }
    }
}
