package be.belfort.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/** Binds a list of query parameters in order; string arrays become SQL text arrays. */
public final class Parameters {
    private Parameters() {
    }

    /**
     * A statement with the parameters bound, planned for their actual values at every execution. A generic plan
     * (which pgjdbc's server-side statements get after a few executions) cannot know how selective a tenant, a type,
     * a q or an array of ids is: it picked a full sort of a type over the id-order index, and for an aggregation of
     * 100 entities a plan that took 2.2 s where the plan for the values took 90 ms.
     */
    public static PreparedStatement plannedForValues(Connection connection, String sql, List<?> parameters)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            statement.unwrap(org.postgresql.PGStatement.class).setPrepareThreshold(0);
            bind(connection, statement, parameters);
            return statement;
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }

    public static void bind(Connection connection, PreparedStatement statement, List<?> parameters) throws SQLException {
        for (int i = 0; i < parameters.size(); i++) {
            if (parameters.get(i) instanceof String[] array) {
                statement.setArray(i + 1, connection.createArrayOf("text", array));
            } else {
                statement.setObject(i + 1, parameters.get(i));
            }
        }
    }
}
