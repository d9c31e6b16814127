package be.belfort.storage.subscriptions;

import be.belfort.model.ReadAccess;
import be.belfort.model.Reader;
import be.belfort.storage.SqlFailures;
import be.belfort.subscriptions.DeliveryStatus;
import be.belfort.subscriptions.Subscription;
import be.belfort.subscriptions.SubscriptionStore;

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
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Subscriptions in PostgreSQL: one row each, the payload as written and the delivery figures. */
public final class PostgresSubscriptionStore implements SubscriptionStore {
    private final DataSource dataSource;
    private final ObjectMapper json;

    public PostgresSubscriptionStore(DataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    @Override
    public boolean insert(Subscription subscription, JsonNode writtenContext, Reader owner) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("""
                     INSERT INTO subscriptions (tenant, id, payload, context, created_at, modified_at, owner_id,
                         owner_tenant, owner_role)
                     VALUES (?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")) {
            insert.setString(1, subscription.tenant());
            insert.setString(2, subscription.id());
            insert.setString(3, subscription.payload().toString());
            insert.setString(4, writtenContext.toString());
            insert.setTimestamp(5, Timestamp.from(subscription.createdAt()));
            insert.setTimestamp(6, Timestamp.from(subscription.modifiedAt()));
            insert.setString(7, owner.id());
            insert.setString(8, owner.tenant());
            insert.setString(9, owner.role());
            return insert.executeUpdate() == 1;
        } catch (SQLException e) {
            throw SqlFailures.translate(e);
        }
    }

    @Override
    public void update(Subscription subscription, JsonNode writtenContext) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement("""
                     UPDATE subscriptions SET payload = ?::jsonb, context = ?::jsonb, modified_at = ?
                     WHERE tenant = ? AND id = ?""")) {
            update.setString(1, subscription.payload().toString());
            update.setString(2, writtenContext.toString());
            update.setTimestamp(3, Timestamp.from(subscription.modifiedAt()));
            update.setString(4, subscription.tenant());
            update.setString(5, subscription.id());
            update.executeUpdate();
        } catch (SQLException e) {
            throw SqlFailures.translate(e);
        }
    }

    @Override
    public boolean delete(String tenant, String id) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement("DELETE FROM subscriptions WHERE tenant = ? AND id = ?")) {
            delete.setString(1, tenant);
            delete.setString(2, id);
            return delete.executeUpdate() == 1;
        } catch (SQLException e) {
            throw SqlFailures.translate(e);
        }
    }

    @Override
    public List<Stored> all() {
        return read("TRUE ORDER BY tenant, created_at, id");
    }

    @Override
    public Optional<Stored> find(String tenant, String id) {
        return read("tenant = ? AND id = ?", tenant, id).stream().findFirst();
    }

    private List<Stored> read(String condition, String... parameters) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("""
                     SELECT tenant, id, payload, context, created_at, modified_at, times_sent, times_failed,
                            last_notification, last_success, last_failure, failing, owner_id, owner_tenant, owner_role,
                            stopped_because, dropped, last_failure_reason
                     FROM subscriptions WHERE\s""" + condition)) {
            for (int i = 0; i < parameters.length; i++) {
                select.setString(i + 1, parameters[i]);
            }
            List<Stored> all = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    String tenant = rows.getString(1);
                    String id = rows.getString(2);
                    all.add(new Stored(tenant, id, (ObjectNode) json.readTree(rows.getString(3)), json.readTree(rows.getString(4)),
                            instant(rows, 5), instant(rows, 6),
                            new DeliveryStatus.Snapshot(tenant, id, rows.getLong(7), rows.getLong(8), instant(rows, 9),
                                    instant(rows, 10), instant(rows, 11), rows.getBoolean(12), rows.getString(16), rows.getLong(17),
                                    rows.getString(18)),
                            new Reader(rows.getString(13), rows.getString(14), rows.getString(15))));
                }
            }
            return all;
        } catch (SQLException e) {
            throw SqlFailures.translate(e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A stored subscription is not JSON", e);
        }
    }

    @Override
    public void saveStatus(Collection<DeliveryStatus.Snapshot> statuses) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement("""
                     UPDATE subscriptions SET times_sent = ?, times_failed = ?, last_notification = ?,
                            last_success = ?, last_failure = ?, failing = ?, stopped_because = ?, dropped = ?,
                            last_failure_reason = ?
                     WHERE tenant = ? AND id = ?""")) {
            for (DeliveryStatus.Snapshot status : statuses) {
                update.setLong(1, status.timesSent());
                update.setLong(2, status.timesFailed());
                update.setTimestamp(3, timestamp(status.lastNotification()));
                update.setTimestamp(4, timestamp(status.lastSuccess()));
                update.setTimestamp(5, timestamp(status.lastFailure()));
                update.setBoolean(6, status.failing());
                update.setString(7, status.stoppedBecause());
                update.setLong(8, status.dropped());
                update.setString(9, status.lastFailureReason());
                update.setString(10, status.tenant());
                update.setString(11, status.subscriptionId());
                update.addBatch();
            }
            update.executeBatch();
        } catch (SQLException e) {
            throw SqlFailures.translate(e);
        }
    }

    private static Instant instant(ResultSet row, int column) throws SQLException {
        Timestamp timestamp = row.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
