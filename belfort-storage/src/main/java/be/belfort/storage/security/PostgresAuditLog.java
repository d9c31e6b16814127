package be.belfort.storage.security;

import be.belfort.security.AuditEntry;
import be.belfort.security.AuditLog;
import be.belfort.security.AuditSearch;
import be.belfort.storage.EntityRows;
import be.belfort.storage.SqlFailures;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

/**
 * The audit log in PostgreSQL. Every entry it is given is written: texts PostgreSQL cannot store are escaped
 * ({@link AuditEntry#storable()}), and when a batch still fails its entries are written one by one, an entry
 * that fails alone in its {@link AuditEntry#safe()} form, so that one bad entry never takes others with it.
 */
public final class PostgresAuditLog implements AuditLog {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresAuditLog.class);
    private static final String INSERT = """
            INSERT INTO audit_log (at, principal, role, tenant, operation, entity_id, attributes, status)
            SELECT u.at, u.principal, u.role, u.tenant, u.operation, u.entity_id, u.attributes::text[], u.status
            FROM unnest(?::timestamptz[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int4[])
                AS u (at, principal, role, tenant, operation, entity_id, attributes, status)""";

    private final DataSource dataSource;

    public PostgresAuditLog(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void append(List<AuditEntry> entries) {
        List<AuditEntry> storable = entries.stream().map(AuditEntry::storable).toList();
        try (Connection connection = dataSource.getConnection()) {
            try {
                // One transaction: a batch that fails leaves nothing behind, so writing it again one by one
                // writes no entry twice.
                connection.setAutoCommit(false);
                insert(connection, storable);
                connection.commit();
            } catch (SQLException batchFailed) {
                connection.rollback();
                connection.setAutoCommit(true);
                LOG.warn("A batch of {} audit entries could not be written ({}); writing them one by one",
                        storable.size(), batchFailed.getMessage());
                for (AuditEntry entry : storable) {
                    appendAlone(connection, entry);
                }
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw SqlFailures.translate(e);
        }
    }

    /**
     * Writes one entry on its own; if even its safe form cannot be written (not for a lost connection, which
     * fails the whole append so that it is tried again), it is logged in full and the others go on.
     */
    private static void appendAlone(Connection connection, AuditEntry entry) throws SQLException {
        try {
            insert(connection, List.of(entry));
        } catch (SQLException failed) {
            if (isConnectionLost(failed)) {
                throw failed;
            }
            LOG.warn("An audit entry could not be written ({}); it is written in its escaped, shortened form",
                    failed.getMessage());
            try {
                insert(connection, List.of(entry.safe()));
            } catch (SQLException unsafe) {
                if (isConnectionLost(unsafe)) {
                    throw unsafe;
                }
                LOG.error("An audit entry could not be written even in its safe form ({}): {}", unsafe.getMessage(),
                        entry.safe());
            }
        }
    }

    private static boolean isConnectionLost(SQLException e) {
        return e.getSQLState() != null && e.getSQLState().startsWith("08");
    }

    /** All entries in one statement over arrays: one round trip and one plan, whatever their number. */
    private static void insert(Connection connection, List<AuditEntry> entries) throws SQLException {
        int size = entries.size();
        Timestamp[] at = new Timestamp[size];
        String[] principals = new String[size];
        String[] roles = new String[size];
        String[] tenants = new String[size];
        String[] operations = new String[size];
        String[] entityIds = new String[size];
        String[] attributes = new String[size];
        Integer[] statuses = new Integer[size];
        for (int i = 0; i < size; i++) {
            AuditEntry entry = entries.get(i);
            at[i] = Timestamp.from(entry.at());
            principals[i] = entry.principal();
            roles[i] = entry.role();
            tenants[i] = entry.tenant();
            operations[i] = entry.operation();
            entityIds[i] = entry.entityId();
            attributes[i] = EntityRows.arrayLiteral(entry.attributes());
            statuses[i] = entry.status();
        }
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            insert.setArray(1, connection.createArrayOf("timestamptz", at));
            insert.setArray(2, connection.createArrayOf("text", principals));
            insert.setArray(3, connection.createArrayOf("text", roles));
            insert.setArray(4, connection.createArrayOf("text", tenants));
            insert.setArray(5, connection.createArrayOf("text", operations));
            insert.setArray(6, connection.createArrayOf("text", entityIds));
            insert.setArray(7, connection.createArrayOf("text", attributes));
            insert.setArray(8, connection.createArrayOf("int4", statuses));
            insert.executeUpdate();
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
            return entries(select);
        } catch (SQLException e) {
            throw SqlFailures.translate(e);
        }
    }

    @Override
    public Page search(AuditSearch search) {
        StringBuilder where = new StringBuilder(" WHERE tenant = ?");
        List<Object> values = new ArrayList<>();
        values.add(search.tenant());
        if (search.principal() != null) {
            where.append(" AND principal = ?");
            values.add(search.principal());
        }
        if (search.entityId() != null) {
            where.append(" AND entity_id = ?");
            values.add(search.entityId());
        }
        if (search.operation() != null) {
            // a part of the operation, taken literally: LIKE's wildcards in it are escaped
            where.append(" AND operation LIKE ? ESCAPE '\\'");
            values.add("%" + search.operation().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        }
        if (search.succeeded() != null) {
            where.append(search.succeeded() ? " AND status < 400" : " AND status >= 400");
        }
        try (Connection connection = dataSource.getConnection()) {
            long total;
            try (PreparedStatement count = connection.prepareStatement("SELECT count(*) FROM audit_log" + where)) {
                bind(count, values);
                try (ResultSet row = count.executeQuery()) {
                    row.next();
                    total = row.getLong(1);
                }
            }
            try (PreparedStatement select = connection.prepareStatement("""
                    SELECT at, principal, role, tenant, operation, entity_id, attributes, status FROM audit_log"""
                    + where + " ORDER BY at DESC, id DESC OFFSET ? LIMIT ?")) {
                bind(select, values);
                select.setInt(values.size() + 1, search.offset());
                select.setInt(values.size() + 2, search.limit());
                return new Page(entries(select), total);
            }
        } catch (SQLException e) {
            throw SqlFailures.translate(e);
        }
    }

    private static void bind(PreparedStatement statement, List<Object> values) throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            statement.setObject(i + 1, values.get(i));
        }
    }

    private static List<AuditEntry> entries(PreparedStatement select) throws SQLException {
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
    }

    @Override
    public long removeBefore(Instant cutoff) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement("DELETE FROM audit_log WHERE at < ?")) {
            delete.setTimestamp(1, Timestamp.from(cutoff));
            return delete.executeUpdate();
        } catch (SQLException e) {
            throw SqlFailures.translate(e);
        }
    }
}
