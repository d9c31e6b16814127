package be.belfort.federation.sql;

import be.belfort.federation.NotificationQueue;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The queue in {@code csource_notifications}. A node holds a row by moving its {@code due_at} past now (times are
 * the database's, so the nodes' clocks need not agree); {@code SKIP LOCKED} lets two nodes take due rows at once
 * without taking the same one.
 */
public final class PostgresNotificationQueue implements NotificationQueue {
    private final DataSource dataSource;
    private final ObjectMapper json;

    public PostgresNotificationQueue(DataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    @Override
    public long add(String tenant, String subscriptionId, ObjectNode notification, Duration lease) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("""
                     INSERT INTO csource_notifications (tenant, subscription_id, notification, due_at)
                     VALUES (?, ?, ?::jsonb, now() + make_interval(secs => ?)) RETURNING seq""")) {
            insert.setString(1, tenant);
            insert.setString(2, subscriptionId);
            insert.setString(3, json.writeValueAsString(notification));
            insert.setDouble(4, lease.toMillis() / 1000.0);
            try (ResultSet row = insert.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("Keeping a notification of a registration subscription failed", e);
        }
    }

    @Override
    public void done(long seq) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement("DELETE FROM csource_notifications WHERE seq = ?")) {
            delete.setLong(1, seq);
            delete.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Removing a delivered notification failed", e);
        }
    }

    @Override
    public List<Queued> takeDue(int max, Duration lease) {
        List<Queued> taken = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement take = connection.prepareStatement("""
                     UPDATE csource_notifications SET due_at = now() + make_interval(secs => ?), rounds = rounds + 1
                     WHERE seq IN (SELECT seq FROM csource_notifications WHERE due_at <= now() ORDER BY seq LIMIT ?
                                   FOR UPDATE SKIP LOCKED)
                     RETURNING seq, tenant, subscription_id, notification::text, rounds""")) {
            take.setDouble(1, lease.toMillis() / 1000.0);
            take.setInt(2, max);
            try (ResultSet rows = take.executeQuery()) {
                while (rows.next()) {
                    taken.add(new Queued(rows.getLong(1), rows.getString(2), rows.getString(3),
                            (ObjectNode) json.readTree(rows.getString(4)), rows.getInt(5)));
                }
            }
            taken.sort(java.util.Comparator.comparingLong(Queued::seq));
            return taken;
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("Taking the due notifications of registration subscriptions failed", e);
        }
    }

    @Override
    public void handBack(Collection<Long> seqs) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE csource_notifications SET due_at = now() WHERE seq = ANY (?)")) {
            update.setArray(1, connection.createArrayOf("bigint", seqs.toArray()));
            update.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Handing back notifications failed", e);
        }
    }
}
