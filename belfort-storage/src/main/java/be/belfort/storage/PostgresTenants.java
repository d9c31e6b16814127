package be.belfort.storage;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tenants that exist: those someone has written to. Clients cannot remove a tenant, so one that was seen once
 * is remembered and asked of the database no more; only the platform removes one of its own ({@link TenantPurge}).
 */
public final class PostgresTenants {
    private final DataSource dataSource;
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    public PostgresTenants(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public boolean exists(String tenant) {
        if (known.contains(tenant)) {
            return true;
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT 1 FROM tenants WHERE name = ?")) {
            select.setString(1, tenant);
            try (ResultSet row = select.executeQuery()) {
                boolean exists = row.next();
                if (exists) {
                    known.add(tenant);
                }
                return exists;
            }
        } catch (SQLException e) {
            throw SqlFailures.translate(e);
        }
    }

    /** Whether the tenant is known to exist without asking the database. */
    public boolean isKnown(String tenant) {
        return known.contains(tenant);
    }

    /** Forgets a tenant that was removed, so that a later write creates it again. */
    void forget(String tenant) {
        known.remove(tenant);
    }

    /** Notes a tenant that a committed write created or used. */
    public void remember(String tenant) {
        known.add(tenant);
    }
}
