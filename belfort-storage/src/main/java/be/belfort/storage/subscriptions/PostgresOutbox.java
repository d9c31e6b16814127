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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The notification outbox in PostgreSQL. Notifications are inserted by the entity transaction that
 * caused them (one statement over arrays, whatever their number), so they commit with the change, already
 * claimed by the node that wrote them: sharing delivery between nodes costs a write no statement. A node
 * delivers only what it claimed; the notifications of a node whose lease ran out are claimed by another
 * ({@code FOR UPDATE SKIP LOCKED}, so two nodes never claim the same one).
 */
public final class PostgresOutbox implements Outbox {
    private final DataSource dataSource;
    private final ObjectMapper json;
    private final UUID node;

    /** @param node the node this outbox serves: its writes' notifications are claimed by it as they are recorded */
    public PostgresOutbox(DataSource dataSource, ObjectMapper json, UUID node) {
        this.dataSource = dataSource;
        this.json = json;
        this.node = node;
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
                INSERT INTO notification_outbox (id, tenant, subscription_id, queue_key, trigger, data, created_at, claimed_by)
                SELECT n.id, n.tenant, n.subscription_id, n.queue_key, n.trigger, d.data, n.created_at, ?::uuid
                FROM unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int[], ?::timestamptz[])
                         WITH ORDINALITY AS n(id, tenant, subscription_id, queue_key, trigger, k, created_at, position)
                JOIN unnest(?::jsonb[]) WITH ORDINALITY AS d(data, k) USING (k)
                ORDER BY n.position""")) {
            insert.setObject(1, node);
            insert.setArray(2, connection.createArrayOf("uuid", ids));
            insert.setArray(3, connection.createArrayOf("text", tenants));
            insert.setArray(4, connection.createArrayOf("text", subscriptions));
            insert.setArray(5, connection.createArrayOf("text", queues));
            insert.setArray(6, connection.createArrayOf("text", triggers));
            insert.setArray(7, connection.createArrayOf("int4", dataIndexes));
            insert.setArray(8, connection.createArrayOf("timestamptz", created));
            insert.setArray(9, connection.createArrayOf("text", data.toArray()));
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
                     WHERE claimed_by = ? AND queue_key = ? AND id <> ALL (?) ORDER BY seq LIMIT ?""")) {
            select.setObject(1, node);
            select.setString(2, queueKey);
            select.setArray(3, connection.createArrayOf("uuid", except.toArray()));
            select.setInt(4, limit);
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
    public List<Claimed> claimAbandoned(int limit, boolean ofLapsedNodes) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement claim = connection.prepareStatement("""
                     WITH taken AS (
                         SELECT seq FROM notification_outbox
                         WHERE claimed_by IS NULL
                            OR (? AND claimed_by = ANY (ARRAY(SELECT node_id FROM belfort_nodes WHERE lease_until < now())))
                         ORDER BY seq LIMIT ? FOR UPDATE SKIP LOCKED)
                     UPDATE notification_outbox o SET claimed_by = ? FROM taken WHERE o.seq = taken.seq
                     RETURNING o.queue_key, o.tenant, o.subscription_id""");
             PreparedStatement forget = connection.prepareStatement("""
                     DELETE FROM belfort_nodes n WHERE lease_until < now() - interval '1 minute'
                     AND NOT EXISTS (SELECT 1 FROM notification_outbox o WHERE o.claimed_by = n.node_id)""")) {
            claim.setBoolean(1, ofLapsedNodes);
            claim.setInt(2, limit);
            claim.setObject(3, node);
            Map<List<String>, Long> counts = new LinkedHashMap<>();
            int taken = 0;
            try (ResultSet rows = claim.executeQuery()) {
                while (rows.next()) {
                    taken++;
                    counts.merge(List.of(rows.getString(1), rows.getString(2), rows.getString(3)), 1L, Long::sum);
                }
            }
            if (taken < limit) {
                forget.executeUpdate();
            }
            List<Claimed> claimed = new ArrayList<>();
            counts.forEach((key, count) -> claimed.add(new Claimed(key.get(0), key.get(1), key.get(2), count)));
            return claimed;
        } catch (SQLException e) {
            throw SqlFailures.translate(e);
        }
    }

    @Override
    public void handBack() {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement release = connection.prepareStatement(
                     "UPDATE notification_outbox SET claimed_by = NULL WHERE claimed_by = ?")) {
            release.setObject(1, node);
            release.executeUpdate();
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
