package be.belfort.storage;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** What identifies the database this platform keeps its data in, stable across restarts. */
public final class DatabaseIdentity {
    private DatabaseIdentity() {
    }

    /**
     * PostgreSQL's system identifier of the cluster with the database name; where reading it is not allowed
     * (a managed database), the database's name, server address and port.
     */
    public static String of(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            try (ResultSet row = statement.executeQuery(
                    "SELECT system_identifier::text || '/' || current_database() FROM pg_control_system()")) {
                row.next();
                return row.getString(1);
            } catch (SQLException notAllowed) {
                try (ResultSet row = statement.executeQuery("SELECT current_database() || '@'"
                        + " || coalesce(host(inet_server_addr()), 'local') || ':' || coalesce(inet_server_port(), 0)")) {
                    row.next();
                    return row.getString(1);
                }
            }
        } catch (SQLException e) {
            throw SqlFailures.translate(e);
        }
    }
}
