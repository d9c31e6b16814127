package be.belfort.federation.sql;

import be.belfort.federation.FigureStore;
import be.belfort.federation.Figures;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Figures in {@code csource_figures}: each node's counts are added in the database, so none overwrites another's. */
public final class PostgresFigureStore implements FigureStore {
    private final DataSource dataSource;

    public PostgresFigureStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void add(Kind kind, Map<Key, Figures> counted) {
        if (counted.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement upsert = connection.prepareStatement("""
                     INSERT INTO csource_figures AS kept (kind, tenant, id, times_sent, times_failed, last_success,
                                                           last_failure)
                     VALUES (?, ?, ?, ?, ?, ?, ?)
                     ON CONFLICT (kind, tenant, id) DO UPDATE SET
                         times_sent = kept.times_sent + excluded.times_sent,
                         times_failed = kept.times_failed + excluded.times_failed,
                         last_success = GREATEST(kept.last_success, excluded.last_success),
                         last_failure = GREATEST(kept.last_failure, excluded.last_failure)""")) {
            // One order for every node, so that two nodes adding at once never wait for each other in a cycle.
            Map<Key, Figures> ordered = new java.util.TreeMap<>(
                    java.util.Comparator.comparing(Key::tenant).thenComparing(Key::id));
            ordered.putAll(counted);
            for (Map.Entry<Key, Figures> entry : ordered.entrySet()) {
                upsert.setString(1, name(kind));
                upsert.setString(2, entry.getKey().tenant());
                upsert.setString(3, entry.getKey().id());
                upsert.setLong(4, entry.getValue().timesSent());
                upsert.setLong(5, entry.getValue().timesFailed());
                time(upsert, 6, entry.getValue().lastSuccess());
                time(upsert, 7, entry.getValue().lastFailure());
                upsert.addBatch();
            }
            upsert.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("Saving the figures of context sources failed", e);
        }
    }

    @Override
    public Map<String, Figures> read(Kind kind, String tenant) {
        Map<String, Figures> figures = new HashMap<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("""
                     SELECT id, times_sent, times_failed, last_success, last_failure FROM csource_figures
                     WHERE kind = ? AND tenant = ?""")) {
            select.setString(1, name(kind));
            select.setString(2, tenant);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    figures.put(rows.getString(1), new Figures(rows.getLong(2), rows.getLong(3), instant(rows, 4),
                            instant(rows, 5)));
                }
            }
            return figures;
        } catch (SQLException e) {
            throw new IllegalStateException("Reading the figures of context sources failed", e);
        }
    }

    @Override
    public void remove(Kind kind, String tenant, String id) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement(
                     "DELETE FROM csource_figures WHERE kind = ? AND tenant = ? AND id = ?")) {
            delete.setString(1, name(kind));
            delete.setString(2, tenant);
            delete.setString(3, id);
            delete.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Removing the figures of a context source failed", e);
        }
    }

    private static String name(Kind kind) {
        return kind.name().toLowerCase(java.util.Locale.ROOT);
    }

    private static void time(PreparedStatement statement, int at, Instant time) throws SQLException {
        if (time == null) {
            statement.setNull(at, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            statement.setTimestamp(at, Timestamp.from(time));
        }
    }

    private static Instant instant(ResultSet rows, int column) throws SQLException {
        Timestamp time = rows.getTimestamp(column);
        return time == null ? null : time.toInstant();
    }
}
