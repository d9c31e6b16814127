package be.belfort.ingestion.sql;

import be.belfort.ingestion.FeedMemory;
import be.belfort.model.ServiceUnavailable;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.Optional;

/** Feeds' memory in PostgreSQL, one row per feed device, removed with its device. */
public final class PostgresFeedMemory implements FeedMemory {
    private static final String FOREIGN_KEY_VIOLATION = "23503";

    private final DataSource dataSource;
    private final ObjectMapper json;

    public PostgresFeedMemory(DataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    @Override
    public Optional<Kept> recall(String tenant, String deviceId) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT feed, memory, next_poll"
                     + " FROM ingestion_feed_memory WHERE tenant = ? AND device_id = ?")) {
            select.setString(1, tenant);
            select.setString(2, deviceId);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Kept(json.readTree(row.getString(1)), json.readTree(row.getString(2)),
                        row.getTimestamp(3).toInstant()));
            }
        } catch (SQLException e) {
            throw unreachable(e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A feed's stored memory is not JSON", e);
        }
    }

    @Override
    public void keep(String tenant, String deviceId, Kept kept) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement upsert = connection.prepareStatement("INSERT INTO ingestion_feed_memory"
                     + " (tenant, device_id, feed, memory, next_poll) VALUES (?, ?, ?::jsonb, ?::jsonb, ?)"
                     + " ON CONFLICT (tenant, device_id) DO UPDATE SET feed = excluded.feed, memory = excluded.memory,"
                     + " next_poll = excluded.next_poll")) {
            upsert.setString(1, tenant);
            upsert.setString(2, deviceId);
            upsert.setString(3, json.writeValueAsString(kept.feed()));
            upsert.setString(4, json.writeValueAsString(kept.memory()));
            upsert.setTimestamp(5, Timestamp.from(kept.nextPoll()));
            upsert.executeUpdate();
        } catch (SQLException e) {
            // The device was removed while its feed was polled: its memory goes with it.
            if (!FOREIGN_KEY_VIOLATION.equals(e.getSQLState())) {
                throw unreachable(e);
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void reschedule(String tenant, String deviceId, java.time.Instant nextPoll) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE ingestion_feed_memory SET next_poll = ? WHERE tenant = ? AND device_id = ?")) {
            update.setTimestamp(1, Timestamp.from(nextPoll));
            update.setString(2, tenant);
            update.setString(3, deviceId);
            update.executeUpdate();
        } catch (SQLException e) {
            throw unreachable(e);
        }
    }

    private static ServiceUnavailable unreachable(SQLException e) {
        return new ServiceUnavailable("The feeds' memory could not be reached", Duration.ofSeconds(1), e);
    }
}
