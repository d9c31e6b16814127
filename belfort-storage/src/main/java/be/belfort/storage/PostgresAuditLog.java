package be.belfort.storage;

import be.belfort.security.AuditEntry;
import be.belfort.security.AuditLog;

import javax.sql.DataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The audit log in PostgreSQL. */
public final class PostgresAuditLog implements AuditLog {
    private final DataSource dataSource;

    public PostgresAuditLog(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void append(List<AuditEntry> entries) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("""
                     INSERT INTO audit_log (at, principal, role, tenant, operation, entity_id, attributes, status)
                     VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")) {
            for (AuditEntry entry : entries) {
                insert.setTimestamp(1, Timestamp.from(entry.at()));
                insert.setString(2, entry.principal());
                insert.setString(3, entry.role());
                insert.setString(4, entry.tenant());
                insert.setString(5, entry.operation());
                insert.setString(6, entry.entityId());
                insert.setArray(7, connection.createArrayOf("text", entry.attributes().toArray()));
                insert.setInt(8, entry.status());
                insert.addBatch();
            }
            insert.executeBatch();
        } catch (SQLException e) {
            throw PostgresEntityStore.storageFailure(e);
        }
    }

    @Override
    public List<AuditEntry> read(String tenant, Instant since, int limit) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("""
                     SELECT at, principal, role, tenant, operation, entity_id, attributes, status FROM audit_log
                     WHERE tenant = ? AND at >= ? ORDER BY at DESC, id DESC LIMIT ?""")) {
            select.setString(1, tenant);
            select.setTimestamp(2, Timestamp.from(since == null ? Instant.EPOCH : since));
            select.setInt(3, limit);
            List<AuditEntry> entries = new ArrayList<>();
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    Array attributes = row.getArray(7);
                    entries.add(new AuditEntry(row.getTimestamp(1).toInstant(), row.getString(2), row.getString(3),
                            row.getString(4), row.getString(5), row.getString(6),
                            Arrays.asList((String[]) attributes.getArray()), row.getInt(8)));
                }
            }
            return entries;
        } catch (SQLException e) {
            throw PostgresEntityStore.storageFailure(e);
        }
    }

    @Override
    public long removeBefore(Instant cutoff) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement("DELETE FROM audit_log WHERE at < ?")) {
            delete.setTimestamp(1, Timestamp.from(cutoff));
            return delete.executeUpdate();
        } catch (SQLException e) {
            throw PostgresEntityStore.storageFailure(e);
        }
    }
}
