package be.belfort.storage.subscriptions;

import be.belfort.model.EntityTransaction;
import be.belfort.storage.JdbcUnitOfWork;
import be.belfort.storage.SqlFailures;
import be.belfort.subscriptions.Outbox;
import be.belfort.subscriptions.PendingNotification;
import be.belfort.subscriptions.Trigger;

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
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The notification outbox in PostgreSQL. Notifications are inserted by the entity transaction that
 * caused them (one statement over arrays, whatever their number), so they commit with the change.
 */
public final class PostgresOutbox implements Outbox {
    private final DataSource dataSource;
    private final ObjectMapper json;

    public PostgresOutbox(DataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    /**
     * Notifications that share their data (one rendering for several subscriptions) send it once: the
     * statement carries each distinct rendering once and an index per notification.
     */
    @Override
    public void add(EntityTransaction tx, List<PendingNotification> notifications) {
        Connection connection = JdbcUnitOfWork.of(tx).connection();
        int n = notifications.size();
        UUID[] ids = new UUID[n];
        String[] tenants = new String[n];
        String[] subscriptions = new String[n];
        String[] queues = new String[n];
        String[] triggers = new String[n];
        Integer[] dataIndexes = new Integer[n];
        Timestamp[] created = new Timestamp[n];
        Map<ObjectNode, Integer> distinct = new IdentityHashMap<>();
        List<String> data = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            PendingNotification notification = notifications.get(i);
            ids[i] = notification.id();
            tenants[i] = notification.tenant();
            subscriptions[i] = notification.subscriptionId();
            queues[i] = notification.queueKey();
            triggers[i] = notification.trigger().term();
            dataIndexes[i] = distinct.computeIfAbsent(notification.data(), node -> {
                data.add(node.toString());
                return data.size();
            });
            created[i] = Timestamp.from(notification.createdAt());
        }
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO notification_outbox (id, tenant, subscription_id, queue_key, trigger, data, created_at)
                SELECT n.id, n.tenant, n.subscription_id, n.queue_key, n.trigger, d.data, n.created_at
                FROM unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int[], ?::timestamptz[])
                         WITH ORDINALITY AS n(id, tenant, subscription_id, queue_key, trigger, k, created_at, position)
                JOIN unnest(?::jsonb[]) WITH ORDINALITY AS d(data, k) USING (k)
                ORDER BY n.position""")) {
            insert.setArray(1, connection.createArrayOf("uuid", ids));
            insert.setArray(2, connection.createArrayOf("text", tenants));
            insert.setArray(3, connection.createArrayOf("text", subscriptions));
            insert.setArray(4, connection.createArrayOf("text", queues));
            insert.setArray(5, connection.createArrayOf("text", triggers));
            insert.setArray(6, connection.createArrayOf("int4", dataIndexes));
            insert.setArray(7, connection.createArrayOf("timestamptz", created));
            insert.setArray(8, connection.createArrayOf("text", data.toArray()));
            insert.executeUpdate();
        } catch (SQLException e) {
            throw SqlFailures.translate(e);
        }
    }

    @Override
    public List<PendingNotification> pending(String queueKey, int limit, Set<UUID> except) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("""
                     SELECT id, tenant, subscription_id, queue_key, trigger, data, created_at FROM notification_outbox
                     WHERE queue_key = ? AND id <> ALL (?) ORDER BY seq LIMIT ?""")) {
            select.setString(1, queueKey);
            select.setArray(2, connection.createArrayOf("uuid", except.toArray()));
            select.setInt(3, limit);
            List<PendingNotification> pending = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    pending.add(new PendingNotification(rows.getObject(1, UUID.class), rows.getString(2), rows.getString(3),
                            rows.getString(4), Trigger.of(rows.getString(5)), (ObjectNode) json.readTree(rows.getString(6)),
                            rows.getTimestamp(7).toInstant()));
                }
            }
            return pending;
        } catch (SQLException e) {
            throw SqlFailures.translate(e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A notification in the outbox is not JSON", e);
        }
    }

    @Override
    public List<Waiting> waitingPerSubscription() {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT tenant, subscription_id, count(*) FROM notification_outbox GROUP BY tenant, subscription_id");
             ResultSet rows = select.executeQuery()) {
            List<Waiting> waiting = new ArrayList<>();
            while (rows.next()) {
                waiting.add(new Waiting(rows.getString(1), rows.getString(2), rows.getLong(3)));
            }
            return waiting;
        } catch (SQLException e) {
            throw SqlFailures.translate(e);
        }
    }

    @Override
    public List<String> queuesWithPending() {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT DISTINCT queue_key FROM notification_outbox");
             ResultSet rows = select.executeQuery()) {
            List<String> keys = new ArrayList<>();
            while (rows.next()) {
                keys.add(rows.getString(1));
            }
            return keys;
        } catch (SQLException e) {
            throw SqlFailures.translate(e);
        }
    }

    @Override
    public void remove(Collection<UUID> ids) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement("DELETE FROM notification_outbox WHERE id = ANY (?)")) {
            delete.setArray(1, connection.createArrayOf("uuid", ids.toArray()));
            delete.executeUpdate();
        } catch (SQLException e) {
            throw SqlFailures.translate(e);
        }
    }

    @Override
    public void removeSubscription(String tenant, String subscriptionId) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement(
                     "DELETE FROM notification_outbox WHERE tenant = ? AND subscription_id = ?")) {
            delete.setString(1, tenant);
            delete.setString(2, subscriptionId);
            delete.executeUpdate();
        } catch (SQLException e) {
            throw SqlFailures.translate(e);
        }
    }
}
