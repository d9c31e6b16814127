package be.belfort.storage.subscriptions;

import be.belfort.model.EntityTransaction;
import be.belfort.storage.JdbcUnitOfWork;
import be.belfort.storage.JsonTexts;
import be.belfort.storage.SqlFailures;
import be.belfort.subscriptions.ChangeCodec;
import be.belfort.subscriptions.NotifiedChange;
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
import java.util.HashMap;
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
     * One statement whatever the number of notifications: each change they refer to is inserted once (its stored
     * form written out here, once), then a small row per notification that refers to it, in their order.
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
        UUID[] changeIds = new UUID[n];
        Timestamp[] created = new Timestamp[n];
        Map<NotifiedChange, Boolean> distinct = new IdentityHashMap<>();
        List<UUID> storedIds = new ArrayList<>();
        List<String> stored = new ArrayList<>();
        List<Timestamp> storedAt = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            PendingNotification notification = notifications.get(i);
            NotifiedChange change = notification.change();
            ids[i] = notification.id();
            tenants[i] = notification.tenant();
            subscriptions[i] = notification.subscriptionId();
            queues[i] = notification.queueKey();
            triggers[i] = notification.trigger().term();
            changeIds[i] = change.id();
            created[i] = Timestamp.from(notification.createdAt());
            if (distinct.put(change, Boolean.TRUE) == null) {
                storedIds.add(change.id());
                stored.add(ChangeCodec.write(change.change(), change.keepsBefore()).toString());
                storedAt.add(Timestamp.from(change.at()));
            }
        }
        try (PreparedStatement insert = connection.prepareStatement("""
                WITH changes AS (
                    INSERT INTO notification_changes (id, change, created_at)
                    SELECT * FROM ROWS FROM (unnest(?::uuid[]), jsonb_array_elements(?::jsonb), unnest(?::timestamptz[])))
                INSERT INTO notification_outbox (id, tenant, subscription_id, queue_key, trigger, change_id, created_at, claimed_by)
                SELECT n.id, n.tenant, n.subscription_id, n.queue_key, n.trigger, n.change_id, n.created_at, ?::uuid
                FROM unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::uuid[], ?::timestamptz[])
                         WITH ORDINALITY AS n(id, tenant, subscription_id, queue_key, trigger, change_id, created_at, position)
                ORDER BY n.position""")) {
            insert.setArray(1, connection.createArrayOf("uuid", storedIds.toArray()));
            insert.setString(2, JsonTexts.array(stored));
            insert.setArray(3, connection.createArrayOf("timestamptz", storedAt.toArray()));
            insert.setObject(4, node);
            insert.setArray(5, connection.createArrayOf("uuid", ids));
            insert.setArray(6, connection.createArrayOf("text", tenants));
            insert.setArray(7, connection.createArrayOf("text", subscriptions));
            insert.setArray(8, connection.createArrayOf("text", queues));
            insert.setArray(9, connection.createArrayOf("text", triggers));
            insert.setArray(10, connection.createArrayOf("uuid", changeIds));
            insert.setArray(11, connection.createArrayOf("timestamptz", created));
            insert.executeUpdate();
        } catch (SQLException e) {
            throw SqlFailures.translate(e);
        }
    }

    /** Each change is read once per call, however many of the notifications read refer to it. */
    @Override
    public List<PendingNotification> pending(String queueKey, int limit, Set<UUID> except) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("""
                     SELECT o.id, o.tenant, o.subscription_id, o.queue_key, o.trigger, o.created_at, o.data, o.change_id,
                            c.change, c.created_at
                     FROM notification_outbox o LEFT JOIN notification_changes c ON c.id = o.change_id
                     WHERE o.claimed_by = ? AND o.queue_key = ? AND o.id <> ALL (?) ORDER BY o.seq LIMIT ?""")) {
            select.setObject(1, node);
            select.setString(2, queueKey);
            select.setArray(3, connection.createArrayOf("uuid", except.toArray()));
            select.setInt(4, limit);
            List<PendingNotification> pending = new ArrayList<>();
            Map<UUID, NotifiedChange> changes = new HashMap<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    NotifiedChange change = change(rows, changes);
                    pending.add(new PendingNotification(rows.getObject(1, UUID.class), rows.getString(2), rows.getString(3),
                            rows.getString(4), Trigger.of(rows.getString(5)), change, rows.getTimestamp(6).toInstant()));
                }
            }
            return pending;
        } catch (SQLException e) {
            throw SqlFailures.translate(e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A notification in the outbox is not JSON", e);
        }
    }

    /** The change a notification row refers to; a row recorded by an earlier version carries its rendered data. */
    private NotifiedChange change(ResultSet rows, Map<UUID, NotifiedChange> changes) throws SQLException, JsonProcessingException {
        String rendered = rows.getString(7);
        if (rendered != null) {
            return NotifiedChange.rendered((ObjectNode) json.readTree(rendered));
        }
        UUID id = rows.getObject(8, UUID.class);
        NotifiedChange known = changes.get(id);
        if (known == null) {
            known = new NotifiedChange(id, ChangeCodec.read(json.readTree(rows.getString(9))), rows.getTimestamp(10).toInstant());
            changes.put(id, known);
        }
        return known;
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
             PreparedStatement delete = connection.prepareStatement("""
                     WITH gone AS (DELETE FROM notification_outbox WHERE id = ANY (?) RETURNING change_id)
                     DELETE FROM notification_changes c WHERE c.id IN (SELECT change_id FROM gone)
                     AND NOT EXISTS (SELECT 1 FROM notification_outbox o WHERE o.change_id = c.id AND o.id <> ALL (?))""")) {
            // The statement still sees the rows it deletes: those are left out of what keeps a change.
            java.sql.Array removed = connection.createArrayOf("uuid", ids.toArray());
            delete.setArray(1, removed);
            delete.setArray(2, removed);
            delete.executeUpdate();
        } catch (SQLException e) {
            throw SqlFailures.translate(e);
        }
    }

    @Override
    public void removeSubscription(String tenant, String subscriptionId) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement(
                     """
                     WITH gone AS (DELETE FROM notification_outbox WHERE tenant = ? AND subscription_id = ? RETURNING change_id)
                     DELETE FROM notification_changes c WHERE c.id IN (SELECT change_id FROM gone)
                     AND NOT EXISTS (SELECT 1 FROM notification_outbox o WHERE o.change_id = c.id
                                     AND NOT (o.tenant = ? AND o.subscription_id = ?))""")) {
            delete.setString(1, tenant);
            delete.setString(2, subscriptionId);
            delete.setString(3, tenant);
            delete.setString(4, subscriptionId);
            delete.executeUpdate();
        } catch (SQLException e) {
            throw SqlFailures.translate(e);
        }
    }

    /**
     * Removals of the last notifications of one change that run at the same time (on two nodes, or beside a removed
     * subscription) may each still see the other's: the change they leave is removed here.
     */
    @Override
    public int removeUnreferencedChanges() {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement("""
                     DELETE FROM notification_changes c
                     WHERE NOT EXISTS (SELECT 1 FROM notification_outbox o WHERE o.change_id = c.id)""")) {
            return delete.executeUpdate();
        } catch (SQLException e) {
            throw SqlFailures.translate(e);
        }
    }
}
