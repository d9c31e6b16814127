package be.belfort.storage;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Removes every row of a tenant the platform made for its own use (its warm-up at start): no client API removes a
 * tenant. The tables are those of the schema with a {@code tenant} column, found in the catalogue, so that a table
 * a later migration adds is purged too; the stored changes its notifications referred to go with them.
 */
public final class TenantPurge {
    private static final String TABLES_WITH_A_TENANT = """
            SELECT c.relname
              FROM pg_class c
              JOIN pg_namespace n ON n.oid = c.relnamespace
              JOIN pg_attribute a ON a.attrelid = c.oid
             WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition
               AND a.attname = 'tenant' AND NOT a.attisdropped
             ORDER BY c.relname""";

    private final DataSource dataSource;
    private final PostgresTenants tenants;
    private final EntityCache entityCache;

    /** @param entityCache forgets what it kept of the entities when a tenant goes */
    public TenantPurge(DataSource dataSource, PostgresTenants tenants, EntityCache entityCache) {
        this.dataSource = dataSource;
        this.tenants = tenants;
        this.entityCache = entityCache;
    }

    /** Removes the tenant and all its rows in one transaction; returns how many rows went. */
    public long purge(String tenant) {
        if (tenant.isEmpty()) {
            throw new IllegalArgumentException("The default tenant is never purged");
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                long removed = purge(connection, tenant);
                connection.commit();
                tenants.forget(tenant);
                return removed;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                entityCache.forgetAll();
            }
        } catch (SQLException e) {
            throw SqlFailures.translate(e);
        }
    }

    /** The tenants whose names start with the prefix and that were created before the cut-off, oldest first. */
    public List<String> named(String prefix, java.time.Instant createdBefore) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT name FROM tenants WHERE starts_with(name, ?) AND created_at < ? ORDER BY created_at")) {
            select.setString(1, prefix);
            select.setObject(2, java.time.OffsetDateTime.ofInstant(createdBefore, java.time.ZoneOffset.UTC));
            List<String> names = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    names.add(rows.getString(1));
                }
            }
            return names;
        } catch (SQLException e) {
            throw SqlFailures.translate(e);
        }
    }

    private static long purge(Connection connection, String tenant) throws SQLException {
        long removed = delete(connection, """
                DELETE FROM notification_changes WHERE id IN
                    (SELECT change_id FROM notification_outbox WHERE tenant = ? AND change_id IS NOT NULL)""", tenant);
        for (String table : tablesWithATenant(connection)) {
            if (!table.equals("tenants")) {
                removed += delete(connection, "DELETE FROM " + quoted(table) + " WHERE tenant = ?", tenant);
            }
        }
        return removed + delete(connection, "DELETE FROM tenants WHERE name = ?", tenant);
    }

    private static List<String> tablesWithATenant(Connection connection) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Statement select = connection.createStatement(); ResultSet rows = select.executeQuery(TABLES_WITH_A_TENANT)) {
            while (rows.next()) {
                tables.add(rows.getString(1));
            }
        }
        return tables;
    }

    private static long delete(Connection connection, String sql, String tenant) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(sql)) {
            delete.setString(1, tenant);
            return delete.executeLargeUpdate();
        }
    }

    /** A table name from the catalogue as an SQL identifier. */
    private static String quoted(String table) {
        return "\"" + table.replace("\"", "\"\"") + "\"";
    }
}
