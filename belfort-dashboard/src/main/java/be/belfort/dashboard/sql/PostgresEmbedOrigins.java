package be.belfort.dashboard.sql;

import be.belfort.dashboard.EmbedOrigins;
import be.belfort.model.ErrorType;
import be.belfort.model.NgsiLdException;

import javax.sql.DataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;

/** The cities' embed origins in PostgreSQL: read at every embedded view, so every node answers the same. */
public final class PostgresEmbedOrigins implements EmbedOrigins.Store {
    private final DataSource dataSource;
    private final Clock clock;

    public PostgresEmbedOrigins(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    @Override
    public List<String> of(String tenant) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT origins FROM dashboard_embed_origins WHERE tenant = ?")) {
            select.setString(1, tenant);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return List.of();
                }
                Array origins = row.getArray(1);
                return List.copyOf(Arrays.asList((String[]) origins.getArray()));
            }
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    @Override
    public void put(String tenant, List<String> origins) {
        try (Connection connection = dataSource.getConnection()) {
            if (origins.isEmpty()) {
                try (PreparedStatement delete = connection.prepareStatement(
                        "DELETE FROM dashboard_embed_origins WHERE tenant = ?")) {
                    delete.setString(1, tenant);
                    delete.executeUpdate();
                }
                return;
            }
            try (PreparedStatement upsert = connection.prepareStatement("""
                    INSERT INTO dashboard_embed_origins (tenant, origins, modified_at) VALUES (?, ?, ?)
                    ON CONFLICT (tenant) DO UPDATE SET origins = excluded.origins, modified_at = excluded.modified_at""")) {
                upsert.setString(1, tenant);
                upsert.setArray(2, connection.createArrayOf("text", origins.toArray(String[]::new)));
                upsert.setTimestamp(3, Timestamp.from(clock.instant()));
                upsert.executeUpdate();
            }
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    private static NgsiLdException unavailable(SQLException e) {
        return new NgsiLdException(ErrorType.SERVICE_UNAVAILABLE, "The cities' embed origins cannot be reached now: "
                + e.getMessage());
    }
}
