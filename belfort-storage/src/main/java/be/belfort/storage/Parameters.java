package be.belfort.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/** Binds a list of query parameters in order; string arrays become SQL text arrays. */
public final class Parameters {
    private Parameters() {
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
